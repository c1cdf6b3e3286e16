package org.betweensessions.termination;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The BPMN messages of the termination process, correlated by client id (one open termination per
 * client): the start, and "client back in contact" (a message from the client or a booked session)
 * that stops a drop-out ending. Ids and categories only.
 */
@Component
class TerminationMessages {

    private static final Logger LOG = LoggerFactory.getLogger(TerminationMessages.class);
    private static final Duration START_TTL = Duration.ofHours(1);

    private final ObjectProvider<CamundaClient> camunda;

    TerminationMessages(ObjectProvider<CamundaClient> camunda) {
        this.camunda = camunda;
    }

    /** True when the engine took the start message (or already had it). */
    boolean publishStart(Termination t) {
        return publish(
                ProcessIds.TERMINATION_REQUESTED,
                t.getClientId(),
                "termination:" + t.getId(),
                START_TTL,
                Map.of(
                        "terminationId",
                        t.getId().toString(),
                        "clientId",
                        t.getClientId().toString()));
    }

    /** Heard only while a drop-out ending waits (confirmation, outreach, decision); else dropped. */
    void publishBackInContact(UUID clientId, String why, UUID about) {
        publish(
                ProcessIds.CLIENT_BACK_IN_CONTACT,
                clientId,
                "back-in-contact:" + about,
                Duration.ZERO,
                Map.of("stopReason", why));
    }

    /**
     * Ends the client's running termination instance (its event sub-process "Ending cancelled").
     * No time to live: a buffered cancellation must never reach a later ending of the same client.
     */
    boolean publishCancelled(Termination t) {
        return publish(
                ProcessIds.TERMINATION_CANCELLED,
                t.getClientId(),
                "termination-cancelled:" + t.getId(),
                Duration.ZERO,
                Map.of("stopReason", Termination.StopReason.CANCELLED.name()));
    }

    /**
     * Cancels one instance by key: for a cancellation that reaches the engine only after a later
     * ending of the same client started (a message by client id would end that one too). True when
     * it is gone.
     */
    boolean cancelInstance(long processInstanceKey) {
        try {
            camunda.getObject()
                    .newCancelInstanceCommand(processInstanceKey)
                    .send()
                    .join();
            return true;
        } catch (ClientStatusException e) {
            if (e.getStatusCode() == Status.Code.NOT_FOUND) {
                return true;
            }
            LOG.warn("Engine unavailable; instance {} not cancelled: {}", processInstanceKey, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Could not cancel instance {}: {}", processInstanceKey, e.getMessage());
            return false;
        }
    }

    private boolean publish(String name, UUID clientId, String messageId, Duration ttl, Map<String, Object> variables) {
        try {
            camunda.getObject()
                    .newPublishMessageCommand()
                    .messageName(name)
                    .correlationKey(clientId.toString())
                    .messageId(messageId)
                    .timeToLive(ttl)
                    .variables(variables)
                    .send()
                    .join();
            return true;
        } catch (ClientStatusException e) {
            if (e.getStatusCode() == Status.Code.ALREADY_EXISTS) {
                return true;
            }
            LOG.warn("Engine unavailable; {} for client {} not published: {}", name, clientId, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Could not publish {} for client {}: {}", name, clientId, e.getMessage());
            return false;
        }
    }
}
