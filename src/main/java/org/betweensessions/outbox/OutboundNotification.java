package org.betweensessions.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.database.AssignedIdEntity;
import org.betweensessions.message.Channel;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One notification to a client, waiting to be (or already) delivered. The body is rendered from a
 * template when enqueued and kept encrypted; the engine only ever sees the template key.
 */
// Only changed columns are written: workers and the publisher update the same row concurrently, and
// a full-row update would put back values another transaction has just changed (lost update).
@DynamicUpdate
@Entity
@Table(name = "outbox")
public class OutboundNotification extends AssignedIdEntity {

    public enum Status {
        PENDING,
        SENT,
        /** Delivery failed too often; needs a person (visible in metrics and logs). */
        FAILED
    }

    @Id
    private UUID id;

    private String idempotencyKey;

    @Enumerated(EnumType.STRING)
    private Channel channel;

    private UUID clientId;
    private String templateKey;
    private String language;

    @Convert(converter = EncryptedText.class)
    @Column(name = "body_enc")
    private String body;

    @Enumerated(EnumType.STRING)
    private Status status;

    /** Null: the client; EMERGENCY_CONTACT: the client's emergency contact. */
    private String recipient;

    private int attempts;
    private Instant createdAt;
    private Instant sentAt;

    protected OutboundNotification() {}

    OutboundNotification(
            String idempotencyKey,
            Channel channel,
            UUID clientId,
            String templateKey,
            String language,
            String body,
            String recipient,
            Instant now) {
        this.id = UUID.randomUUID();
        this.idempotencyKey = idempotencyKey;
        this.channel = channel;
        this.clientId = clientId;
        this.templateKey = templateKey;
        this.language = language;
        this.body = body;
        this.recipient = recipient;
        this.status = Status.PENDING;
        this.createdAt = now;
    }

    void sent(Instant at) {
        this.status = Status.SENT;
        this.sentAt = at;
        this.attempts++;
    }

    void failedAttempt(int maxAttempts) {
        this.attempts++;
        if (attempts >= maxAttempts) {
            this.status = Status.FAILED;
        }
    }

    /** Null for the client; {@code EMERGENCY_CONTACT} for the client's emergency contact. */
    public String getRecipient() {
        return recipient;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public Channel getChannel() {
        return channel;
    }

    public UUID getClientId() {
        return clientId;
    }

    public String getTemplateKey() {
        return templateKey;
    }

    public String getLanguage() {
        return language;
    }

    public String getBody() {
        return body;
    }

    public Status getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }
}
