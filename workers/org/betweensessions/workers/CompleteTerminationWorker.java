package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** CompleteTerminationTask in termination: the ending is complete (audited, with the retain-until date). */
@Component
public class CompleteTerminationWorker {

    private final Terminations terminations;

    public CompleteTerminationWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_COMPLETE_TERMINATION)
    public void complete(@Variable String terminationId) {
        terminations.complete(UUID.fromString(terminationId));
    }
}
