package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RemindToDocumentCrisisTask: the acknowledger (reminderRecipient) is reminded once. */
@Component
public class RemindCrisisDocumentationWorker {

    private final CrisisResponse crisis;

    public RemindCrisisDocumentationWorker(CrisisResponse crisis) {
        this.crisis = crisis;
    }

    @JobWorker(type = ProcessIds.JOB_REMIND_CRISIS_DOCUMENTATION)
    public void remind(@Variable UUID messageId, @Variable String reminderRecipient) {
        crisis.remindToDocument(messageId, reminderRecipient);
    }
}
