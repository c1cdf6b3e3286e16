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
 */
@ConfigurationProperties("bsc.triage")
public record TriageProperties(Duration crisisAcknowledgeWithin, String emergencyNumber) {

  public TriageProperties {
    crisisAcknowledgeWithin = crisisAcknowledgeWithin == null ? Duration.ofMinutes(10)
        : crisisAcknowledgeWithin;
    emergencyNumber = emergencyNumber == null ? "911" : emergencyNumber;
    if (crisisAcknowledgeWithin.isNegative() || crisisAcknowledgeWithin.isZero()) {
      throw new IllegalArgumentException("bsc.triage.crisis-acknowledge-within must be positive");
    }
  }
}
