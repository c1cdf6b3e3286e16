package org.betweensessions.checkins;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.database.AssignedIdEntity;

/** A documented transfer of a client: within the practice, or out of it. The reason is encrypted. */
@Entity
public class ClientTransfer extends AssignedIdEntity {

    /** Where the client's care goes. */
    public enum Kind {
        /** To another clinician of the practice: the client and their check-ins move. */
        WITHIN_PRACTICE,
        /** Care continues elsewhere: the practice's check-ins and caring contacts end. */
        OUT_OF_PRACTICE
    }

    @Id
    private UUID id;

    private UUID clientId;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    private UUID fromClinicianId;
    private UUID toClinicianId;

    @Convert(converter = EncryptedText.class)
    @Column(name = "reason_enc")
    private String reason;

    private String transferredBy;
    private Instant transferredAt;

    protected ClientTransfer() {}

    ClientTransfer(
            UUID clientId, Kind kind, UUID fromClinicianId, UUID toClinicianId, String reason, String by, Instant at) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.kind = kind;
        this.fromClinicianId = fromClinicianId;
        this.toClinicianId = toClinicianId;
        this.reason = reason;
        this.transferredBy = by;
        this.transferredAt = at;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getClientId() {
        return clientId;
    }

    public Kind getKind() {
        return kind;
    }

    public UUID getFromClinicianId() {
        return fromClinicianId;
    }

    public UUID getToClinicianId() {
        return toClinicianId;
    }

    public String getReason() {
        return reason;
    }

    public Instant getTransferredAt() {
        return transferredAt;
    }
}
