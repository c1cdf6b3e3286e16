package org.betweensessions.coverage;

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
 * The coverage summary of one client (Joint Commission SEA 58 hand-off content: risk, safety plan on
 * file, active concerns, medications and prescriber, emergency contact, tips for the covering
 * clinician), encrypted at rest; what the coverage-summary decision asked for it.
 */
@DynamicUpdate
@Entity
public class CoverageSummary extends AssignedIdEntity {

    /** FULL: every section and a warm hand-off when asked; SHORT: a few lines; NONE: not needed. */
    public enum Kind {
        FULL,
        SHORT,
        NONE
    }

    @Id
    private UUID id;

    private UUID coverageId;
    private UUID clientId;
    private String summaryKind;
    private boolean warmHandoffRequired;
    private Instant warmHandoffDoneAt;

    @Convert(converter = EncryptedText.class)
    @Column(name = "text_enc")
    private String text;

    private String writtenBy;
    private Instant writtenAt;
    private int coveringUpdates;

    protected CoverageSummary() {}

    CoverageSummary(UUID coverageId, UUID clientId, Kind kind, boolean warmHandoffRequired) {
        this.id = UUID.randomUUID();
        this.coverageId = coverageId;
        this.clientId = clientId;
        this.summaryKind = kind.name();
        this.warmHandoffRequired = warmHandoffRequired;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getCoverageId() {
        return coverageId;
    }

    public UUID getClientId() {
        return clientId;
    }

    public Kind getKind() {
        return Kind.valueOf(summaryKind);
    }

    public boolean isWarmHandoffRequired() {
        return warmHandoffRequired;
    }

    public Instant getWarmHandoffDoneAt() {
        return warmHandoffDoneAt;
    }

    public String getText() {
        return text;
    }

    public String getWrittenBy() {
        return writtenBy;
    }

    public Instant getWrittenAt() {
        return writtenAt;
    }

    public int getCoveringUpdates() {
        return coveringUpdates;
    }

    /** Written or done as asked: a summary where one is needed, and the warm hand-off call. */
    public boolean isReady() {
        return (getKind() == Kind.NONE || text != null) && (!warmHandoffRequired || warmHandoffDoneAt != null);
    }

    void asked(Kind kind, boolean warmHandoff) {
        this.summaryKind = kind.name();
        this.warmHandoffRequired = warmHandoff;
    }

    void written(String text, String by, Instant at, boolean byCovering) {
        this.text = text;
        this.writtenBy = by;
        this.writtenAt = at;
        if (byCovering) {
            this.coveringUpdates++;
        }
    }

    void warmHandoffDone(Instant at) {
        if (warmHandoffDoneAt == null) {
            this.warmHandoffDoneAt = at;
        }
    }
}
