package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.AvailabilityCreep;
import org.springframework.stereotype.Component;

/** RecordAvailabilityResetTask: what the clinician chose in the reset prompt. */
@Component
public class RecordAvailabilityResetWorker {

    private final AvailabilityCreep creep;

    public RecordAvailabilityResetWorker(AvailabilityCreep creep) {
        this.creep = creep;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_AVAILABILITY_RESET)
    public void record(@Variable UUID promptId, @Variable String resetPlan) {
        creep.recordOutcome(promptId, resetPlan);
    }
}
