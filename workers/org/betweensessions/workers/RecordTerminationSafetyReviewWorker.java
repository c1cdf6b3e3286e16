package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/**
 * RecordSafetyReviewTask in termination: the supervisor's decision; "proceed" while a crisis is open
 * holds the ending at the review (safetyCleared false, no stopReason).
 */
@Component
public class RecordTerminationSafetyReviewWorker {

    private final Terminations terminations;

    public RecordTerminationSafetyReviewWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_SAFETY_REVIEW)
    public Terminations.SafetyReviewed record(
            @Variable String terminationId,
            @Variable String safetyReviewDecision,
            @Variable String supervisorAssignee) {
        return terminations.safetyReviewed(UUID.fromString(terminationId), safetyReviewDecision, supervisorAssignee);
    }
}
