package org.betweensessions.crisis;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/** One alert about one message at one escalation level (CLINICIAN, COVERING, SUPERVISOR). */
// Only changed columns are written: workers and the publisher update the same row concurrently, and
// a full-row update would put back values another transaction has just changed (lost update).
@DynamicUpdate
@Entity
public class StaffAlert extends AssignedIdEntity {

    @Id
    private UUID id;

    private UUID messageId;
    private String level;
    private String recipient;
    private Instant createdAt;
    /**
     * When this alert escalates to the next level if nobody acknowledges: computed once, when the alert
     * is made. Null on rows from before V60 (then createdAt + the configured window).
     */
    private Instant escalateAt;

    private Instant acknowledgedAt;
    private String acknowledgedBy;

    protected StaffAlert() {}

    StaffAlert(UUID messageId, String level, String recipient, Instant createdAt, Instant escalateAt) {
        this.id = UUID.randomUUID();
        this.messageId = messageId;
        this.level = level;
        this.recipient = recipient;
        this.createdAt = createdAt;
        this.escalateAt = escalateAt;
    }

    void acknowledged(String by, Instant at) {
        if (acknowledgedAt == null) {
            acknowledgedAt = at;
            acknowledgedBy = by;
        }
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getMessageId() {
        return messageId;
    }

    public String getLevel() {
        return level;
    }

    public String getRecipient() {
        return recipient;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The stored escalation time, or {@code createdAt + window} for rows from before it was stored. */
    public Instant escalateAt(Duration window) {
        return escalateAt != null ? escalateAt : createdAt.plus(window);
    }

    /** Fixes the escalation time of an alert made before its wait was decided (on receipt). */
    void escalateAfter(Duration within) {
        if (escalateAt == null) {
            escalateAt = createdAt.plus(within);
        }
    }

    public Instant getEscalateAt() {
        return escalateAt;
    }

    public Instant getAcknowledgedAt() {
        return acknowledgedAt;
    }

    public String getAcknowledgedBy() {
        return acknowledgedBy;
    }
}
