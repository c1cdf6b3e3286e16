package org.betweensessions.consent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Timing of the intake-consent process. The durations become process variables when an instance
 * starts ({@code =reminderAfter} etc. in the BPMN timers), so a change applies to new requests.
 *
 * @param reminderAfter first reminder to the client, counted from when the policy was sent
 * @param secondReminderAfter second reminder, counted from the same moment
 * @param escalateAfter the intake coordinator gets a follow-up task, counted from the same moment
 * @param coordinatorGroup Tasklist candidate group of the follow-up task
 */
@ConfigurationProperties("bsc.consent")
public record ConsentProperties(
        Duration reminderAfter, Duration secondReminderAfter, Duration escalateAfter, String coordinatorGroup) {

    public ConsentProperties {
        reminderAfter = reminderAfter == null ? Duration.ofDays(3) : reminderAfter;
        secondReminderAfter = secondReminderAfter == null ? Duration.ofDays(7) : secondReminderAfter;
        escalateAfter = escalateAfter == null ? Duration.ofDays(10) : escalateAfter;
        coordinatorGroup =
                coordinatorGroup == null || coordinatorGroup.isBlank() ? "intake-coordinators" : coordinatorGroup;
        if (reminderAfter.isNegative() || reminderAfter.isZero()) {
            throw new IllegalArgumentException("bsc.consent.reminder-after must be positive");
        }
        if (secondReminderAfter.compareTo(reminderAfter) <= 0) {
            throw new IllegalArgumentException(
                    "bsc.consent.second-reminder-after must be later than bsc.consent.reminder-after");
        }
        // The coordinator follows up "after two reminders" (form follow-up-missing-consent).
        if (escalateAfter.compareTo(secondReminderAfter) <= 0) {
            throw new IllegalArgumentException(
                    "bsc.consent.escalate-after must be later than bsc.consent.second-reminder-after");
        }
    }
}
