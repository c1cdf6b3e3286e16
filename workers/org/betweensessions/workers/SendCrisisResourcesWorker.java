package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SendCrisisResourcesTask: 988, the emergency number and cover, whatever the hour or channel. */
@Component
public class SendCrisisResourcesWorker {

    private final CrisisResponse crisis;

    public SendCrisisResourcesWorker(CrisisResponse crisis) {
        this.crisis = crisis;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_CRISIS_RESOURCES)
    public void send(@Variable UUID messageId) {
        crisis.sendResources(messageId);
    }
}
