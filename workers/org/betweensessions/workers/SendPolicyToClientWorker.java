package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.consent.IntakeConsent;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * SendPolicyToClientTask in intake-consent: the policy document into the outbox, once per version;
 * the first time, the reminder and escalation times are fixed from the delays DecideConsentRemindersTask
 * took from the decision table (configuration where it gives none). Returns the stored times.
 */
@Component
public class SendPolicyToClientWorker {

    private final IntakeConsent consent;

    public SendPolicyToClientWorker(IntakeConsent consent) {
        this.consent = consent;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_POLICY_TO_CLIENT)
    public PolicySent send(
            @ProcessInstanceKey long processInstanceKey,
            @Variable UUID requestId,
            @Variable String reminderAfter,
            @Variable String secondReminderAfter,
            @Variable String escalateAfter) {
        IntakeConsent.PolicySent sent = consent.sendPolicy(
                requestId,
                processInstanceKey,
                duration(reminderAfter),
                duration(secondReminderAfter),
                duration(escalateAfter));
        return new PolicySent(
                sent.policyVersion(),
                sent.channel(),
                sent.reminderAt().toString(),
                sent.secondReminderAt().toString(),
                sent.escalateAt().toString(),
                sent.reviewRecorded());
    }

    /** An ISO-8601 duration from the decision table (P3D, PT1M), or null for the configuration's. */
    private static Duration duration(String iso) {
        return iso == null || iso.isBlank() ? null : Duration.parse(iso.trim());
    }

    /**
     * reminderAt, secondReminderAt, escalateAt: stored ISO instants the timers read (timeDate), the
     * same in a rebuilt instance. reviewRecorded: the clinician's review is stored already.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PolicySent(
            Integer policyVersion,
            String policySentVia,
            String reminderAt,
            String secondReminderAt,
            String escalateAt,
            Boolean reviewRecorded) {}
}
