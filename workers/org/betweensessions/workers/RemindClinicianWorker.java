package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.stereotype.Component;

/**
 * RemindClinicianTask and RemindCoordinatorTask: the BPMN maps reminderRecipient in (the assignee
 * of the open task); the reminder carries the message id only.
 */
@Component
public class RemindClinicianWorker {

    private final ResponseSlas slas;

    public RemindClinicianWorker(ResponseSlas slas) {
        this.slas = slas;
    }

    @JobWorker(type = ProcessIds.JOB_REMIND_CLINICIAN)
    public void remind(@Variable UUID messageId, @Variable String reminderRecipient) {
        slas.remind(messageId, reminderRecipient);
    }
}
