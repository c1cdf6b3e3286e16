package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** OpenTerminationTask in termination: the instance is the ending's; the safety facts for the gate. */
@Component
public class OpenTerminationWorker {

    private final Terminations terminations;

    public OpenTerminationWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_OPEN_TERMINATION)
    public Terminations.Opened open(ActivatedJob job, @Variable String terminationId) {
        return terminations.open(UUID.fromString(terminationId), job.getProcessInstanceKey());
    }
}
