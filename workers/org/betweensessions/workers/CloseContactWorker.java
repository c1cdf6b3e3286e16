package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** CloseContactTask in termination: contact closes, unless a crisis is open (then it is held). */
@Component
public class CloseContactWorker {

    private final Terminations terminations;

    public CloseContactWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_CLOSE_CONTACT)
    public Terminations.ContactClosing close(@Variable String terminationId) {
        return terminations.closeContact(UUID.fromString(terminationId));
    }
}
