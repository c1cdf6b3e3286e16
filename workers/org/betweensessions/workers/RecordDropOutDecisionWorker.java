package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** RecordDropOutDecisionTask in termination: the clinician's answer to "Confirm drop-out". */
@Component
public class RecordDropOutDecisionWorker {

    private final Terminations terminations;

    public RecordDropOutDecisionWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_DROP_OUT_DECISION)
    public Terminations.Decided record(
            @Variable String terminationId, @Variable String dropOutDecision, @Variable String clinicianAssignee) {
        return terminations.dropOutDecided(
                UUID.fromString(terminationId), "CONFIRM".equals(dropOutDecision), clinicianAssignee);
    }
}
