package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/**
 * RecordEndingDiscussedTask in termination: the discussion, the clinician's confirmation that it
 * was held with the client (endingDiscussed) and whether further care is advised.
 */
@Component
public class RecordEndingDiscussedWorker {

    private final Terminations terminations;

    public RecordEndingDiscussedWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_ENDING_DISCUSSED)
    public void record(
            @Variable String terminationId,
            @Variable(optional = true) Boolean endingDiscussed,
            @Variable Boolean furtherCareAdvised,
            @Variable String clinicianAssignee) {
        terminations.discussed(
                UUID.fromString(terminationId),
                Boolean.TRUE.equals(endingDiscussed),
                Boolean.TRUE.equals(furtherCareAdvised),
                clinicianAssignee);
    }
}
