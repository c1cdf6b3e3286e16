package org.betweensessions.message;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When between-session contact ends, the client's messages still waiting for an answer are closed
 * with a reason: each one's message-triage instance (its answer task, reminder and SLA timers) is
 * cancelled through the engine, then the message is marked closed, so reconciliation, which drives
 * again only messages still awaiting an answer, leaves it alone. An unacknowledged crisis is never
 * closed here (the ending waits for it).
 */
@Service
public class OpenAnswers {

    private final MessageRepository messages;
    private final CamundaClient camunda;
    private final AuditTrail audit;

    OpenAnswers(MessageRepository messages, CamundaClient camunda, AuditTrail audit) {
        this.messages = messages;
        this.camunda = camunda;
        this.audit = audit;
    }

    /** Idempotent: a message closed already is skipped; an instance already gone is fine. */
    @Transactional
    public List<UUID> closeForEndedContact(UUID clientId, String reason, String by) {
        List<UUID> closed = new ArrayList<>();
        for (UUID id : messages.findAwaitingAnswerOfClient(clientId)) {
            Message message = messages.findForUpdate(id).orElse(null);
            if (message == null || message.getStatus() != MessageStatus.AWAITING_RESPONSE) {
                continue;
            }
            Long key = message.getProcessInstanceKey();
            if (key != null) {
                cancel(key);
            }
            message.closedWithoutAnswer();
            audit.record(
                    by,
                    "MESSAGE_CLOSED_WITHOUT_ANSWER",
                    "MESSAGE",
                    id,
                    Map.of("reason", reason, "clientId", clientId.toString(), "instance", String.valueOf(key)));
            closed.add(id);
        }
        return closed;
    }

    private void cancel(long key) {
        try {
            camunda.newCancelInstanceCommand(key).send().join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }
}
