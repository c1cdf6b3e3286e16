package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordCrisisAcknowledgementTask: documents what was done and flags it for the next session. */
@Component
public class RecordCrisisAcknowledgementWorker {

  private final CrisisResponse crisis;

  public RecordCrisisAcknowledgementWorker(CrisisResponse crisis) {
    this.crisis = crisis;
  }

  @JobWorker(type = ProcessIds.JOB_RECORD_CRISIS_ACKNOWLEDGEMENT)
  public void record(@Variable UUID messageId, @Variable String acknowledgedBy,
      @Variable ContactMade contactMade, @Variable Boolean safetyAssessed, @Variable NextStep nextStep) {
    crisis.recordAcknowledgement(messageId, acknowledgedBy,
        contactMade, Boolean.TRUE.equals(safetyAssessed),
        nextStep);
  }
}
