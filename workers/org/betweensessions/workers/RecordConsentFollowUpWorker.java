package org.betweensessions.workers;

import io.camunda.client.annotation.ElementInstanceKey;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.consent.IntakeConsent;
import org.betweensessions.consent.IntakeConsent.FollowUpOutcome;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordConsentFollowUpTask in intake-consent: the coordinator's outcome into the audit trail. */
@Component
public class RecordConsentFollowUpWorker {

    private final IntakeConsent consent;

    public RecordConsentFollowUpWorker(IntakeConsent consent) {
        this.consent = consent;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_CONSENT_FOLLOW_UP)
    public void record(
            @ElementInstanceKey long elementInstanceKey,
            @Variable UUID requestId,
            @Variable FollowUpOutcome followUpOutcome,
            @Variable String followedUpBy) {
        // The element instance of this step names the follow-up: a job done twice records it once.
        consent.recordFollowUp(requestId, followUpOutcome, followedUpBy, elementInstanceKey);
    }
}
