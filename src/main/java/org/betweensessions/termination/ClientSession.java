package org.betweensessions.termination;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A session booked or held, as the practice's scheduling records it (no clinical content). */
@Entity
public class ClientSession {

    @Id
    private UUID id;

    private UUID clientId;
    private Instant sessionAt;
    private String recordedBy;
    private Instant recordedAt;

    protected ClientSession() {}

    ClientSession(UUID clientId, Instant sessionAt, String recordedBy, Instant recordedAt) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.sessionAt = sessionAt;
        this.recordedBy = recordedBy;
        this.recordedAt = recordedAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getClientId() {
        return clientId;
    }

    public Instant getSessionAt() {
        return sessionAt;
    }

    public String getRecordedBy() {
        return recordedBy;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }
}
