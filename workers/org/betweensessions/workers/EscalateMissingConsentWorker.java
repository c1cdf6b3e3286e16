package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.consent.IntakeConsent;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** EscalateMissingConsentTask in intake-consent: documents the escalation before the coordinator's task. */
@Component
public class EscalateMissingConsentWorker {

  private final IntakeConsent consent;

  public EscalateMissingConsentWorker(IntakeConsent consent) {
    this.consent = consent;
  }

  @JobWorker(type = ProcessIds.JOB_ESCALATE_MISSING_CONSENT)
  public void escalate(@Variable String requestId) {
    consent.escalate(UUID.fromString(requestId));
  }
}
