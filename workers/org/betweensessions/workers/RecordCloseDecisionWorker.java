package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** RecordCloseDecisionTask in termination: "Decide: close or continue" into the audit trail. */
@Component
public class RecordCloseDecisionWorker {

    private final Terminations terminations;

    public RecordCloseDecisionWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_CLOSE_DECISION)
    public Terminations.Decided record(
            @Variable String terminationId, @Variable String closeDecision, @Variable String clinicianAssignee) {
        return terminations.closeDecided(UUID.fromString(terminationId), closeDecision, clinicianAssignee);
    }
}
