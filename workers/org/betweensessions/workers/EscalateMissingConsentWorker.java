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
    public FollowUp escalate(@Variable UUID requestId) {
        return new FollowUp(consent.escalate(requestId));
    }

    /** followUpRecorded: the coordinator's follow-up is stored already (a rebuilt instance). */
    public record FollowUp(boolean followUpRecorded) {}
}
