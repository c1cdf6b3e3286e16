package org.betweensessions.crisis;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/**
 * Who said "I'm on it" for a crisis, and later what they did: structured facts, no free text. The
 * acknowledgement stops the escalation; the documentation (contact made, safety, next step) follows
 * by {@code documentationDueAt}, the same day.
 */
@Entity
public class CrisisAcknowledgement {

    /** How contact with the client was made (or attempted). */
    public enum ContactMade {
        PHONE_CALL,
        VIDEO_CALL,
        SECURE_MESSAGE,
        NO_ANSWER,
        EMERGENCY_SERVICES
    }

    public enum NextStep {
        SAFETY_PLAN_REVIEWED,
        SESSION_SCHEDULED,
        EMERGENCY_SERVICES_CALLED,
        MONITOR_AND_CHECK_IN,
        REFERRED_TO_HIGHER_CARE
    }

    @Id
    private UUID messageId;

    private String acknowledgedBy;
    private Instant acknowledgedAt;
    private String contactMade;
    private Boolean safetyAssessed;
    private String nextStep;
    private Instant documentationDueAt;
    private Instant documentationReminderAt;
    private String documentedBy;
    private Instant documentedAt;

    protected CrisisAcknowledgement() {}

    CrisisAcknowledgement(
            UUID messageId,
            String acknowledgedBy,
            Instant acknowledgedAt,
            Instant documentationDueAt,
            Instant documentationReminderAt) {
        this.messageId = messageId;
        this.acknowledgedBy = acknowledgedBy;
        this.acknowledgedAt = acknowledgedAt;
        this.documentationDueAt = documentationDueAt;
        this.documentationReminderAt = documentationReminderAt;
    }

    void documented(String by, Instant at, ContactMade contactMade, boolean safetyAssessed, NextStep nextStep) {
        this.documentedBy = by;
        this.documentedAt = at;
        this.contactMade = contactMade.name();
        this.safetyAssessed = safetyAssessed;
        this.nextStep = nextStep.name();
    }

    public boolean isDocumented() {
        return documentedAt != null;
    }

    public Instant getDocumentationDueAt() {
        return documentationDueAt;
    }

    /** Null when the practice wants no reminder. */
    public Instant getDocumentationReminderAt() {
        return documentationReminderAt;
    }

    public String getDocumentedBy() {
        return documentedBy;
    }

    public Instant getDocumentedAt() {
        return documentedAt;
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
        return Boolean.TRUE.equals(safetyAssessed);
    }

    public String getNextStep() {
        return nextStep;
    }
}
