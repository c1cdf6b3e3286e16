package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.consent.IntakeConsent;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SendFirstReminderTask and SendSecondReminderTask in intake-consent (reminderNumber 1 or 2). */
@Component
public class SendConsentReminderWorker {

    private final IntakeConsent consent;

    public SendConsentReminderWorker(IntakeConsent consent) {
        this.consent = consent;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_CONSENT_REMINDER)
    public ReminderSent remind(@Variable UUID requestId, @Variable Integer reminderNumber) {
        boolean sent = consent.remind(requestId, reminderNumber);
        return new ReminderSent(sent ? reminderNumber : null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReminderSent(Integer lastReminderSent) {}
}
