package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.EpisodeOpened;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** OpenRiskEpisodeTask in safety-plan-checkins: the assignee, the safety plan's due and the review date. */
@Component
public class OpenRiskEpisodeWorker {

    private final SafetyPlanCheckins checkins;

    public OpenRiskEpisodeWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_OPEN_RISK_EPISODE)
    public EpisodeOpened open(ActivatedJob job, @Variable String episodeId, @Variable String riskReviewAfter) {
        return checkins.open(UUID.fromString(episodeId), job.getProcessInstanceKey(), Duration.parse(riskReviewAfter));
    }
}
