package org.betweensessions.checkins;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/** One caring contact after a high-risk episode: when it is due (stored) and when it went out. */
@DynamicUpdate
@Entity
public class CaringContact extends AssignedIdEntity {

    @Id
    private UUID id;

    private UUID episodeId;
    private UUID clientId;
    private int number;
    private Instant dueAt;
    private Instant sentAt;

    protected CaringContact() {}

    CaringContact(UUID episodeId, UUID clientId, int number, Instant dueAt) {
        this.id = UUID.randomUUID();
        this.episodeId = episodeId;
        this.clientId = clientId;
        this.number = number;
        this.dueAt = dueAt;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getEpisodeId() {
        return episodeId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public int getNumber() {
        return number;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    void sent(Instant at) {
        this.sentAt = at;
    }
}
