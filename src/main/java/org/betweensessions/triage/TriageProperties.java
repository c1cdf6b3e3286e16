package org.betweensessions.triage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Practice-wide numbers for triage and crisis response (response windows per route are in the
 * policy and the message-route decision table).
 *
 * @param crisisAcknowledgeWithin how long a crisis alert may go unacknowledged before it escalates
 *     (to the covering clinician, then the supervisor)
 * @param emergencyNumber the local emergency number quoted to clients
 * @param crisisDocumentationReminderBefore how long before the crisis documentation is due (the end
 *     of the day of the acknowledgement, in the acknowledger's time zone) the acknowledger is
 *     reminded; zero for no reminder
 * @param crisisDocumentationAtLeast the documentation is never due sooner than this after the
 *     acknowledgement (a crisis acknowledged at 23:30 is documented by 00:30, not by midnight)
 */
@ConfigurationProperties("bsc.triage")
public record TriageProperties(
        Duration crisisAcknowledgeWithin,
        String emergencyNumber,
        Duration crisisDocumentationReminderBefore,
        Duration crisisDocumentationAtLeast) {

    public TriageProperties {
        crisisAcknowledgeWithin = crisisAcknowledgeWithin == null ? Duration.ofMinutes(10) : crisisAcknowledgeWithin;
        emergencyNumber = emergencyNumber == null ? "911" : emergencyNumber;
        crisisDocumentationReminderBefore =
                crisisDocumentationReminderBefore == null ? Duration.ofHours(2) : crisisDocumentationReminderBefore;
        crisisDocumentationAtLeast =
                crisisDocumentationAtLeast == null ? Duration.ofHours(1) : crisisDocumentationAtLeast;
        if (crisisDocumentationReminderBefore.isNegative() || crisisDocumentationAtLeast.isNegative()) {
            throw new IllegalArgumentException("bsc.triage.crisis-documentation-* must not be negative");
        }
        if (crisisAcknowledgeWithin.isNegative() || crisisAcknowledgeWithin.isZero()) {
            throw new IllegalArgumentException("bsc.triage.crisis-acknowledge-within must be positive");
        }
    }
}
