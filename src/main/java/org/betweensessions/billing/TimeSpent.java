package org.betweensessions.billing;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** Minutes spent on one message's answer or one crisis, and the billable units they make. */
@Entity
public class TimeSpent {

    /** What the time was spent on. */
    public enum Kind {
        ANSWER,
        CRISIS
    }

    @Id
    private UUID id;

    private UUID messageId;
    private UUID clientId;
    private String kind;
    private String category;
    private String recordedBy;
    private Instant spentAt;
    private int minutes;
    private int billableUnits;
    private Integer policyVersion;
    private Integer billableAfterMinutes;
    private Integer incrementMinutes;

    protected TimeSpent() {}

    TimeSpent(
            UUID messageId,
            UUID clientId,
            Kind kind,
            String category,
            String recordedBy,
            Instant spentAt,
            int minutes,
            int billableUnits,
            Integer policyVersion,
            Integer billableAfterMinutes,
            Integer incrementMinutes) {
        this.id = UUID.randomUUID();
        this.messageId = messageId;
        this.clientId = clientId;
        this.kind = kind.name();
        this.category = category;
        this.recordedBy = recordedBy;
        this.spentAt = spentAt;
        this.minutes = minutes;
        this.billableUnits = billableUnits;
        this.policyVersion = policyVersion;
        this.billableAfterMinutes = billableAfterMinutes;
        this.incrementMinutes = incrementMinutes;
    }

    public UUID getId() {
        return id;
    }

    public UUID getMessageId() {
        return messageId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public String getKind() {
        return kind;
    }

    public String getCategory() {
        return category;
    }

    public String getRecordedBy() {
        return recordedBy;
    }

    public Instant getSpentAt() {
        return spentAt;
    }

    public int getMinutes() {
        return minutes;
    }

    public int getBillableUnits() {
        return billableUnits;
    }

    public Integer getPolicyVersion() {
        return policyVersion;
    }
}
