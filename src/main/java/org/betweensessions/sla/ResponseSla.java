package org.betweensessions.sla;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * The response promise for one message and what became of it: due time and reminder point from the
 * clinician's business calendar, then reminded, breached, answered (with the measured response time).
 * One row per message, so every worker that writes here is idempotent by the message id.
 */
// Only changed columns are written: workers and the publisher update the same row concurrently, and
// a full-row update would put back values another transaction has just changed (lost update).
@DynamicUpdate
@Entity
public class ResponseSla {

    @Id
    private UUID messageId;

    private UUID clientId;
    /** The client's own clinician (null for an unknown sender). */
    private UUID clinicianId;
    /** Who must answer: the (covering) clinician, or the intake coordinator. */
    private String assignee;

    private String route;
    private String category;
    /** The resolved window, e.g. 24BH (never POLICY). */
    private String windowKey;

    private Instant receivedAt;
    private Instant dueAt;
    private Instant reminderAt;
    /** Business time between receipt and due time (elapsed time for calendar-hour windows). */
    private long windowSeconds;

    private Instant remindedAt;
    private Instant breachedAt;
    private Instant answeredAt;
    private String answeredBy;
    /** Office time between receipt and answer: what the promise is measured in. */
    private Long businessSeconds;
    /** Real time between receipt and answer: what the client lived through. */
    private Long elapsedSeconds;

    private Boolean onTime;
    private Boolean outsideOfficeHours;
    private String reviewOutcome;
    private String reviewedBy;
    private Instant reviewedAt;

    protected ResponseSla() {}

    public ResponseSla(
            UUID messageId,
            UUID clientId,
            UUID clinicianId,
            String assignee,
            String route,
            String category,
            String windowKey,
            Instant receivedAt,
            Instant dueAt,
            Instant reminderAt,
            Duration window) {
        this.messageId = messageId;
        this.clientId = clientId;
        this.clinicianId = clinicianId;
        this.assignee = assignee;
        this.route = route;
        this.category = category == null ? "UNCLASSIFIED" : category;
        this.windowKey = windowKey;
        this.receivedAt = receivedAt;
        this.dueAt = dueAt;
        this.reminderAt = reminderAt;
        this.windowSeconds = window.toSeconds();
    }

    /** @return false when the reminder was already recorded (a redelivered job) */
    boolean reminded(Instant at) {
        if (remindedAt != null) {
            return false;
        }
        remindedAt = at;
        return true;
    }

    /** @return false when the breach was already recorded (a redelivered job) */
    boolean breached(Instant at) {
        if (breachedAt != null) {
            return false;
        }
        breachedAt = at;
        return true;
    }

    /** @return false when the answer was already recorded */
    boolean answered(Instant at, String by, Duration business, boolean outsideHours) {
        if (answeredAt != null) {
            return false;
        }
        answeredAt = at;
        answeredBy = by;
        businessSeconds = business.toSeconds();
        elapsedSeconds = Duration.between(receivedAt, at).toSeconds();
        // A recorded breach stays a breach, even when the clocks disagree by a few seconds.
        onTime = breachedAt == null && !at.isAfter(dueAt);
        outsideOfficeHours = outsideHours;
        return true;
    }

    /** Another person answers (a covering clinician); the times on their calendar. */
    void reassigned(String assignee, Instant dueAt, Instant reminderAt) {
        this.assignee = assignee;
        this.dueAt = dueAt;
        this.reminderAt = reminderAt;
    }

    void reviewed(String outcome, String by, Instant at) {
        if (reviewedAt == null) {
            reviewOutcome = outcome;
            reviewedBy = by;
            reviewedAt = at;
        }
    }

    public UUID getMessageId() {
        return messageId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public String getAssignee() {
        return assignee;
    }

    public String getRoute() {
        return route;
    }

    public String getCategory() {
        return category;
    }

    public String getWindowKey() {
        return windowKey;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public Instant getReminderAt() {
        return reminderAt;
    }

    public long getWindowSeconds() {
        return windowSeconds;
    }

    public Instant getRemindedAt() {
        return remindedAt;
    }

    public Instant getBreachedAt() {
        return breachedAt;
    }

    public Instant getAnsweredAt() {
        return answeredAt;
    }

    public String getAnsweredBy() {
        return answeredBy;
    }

    public Long getBusinessSeconds() {
        return businessSeconds;
    }

    public Long getElapsedSeconds() {
        return elapsedSeconds;
    }

    public Boolean getOnTime() {
        return onTime;
    }

    public Boolean getOutsideOfficeHours() {
        return outsideOfficeHours;
    }

    public String getReviewOutcome() {
        return reviewOutcome;
    }

    public String getReviewedBy() {
        return reviewedBy;
    }

    public Instant getReviewedAt() {
        return reviewedAt;
    }
}
