package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordSafetyPlanReviewTask in safety-plan-checkins: the review with the client, documented. */
@Component
public class RecordSafetyPlanReviewWorker {

    private final SafetyPlanCheckins checkins;

    public RecordSafetyPlanReviewWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_SAFETY_PLAN_REVIEW)
    public void record(
            @Variable UUID episodeId,
            @Variable String clinicianAssignee,
            @Variable Boolean safetyPlanReviewedWithClient,
            @Variable Boolean lethalMeansCounselled) {
        checkins.safetyPlanReviewed(
                episodeId,
                clinicianAssignee,
                Boolean.TRUE.equals(safetyPlanReviewedWithClient),
                Boolean.TRUE.equals(lethalMeansCounselled));
    }
}
