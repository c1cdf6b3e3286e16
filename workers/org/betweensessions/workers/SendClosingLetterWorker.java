package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** SendClosingLetterTask in termination: the reviewed letter goes out; contact closes after the grace period. */
@Component
public class SendClosingLetterWorker {

  private final Terminations terminations;

  public SendClosingLetterWorker(Terminations terminations) {
    this.terminations = terminations;
  }

  @JobWorker(type = ProcessIds.JOB_SEND_CLOSING_LETTER)
  public Terminations.LetterSent send(@Variable String terminationId,
      @Variable Boolean letterApproved, @Variable String clinicianAssignee,
      @Variable String contactGrace) {
    return terminations.sendLetter(UUID.fromString(terminationId),
        Boolean.TRUE.equals(letterApproved), clinicianAssignee,
        contactGrace == null ? null : Duration.parse(contactGrace));
  }
}
