package org.betweensessions.agenda;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Something to bring up in the next session; evidence holds ids and counts, never message text. */
@Entity
@Table(name = "session_agenda_item")
public class AgendaItem {

    @Id
    private UUID id;

    private UUID clientId;
    private UUID clinicianId;
    private String kind;
    private UUID messageId;
    private String evidence;
    private Instant createdAt;
    private Instant discussedAt;

    protected AgendaItem() {}

    AgendaItem(UUID clientId, UUID clinicianId, String kind, UUID messageId, String evidence, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.clinicianId = clinicianId;
        this.kind = kind;
        this.messageId = messageId;
        this.evidence = evidence;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getClientId() {
        return clientId;
    }

    public String getKind() {
        return kind;
    }

    public UUID getMessageId() {
        return messageId;
    }

    public String getEvidence() {
        return evidence;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
