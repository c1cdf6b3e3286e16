package org.betweensessions.sla;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The digest a clinician got on one local date: sent once, whatever the scheduler does. */
@Entity
public class SlaDigest {

    @EmbeddedId
    private Key id;

    private Instant sentAt;
    private int dueToday;
    private int overdue;
    /** Comma-separated message ids (ids only: the clinician opens them in the application). */
    private String messageIds;

    protected SlaDigest() {}

    SlaDigest(UUID clinicianId, LocalDate date, Instant sentAt, int dueToday, int overdue, String messageIds) {
        this.id = new Key(clinicianId, date);
        this.sentAt = sentAt;
        this.dueToday = dueToday;
        this.overdue = overdue;
        this.messageIds = messageIds;
    }

    @Embeddable
    public record Key(UUID clinicianId, LocalDate digestDate) implements Serializable {}

    public Key getId() {
        return id;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public int getDueToday() {
        return dueToday;
    }

    public int getOverdue() {
        return overdue;
    }

    public String getMessageIds() {
        return messageIds;
    }
}
