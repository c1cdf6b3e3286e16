package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one way the application publishes a BPMN message. A message with a message id is published at
 * most once while buffered: publishing it again (a retry after a crash, a second application
 * instance) is answered ALREADY_EXISTS, which means the engine has it, so it counts as published. Any
 * other failure means the engine could not be reached: the caller keeps what it stored and publishes
 * again later (or, for a message nobody waits for, lets the database speak for it).
 */
@Component
public class EngineMessages {

    private static final Logger LOG = LoggerFactory.getLogger(EngineMessages.class);

    private final ObjectProvider<CamundaClient> camunda;

    EngineMessages(ObjectProvider<CamundaClient> camunda) {
        this.camunda = camunda;
    }

    /**
     * A BPMN message: {@code messageId} null for one that may be published more than once,
     * {@code timeToLive} zero for one that only an instance waiting right now may take.
     */
    public record EngineMessage(
            String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables) {}

    /** True when the engine has the message (now or from before); false when it was not reached. */
    public boolean publish(EngineMessage message) {
        return publish(message, null);
    }

    /** The same, waiting at most {@code requestTimeout} for the engine's answer. */
    public boolean publish(EngineMessage message, Duration requestTimeout) {
        try {
            var command = camunda.getObject()
                    .newPublishMessageCommand()
                    .messageName(message.name())
                    .correlationKey(message.correlationKey());
            var step = message.messageId() == null ? command : command.messageId(message.messageId());
            var ready = step.timeToLive(message.timeToLive()).variables(message.variables());
            (requestTimeout == null ? ready : ready.requestTimeout(requestTimeout))
                    .send()
                    .join();
            return true;
        } catch (ClientStatusException e) {
            if (e.getStatusCode() == Status.Code.ALREADY_EXISTS) {
                return true;
            }
            warn(message, e);
            return false;
        } catch (RuntimeException e) {
            warn(message, e);
            return false;
        }
    }

    private static void warn(EngineMessage message, RuntimeException e) {
        LOG.warn(
                "Engine unavailable; {} (correlation key {}) not published: {}",
                message.name(),
                message.correlationKey(),
                e.getMessage());
    }
}
