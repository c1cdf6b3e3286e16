package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** CloseCheckinsTask in safety-plan-checkins: no check-in stays open after the episode ends. */
@Component
public class CloseCheckinsWorker {

    private final SafetyPlanCheckins checkins;

    public CloseCheckinsWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_CLOSE_CHECKINS)
    public void close(@Variable String episodeId) {
        checkins.close(UUID.fromString(episodeId));
    }
}
