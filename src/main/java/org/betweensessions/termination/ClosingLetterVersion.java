package org.betweensessions.termination;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;

/**
 * One version of a closing letter: version 1 as generated from the template bank, each clinician's
 * edit another. Append-only; the text is encrypted at rest.
 */
@Entity
@Table(name = "termination_letter_version")
public class ClosingLetterVersion {

    @Id
    private UUID id;

    private UUID terminationId;
    private int version;

    @Convert(converter = EncryptedText.class)
    @Column(name = "text_enc")
    private String text;

    private String writtenBy;
    private Instant writtenAt;

    protected ClosingLetterVersion() {}

    ClosingLetterVersion(UUID terminationId, int version, String text, String writtenBy, Instant writtenAt) {
        this.id = UUID.randomUUID();
        this.terminationId = terminationId;
        this.version = version;
        this.text = text;
        this.writtenBy = writtenBy;
        this.writtenAt = writtenAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTerminationId() {
        return terminationId;
    }

    public int getVersion() {
        return version;
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
}
