package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.stereotype.Component;

/**
 * RecordSlaBreachReviewTask: the supervisor's conclusion from the review form (the cause, and whether
 * the client has an answer or knows when to expect one).
 */
@Component
public class RecordSlaBreachReviewWorker {

    private final ResponseSlas slas;

    public RecordSlaBreachReviewWorker(ResponseSlas slas) {
        this.slas = slas;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_SLA_BREACH_REVIEW)
    public void record(
            @Variable UUID messageId,
            @Variable String breachCause,
            @Variable String supervisorAssignee,
            @Variable Boolean clientContacted) {
        slas.recordReview(messageId, breachCause, supervisorAssignee, Boolean.TRUE.equals(clientContacted));
    }
}
