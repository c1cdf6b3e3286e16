package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordRiskReviewTask in safety-plan-checkins: the risk stays high; the next review date. */
@Component
public class RecordRiskReviewWorker {

    private final SafetyPlanCheckins checkins;

    public RecordRiskReviewWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_RISK_REVIEW)
    public RiskReviewed record(
            @Variable String episodeId,
            @Variable(optional = true) CssrsLevel rerateCssrsLevel,
            @Variable String clinicianAssignee,
            @Variable String riskReviewAfter) {
        return new RiskReviewed(checkins.riskReviewed(
                UUID.fromString(episodeId), rerateCssrsLevel, clinicianAssignee, Duration.parse(riskReviewAfter)));
    }

    public record RiskReviewed(String riskReviewDueAt) {}
}
