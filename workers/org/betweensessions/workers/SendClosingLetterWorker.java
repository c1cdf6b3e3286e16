package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/**
 * SendClosingLetterTask in termination: the reviewed letter goes out; the clinician's approval
 * (letterApproved) is audited with it; contact closes after the grace period.
 */
@Component
public class SendClosingLetterWorker {

    private final Terminations terminations;

    public SendClosingLetterWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_CLOSING_LETTER)
    public Terminations.LetterSent send(
            @Variable String terminationId,
            @Variable String clinicianAssignee,
            @Variable(optional = true) Boolean letterApproved,
            @Variable String contactGrace) {
        return terminations.sendLetter(
                UUID.fromString(terminationId),
                clinicianAssignee,
                Boolean.TRUE.equals(letterApproved),
                contactGrace == null ? null : Duration.parse(contactGrace));
    }
}
