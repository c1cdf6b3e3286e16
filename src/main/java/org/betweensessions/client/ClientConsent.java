package org.betweensessions.client;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.message.Channel;

/** A client's acknowledgement of one exact version of the communication policy. */
@Entity
public class ClientConsent {

    @Id
    private UUID id;

    private UUID clientId;
    private UUID policyId;
    private int policyVersion;
    private Instant consentedAt;

    @Enumerated(EnumType.STRING)
    private Channel channel;

    private String recordedBy;

    protected ClientConsent() {}

    public ClientConsent(
            UUID clientId, UUID policyId, int policyVersion, Instant consentedAt, Channel channel, String recordedBy) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.policyId = policyId;
        this.policyVersion = policyVersion;
        this.consentedAt = consentedAt;
        this.channel = channel;
        this.recordedBy = recordedBy;
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

    public Instant getConsentedAt() {
        return consentedAt;
    }

    public Channel getChannel() {
        return channel;
    }

    public String getRecordedBy() {
        return recordedBy;
    }
}
