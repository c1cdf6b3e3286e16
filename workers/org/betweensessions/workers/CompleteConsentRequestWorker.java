package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.consent.IntakeConsent;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** CompleteConsentRequestTask in intake-consent: closes the request and thanks the client. */
@Component
public class CompleteConsentRequestWorker {

    private final IntakeConsent consent;

    public CompleteConsentRequestWorker(IntakeConsent consent) {
        this.consent = consent;
    }

    @JobWorker(type = ProcessIds.JOB_COMPLETE_CONSENT_REQUEST)
    public void complete(@Variable UUID requestId, @Variable UUID consentId) {
        consent.complete(requestId, consentId);
    }
}
