package org.betweensessions.consent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.betweensessions.client.EmergencyContactDetails;
import org.betweensessions.consent.ConsentReview.Arrangement;
import org.betweensessions.message.Channel;

/**
 * The fields of the "Review communication policy with client" form (forms/review-communication-policy.form);
 * the same names as the form's keys, so Tasklist and the API complete the task alike.
 * {@code smsReminders}: whether the client agreed to appointment reminders by SMS (AGREED only where the
 * policy offers them; absent = NOT_AGREED), recorded in the audit trail with the review.
 * {@code emergencyContact}: optional, through the API only (never a form field or process variable):
 * the client's emergency contact and their consent to it being contacted after missed check-ins.
 */
public record ReviewChoices(
        @NotNull Channel preferredChannel,
        boolean understoodChannels,
        boolean understoodContactKinds,
        boolean understoodResponseTime,
        boolean understoodCrisisPlan,
        @NotNull Arrangement arrangement,
        SmsReminderChoice smsReminders,
        @Valid EmergencyContactDetails emergencyContact) {

    /** The client's answer about appointment reminders by SMS. */
    public enum SmsReminderChoice {
        AGREED,
        NOT_AGREED
    }

    public ReviewChoices(
            Channel preferredChannel,
            boolean understoodChannels,
            boolean understoodContactKinds,
            boolean understoodResponseTime,
            boolean understoodCrisisPlan,
            Arrangement arrangement,
            SmsReminderChoice smsReminders) {
        this(
                preferredChannel,
                understoodChannels,
                understoodContactKinds,
                understoodResponseTime,
                understoodCrisisPlan,
                arrangement,
                smsReminders,
                null);
    }

    public ReviewChoices(
            Channel preferredChannel,
            boolean understoodChannels,
            boolean understoodContactKinds,
            boolean understoodResponseTime,
            boolean understoodCrisisPlan,
            Arrangement arrangement) {
        this(
                preferredChannel,
                understoodChannels,
                understoodContactKinds,
                understoodResponseTime,
                understoodCrisisPlan,
                arrangement,
                null);
    }

    public boolean agreesToSmsReminders() {
        return smsReminders == SmsReminderChoice.AGREED;
    }
}
