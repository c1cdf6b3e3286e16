package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * EndSafetyCheckinsTask in termination: a running safety-plan-checkins instance ends through the
 * engine (message safety-checkins-ended); the episode is ended in the database first.
 */
@Component
public class EndSafetyCheckinsWorker {

    private final SafetyPlanCheckins checkins;

    public EndSafetyCheckinsWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_END_SAFETY_CHECKINS)
    public void end(@Variable String clientId) {
        checkins.endForClient(UUID.fromString(clientId), EndReason.TERMINATED, "termination");
    }
}
