package org.betweensessions.workers;

import io.camunda.client.annotation.ElementInstanceKey;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.PostCrisisReviewOpened;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * OpenPostCrisisReviewTask in safety-plan-checkins (event subprocess "Crisis during check-ins"): the
 * review's assignee and stored due time, or postCrisisReviewDuplicate for a second delivery.
 */
@Component
public class OpenPostCrisisReviewWorker {

    private final SafetyPlanCheckins checkins;

    public OpenPostCrisisReviewWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_OPEN_POST_CRISIS_REVIEW)
    public PostCrisisReviewOpened open(
            @ProcessInstanceKey long processInstanceKey,
            @ElementInstanceKey long elementInstanceKey,
            @Variable String episodeId,
            @Variable String crisisMessageId,
            @Variable String postCrisisReviewWithin) {
        return checkins.openPostCrisisReview(
                UUID.fromString(episodeId),
                UUID.fromString(crisisMessageId),
                processInstanceKey,
                elementInstanceKey,
                Duration.parse(postCrisisReviewWithin));
    }
}
