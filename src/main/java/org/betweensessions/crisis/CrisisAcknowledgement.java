package org.betweensessions.crisis;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** What the person who acknowledged a crisis did: structured facts, no free text. */
@Entity
public class CrisisAcknowledgement {

  /** How contact with the client was made (or attempted). */
  public enum ContactMade { PHONE_CALL, VIDEO_CALL, SECURE_MESSAGE, NO_ANSWER, EMERGENCY_SERVICES }

  public enum NextStep {
    SAFETY_PLAN_REVIEWED, SESSION_SCHEDULED, EMERGENCY_SERVICES_CALLED, MONITOR_AND_CHECK_IN,
    REFERRED_TO_HIGHER_CARE
  }

  @Id private UUID messageId;
  private String acknowledgedBy;
  private Instant acknowledgedAt;
  private String contactMade;
  private boolean safetyAssessed;
  private String nextStep;

  protected CrisisAcknowledgement() {}

  CrisisAcknowledgement(UUID messageId, String acknowledgedBy, Instant acknowledgedAt,
      ContactMade contactMade, boolean safetyAssessed, NextStep nextStep) {
    this.messageId = messageId;
    this.acknowledgedBy = acknowledgedBy;
    this.acknowledgedAt = acknowledgedAt;
    this.contactMade = contactMade.name();
    this.safetyAssessed = safetyAssessed;
    this.nextStep = nextStep.name();
  }

  public UUID getMessageId() {
    return messageId;
  }

  public String getAcknowledgedBy() {
    return acknowledgedBy;
  }

  public Instant getAcknowledgedAt() {
    return acknowledgedAt;
  }

  public String getContactMade() {
    return contactMade;
  }

  public boolean isSafetyAssessed() {
    return safetyAssessed;
  }

  public String getNextStep() {
    return nextStep;
  }
}
