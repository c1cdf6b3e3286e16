package org.betweensessions.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/**
 * One version of a practice's (or a clinician's overriding) communication policy. Versions are
 * never edited: a change is a new row with the next version number, and consents pin a version.
 */
@Entity
public class CommunicationPolicy {

    @Id
    private UUID id;

    private UUID practiceId;
    /** Null for the practice default. */
    private UUID clinicianId;

    private int version;

    @Convert(converter = PolicyDocumentJson.class)
    @Column(name = "document")
    private PolicyDocument document;

    private Instant createdAt;
    private String createdBy;

    /** Clinician versions only: the parts the clinician overrides, as given (null = inherited). */
    @Convert(converter = PolicyDocumentJson.class)
    @Column(name = "overrides")
    private PolicyDocument overrides;

    /** Whether this version changed what clients read (then clients consent again). */
    private boolean clientFacingChange = true;

    protected CommunicationPolicy() {}

    public CommunicationPolicy(
            UUID practiceId, UUID clinicianId, int version, PolicyDocument document, String createdBy) {
        this.id = UUID.randomUUID();
        this.practiceId = practiceId;
        this.clinicianId = clinicianId;
        this.version = version;
        this.document = document;
        this.createdAt = Instant.now();
        this.createdBy = createdBy;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public int getVersion() {
        return version;
    }

    public PolicyDocument getDocument() {
        return document;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public PolicyDocument getOverrides() {
        return overrides;
    }

    public boolean isClientFacingChange() {
        return clientFacingChange;
    }

    /** A new version (never an edit of an old one), with what distinguishes it from its predecessor. */
    public static CommunicationPolicy newVersion(
            UUID practiceId,
            UUID clinicianId,
            int version,
            PolicyDocument document,
            PolicyDocument overrides,
            boolean clientFacingChange,
            String createdBy,
            Instant createdAt) {
        CommunicationPolicy policy = new CommunicationPolicy(practiceId, clinicianId, version, document, createdBy);
        policy.overrides = overrides;
        policy.clientFacingChange = clientFacingChange;
        policy.createdAt = createdAt;
        return policy;
    }
}
