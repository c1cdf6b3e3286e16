package org.betweensessions.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/**
 * One line of the append-only audit trail. No setters: rows are only ever inserted, and the
 * database refuses updates and deletes (triggers in V1).
 */
@Entity
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private Instant occurredAt;
    private String actor;
    private String eventType;
    private String subjectType;
    private String subjectId;
    /** Ids, categories and reasons only: never message text. */
    private String details;

    protected AuditEvent() {}

    AuditEvent(
            Instant occurredAt, String actor, String eventType, String subjectType, String subjectId, String details) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.eventType = eventType;
        this.subjectType = subjectType;
        this.subjectId = subjectId;
        this.details = details;
    }

    public Long getId() {
        return id;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getActor() {
        return actor;
    }

    public String getEventType() {
        return eventType;
    }

    public String getSubjectType() {
        return subjectType;
    }

    public String getSubjectId() {
        return subjectId;
    }

    public String getDetails() {
        return details;
    }
}
