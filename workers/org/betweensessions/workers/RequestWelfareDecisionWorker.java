package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.WelfareTask;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RequestWelfareDecisionTask (the clinician) and EscalateWelfareDecisionTask (covering clinician,
 * then supervisor) in safety-plan-checkins: who decides, and until when, stored.
 */
@Component
public class RequestWelfareDecisionWorker {

    private final SafetyPlanCheckins checkins;

    public RequestWelfareDecisionWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_REQUEST_WELFARE_DECISION)
    public WelfareTask request(
            @Variable String checkinId, @Variable Boolean escalate, @Variable String welfareAcknowledgeWithin) {
        return checkins.welfare(
                UUID.fromString(checkinId), Boolean.TRUE.equals(escalate), Duration.parse(welfareAcknowledgeWithin));
    }
}
