package org.betweensessions.checkins;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/** One documented outreach call after a missed check-in: who calls, and what came of it. */
@DynamicUpdate
@Entity
@Table(name = "checkin_outreach_call")
public class OutreachCall extends AssignedIdEntity {

    /** What the call achieved. */
    public enum Outcome {
        REACHED,
        NO_ANSWER,
        LEFT_MESSAGE
    }

    @Id
    private UUID id;

    private UUID checkinId;
    private int attempt;
    private Instant plannedAt;
    private String assignee;
    private String outcome;
    private String recordedBy;
    private Instant recordedAt;

    protected OutreachCall() {}

    OutreachCall(UUID checkinId, int attempt, Instant plannedAt, String assignee) {
        this.id = UUID.randomUUID();
        this.checkinId = checkinId;
        this.attempt = attempt;
        this.plannedAt = plannedAt;
        this.assignee = assignee;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getCheckinId() {
        return checkinId;
    }

    public int getAttempt() {
        return attempt;
    }

    public Instant getPlannedAt() {
        return plannedAt;
    }

    public String getAssignee() {
        return assignee;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getRecordedBy() {
        return recordedBy;
    }

    void recorded(Outcome outcome, String by, Instant at) {
        this.outcome = outcome.name();
        this.recordedBy = by;
        this.recordedAt = at;
    }
}
