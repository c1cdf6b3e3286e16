package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.message.OpenAnswers;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * CloseOpenMessagesTask in termination: messages still awaiting an answer are closed with the reason
 * "treatment ended"; their message-triage instances (answer task, reminder and SLA timers) are
 * cancelled through the engine.
 */
@Component
public class CloseOpenMessagesWorker {

    private final OpenAnswers openAnswers;

    public CloseOpenMessagesWorker(OpenAnswers openAnswers) {
        this.openAnswers = openAnswers;
    }

    @JobWorker(type = ProcessIds.JOB_CLOSE_OPEN_MESSAGES)
    public void close(@Variable String clientId) {
        openAnswers.closeForEndedContact(UUID.fromString(clientId), "TREATMENT_ENDED", "termination");
    }
}
