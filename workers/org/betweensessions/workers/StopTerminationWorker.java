package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Termination.StopReason;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/**
 * StopTerminationTask in termination: the ending stops; stopReason comes from the client being back
 * in contact (the message's variable), the supervisor, or the clinician.
 */
@Component
public class StopTerminationWorker {

    private final Terminations terminations;

    public StopTerminationWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_STOP_TERMINATION)
    public void stop(@Variable String terminationId, @Variable StopReason stopReason) {
        terminations.stop(UUID.fromString(terminationId), stopReason, null);
    }
}
