package org.betweensessions.consent;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.betweensessions.policy.CommunicationPolicy;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A request for one client's consent to the policy, at intake or again after a client-facing change,
 * carried out by one intake-consent process instance. The database, not the engine, is the source of
 * truth: a request the engine has not seen (or lost, in the in-memory engine) is handed to it again.
 */
// Only changed columns are written: workers and the publisher update the same row concurrently, and
// a full-row update would put back values another transaction has just changed (lost update).
@DynamicUpdate
@Entity
public class ConsentRequest {

    public enum Kind {
        INTAKE,
        RECONSENT
    }

    public enum Status {
        OPEN,
        CONSENTED,
        /** Treatment ended before the client consented: the reminders stop (the instance is cancelled). */
        WITHDRAWN
    }

    @Id
    private UUID id;

    private UUID clientId;
    private UUID policyId;
    private int policyVersion;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Enumerated(EnumType.STRING)
    private Status status;

    private Long processInstanceKey;
    private Instant publishedAt;
    private UUID consentId;
    private int remindersSent;
    private Instant escalatedAt;
    private Instant createdAt;
    private Instant completedAt;

    // Absolute deadlines (V62), computed once when the policy is first sent; the timers read them.
    private Instant policySentAt;
    private Instant reminderAt;
    private Instant secondReminderAt;
    private Instant escalateAt;
    private Instant followedUpAt;
    private String followedUpBy;

    /** Set while open: a unique key in V21 keeps a client to one open request. */
    private UUID openClientId;

    protected ConsentRequest() {}

    ConsentRequest(UUID clientId, CommunicationPolicy policy, Kind kind, Instant now) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.policyId = policy.getId();
        this.policyVersion = policy.getVersion();
        this.kind = kind;
        this.status = Status.OPEN;
        this.openClientId = clientId;
        this.createdAt = now;
    }

    /** The policy changed while the client had not yet answered: they are asked about the new one. */
    void retarget(CommunicationPolicy policy) {
        this.policyId = policy.getId();
        this.policyVersion = policy.getVersion();
    }

    void published(Instant at) {
        this.publishedAt = at;
    }

    void startedAs(long processInstanceKey) {
        this.processInstanceKey = processInstanceKey;
    }

    /**
     * The first time the policy goes out, the reminder and escalation times are fixed; later calls
     * (a rebuilt instance, a resend) keep them. Returns true when they were set now.
     */
    boolean policySent(Instant at, ConsentProperties timing) {
        if (policySentAt != null) {
            return false;
        }
        // DATETIME(6) keeps microseconds: the first instance gets the times exactly as stored, so a
        // rebuilt one (reading them back) has the very same ones.
        this.policySentAt = at.truncatedTo(ChronoUnit.MICROS);
        at = policySentAt;
        this.reminderAt = at.plus(timing.reminderAfter());
        this.secondReminderAt = at.plus(timing.secondReminderAfter());
        this.escalateAt = at.plus(timing.escalateAfter());
        return true;
    }

    void followedUp(Instant at, String by) {
        if (followedUpAt == null) {
            this.followedUpAt = at;
            this.followedUpBy = by;
        }
    }

    void consentRecorded(UUID consentId) {
        this.consentId = consentId;
    }

    void reminderSent(int number) {
        this.remindersSent = Math.max(remindersSent, number);
    }

    void escalated(Instant at) {
        if (escalatedAt == null) {
            this.escalatedAt = at;
        }
    }

    void withdrawn(Instant at) {
        this.status = Status.WITHDRAWN;
        this.openClientId = null;
        this.completedAt = at;
    }

    void completed(Instant at) {
        this.status = Status.CONSENTED;
        this.openClientId = null;
        this.completedAt = at;
    }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public UUID getId() {
        return id;
    }

    public UUID getClientId() {
        return clientId;
    }

    public UUID getPolicyId() {
        return policyId;
    }

    public int getPolicyVersion() {
        return policyVersion;
    }

    public Kind getKind() {
        return kind;
    }

    public Status getStatus() {
        return status;
    }

    public Long getProcessInstanceKey() {
        return processInstanceKey;
    }

    public Instant getPublishedAt() {
        return publishedAt;
    }

    public UUID getConsentId() {
        return consentId;
    }

    public int getRemindersSent() {
        return remindersSent;
    }

    public Instant getEscalatedAt() {
        return escalatedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public Instant getPolicySentAt() {
        return policySentAt;
    }

    public Instant getReminderAt() {
        return reminderAt;
    }

    public Instant getSecondReminderAt() {
        return secondReminderAt;
    }

    public Instant getEscalateAt() {
        return escalateAt;
    }

    public Instant getFollowedUpAt() {
        return followedUpAt;
    }

    public String getFollowedUpBy() {
        return followedUpBy;
    }
}
