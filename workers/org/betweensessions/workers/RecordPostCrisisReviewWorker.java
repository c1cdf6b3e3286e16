package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordPostCrisisReviewTask in safety-plan-checkins: the post-crisis review is done; the
 * clinician's confirmation that it was held with the client is audited with it.
 */
@Component
public class RecordPostCrisisReviewWorker {

    private final SafetyPlanCheckins checkins;

    public RecordPostCrisisReviewWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_POST_CRISIS_REVIEW)
    public void record(
            @Variable String postCrisisReviewId,
            @Variable String postCrisisAssignee,
            @Variable(optional = true) Boolean postCrisisReviewedWithClient,
            @Variable(optional = true) Boolean postCrisisSafetyPlanUpdated) {
        checkins.postCrisisReviewed(
                UUID.fromString(postCrisisReviewId),
                postCrisisAssignee,
                Boolean.TRUE.equals(postCrisisReviewedWithClient),
                postCrisisSafetyPlanUpdated);
    }
}
