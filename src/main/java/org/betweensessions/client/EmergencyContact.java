package org.betweensessions.client;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A client's emergency contact (one per client) and whether the client consents to the practice
 * contacting them after missed high-risk check-ins. Name, phone, e-mail and relationship are
 * encrypted at rest and never go into the engine.
 */
@DynamicUpdate
@Entity
public class EmergencyContact extends AssignedIdEntity {

    @Id
    private UUID clientId;

    @Convert(converter = EncryptedText.class)
    @Column(name = "name_enc")
    private String name;

    @Convert(converter = EncryptedText.class)
    @Column(name = "phone_enc")
    private String phone;

    @Convert(converter = EncryptedText.class)
    @Column(name = "email_enc")
    private String email;

    @Convert(converter = EncryptedText.class)
    @Column(name = "relationship_enc")
    private String relationship;

    private boolean consentToContact;
    private Instant consentRecordedAt;
    private String recordedBy;
    private Instant recordedAt;

    protected EmergencyContact() {}

    public EmergencyContact(UUID clientId) {
        this.clientId = clientId;
    }

    public void update(
            String name,
            String phone,
            String email,
            String relationship,
            boolean consentToContact,
            String by,
            Instant at) {
        if (consentToContact != this.consentToContact || this.consentRecordedAt == null) {
            this.consentRecordedAt = at;
        }
        this.name = name;
        this.phone = phone;
        this.email = email;
        this.relationship = relationship;
        this.consentToContact = consentToContact;
        this.recordedBy = by;
        this.recordedAt = at;
    }

    @Override
    public UUID getId() {
        return clientId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public String getName() {
        return name;
    }

    public String getPhone() {
        return phone;
    }

    public String getEmail() {
        return email;
    }

    public String getRelationship() {
        return relationship;
    }

    public boolean isConsentToContact() {
        return consentToContact;
    }

    public Instant getConsentRecordedAt() {
        return consentRecordedAt;
    }

    public String getRecordedBy() {
        return recordedBy;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }
}
