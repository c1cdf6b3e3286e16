package org.betweensessions.checkins;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.database.AssignedIdEntity;

/**
 * One version of a client's Stanley-Brown safety plan: six sections, each encrypted at rest. A change
 * is a new version; {@code reviewedWithClientAt} is when the clinician went through it with the client.
 */
@Entity
public class SafetyPlan extends AssignedIdEntity {

    /** The six sections, in the order the plan is written with the client. */
    public record Sections(
            String warningSigns,
            String internalCoping,
            String distraction,
            String peopleToAsk,
            String professionals,
            String environmentSafety) {}

    @Id
    private UUID id;

    private UUID clientId;
    private int version;

    @Convert(converter = EncryptedText.class)
    @Column(name = "warning_signs_enc")
    private String warningSigns;

    @Convert(converter = EncryptedText.class)
    @Column(name = "internal_coping_enc")
    private String internalCoping;

    @Convert(converter = EncryptedText.class)
    @Column(name = "distraction_enc")
    private String distraction;

    @Convert(converter = EncryptedText.class)
    @Column(name = "people_to_ask_enc")
    private String peopleToAsk;

    @Convert(converter = EncryptedText.class)
    @Column(name = "professionals_enc")
    private String professionals;

    @Convert(converter = EncryptedText.class)
    @Column(name = "environment_safety_enc")
    private String environmentSafety;

    private String writtenBy;
    private Instant writtenAt;
    private Instant reviewedWithClientAt;

    protected SafetyPlan() {}

    SafetyPlan(
            UUID clientId, int version, Sections s, String writtenBy, Instant writtenAt, Instant reviewedWithClientAt) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.version = version;
        this.warningSigns = s.warningSigns();
        this.internalCoping = s.internalCoping();
        this.distraction = s.distraction();
        this.peopleToAsk = s.peopleToAsk();
        this.professionals = s.professionals();
        this.environmentSafety = s.environmentSafety();
        this.writtenBy = writtenBy;
        this.writtenAt = writtenAt;
        this.reviewedWithClientAt = reviewedWithClientAt;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getClientId() {
        return clientId;
    }

    public int getVersion() {
        return version;
    }

    public Sections sections() {
        return new Sections(warningSigns, internalCoping, distraction, peopleToAsk, professionals, environmentSafety);
    }

    public String getWrittenBy() {
        return writtenBy;
    }

    public Instant getWrittenAt() {
        return writtenAt;
    }

    public Instant getReviewedWithClientAt() {
        return reviewedWithClientAt;
    }
}
