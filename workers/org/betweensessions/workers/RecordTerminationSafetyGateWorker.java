package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** RecordSafetyGateTask in termination: the termination-safety-gate outcome into the audit trail. */
@Component
public class RecordTerminationSafetyGateWorker {

    private final Terminations terminations;

    public RecordTerminationSafetyGateWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_SAFETY_GATE)
    public void record(@Variable String terminationId, @Variable String safetyGate, @Variable String safetyGateReason) {
        terminations.safetyGate(UUID.fromString(terminationId), safetyGate, safetyGateReason);
    }
}
