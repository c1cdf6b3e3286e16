package org.betweensessions.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.betweensessions.crypto.EncryptedText;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One client's contact arrangement that differs from the policy, for a clinical reason (stored
 * encrypted; the client sees the arrangement in their policy view, never the reason).
 */
@DynamicUpdate
@Entity
public class ContactException extends AssignedIdEntity {

    /** What was changed, in words a client reads in their policy (en/es). */
    public enum Kind {
        PHONE_COACHING(
                "Brief phone calls between sessions for skills coaching (part of treatment).",
                "Llamadas breves entre sesiones para practicar habilidades (parte del tratamiento)."),
        SCHEDULED_CHECKINS(
                "Check-ins between sessions at times we agreed on.",
                "Contactos entre sesiones en los momentos que acordamos."),
        MORE_FREQUENT_CONTACT(
                "More frequent contact between sessions, as we agreed in session.",
                "Contacto más frecuente entre sesiones, como acordamos en sesión."),
        ADMINISTRATIVE_ONLY(
                "Between sessions, messages for scheduling and paperwork only; we talk about everything else in session.",
                "Entre sesiones, mensajes solo para citas y trámites; todo lo demás lo hablamos en sesión."),
        OTHER("Another arrangement we agreed on in session.", "Otro acuerdo que hicimos en sesión.");

        private final String en;
        private final String es;

        Kind(String en, String es) {
            this.en = en;
            this.es = es;
        }

        public String forClient(String language) {
            return "es".equals(language) ? es : en;
        }
    }

    @Id
    private UUID id;

    private UUID clientId;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Convert(converter = EncryptedText.class)
    @Column(name = "reason_enc")
    private String reason;

    private LocalDate startsOn;
    private LocalDate endsOn;
    private String recordedBy;
    private Instant recordedAt;
    private Instant endedAt;
    private String endedBy;

    @Convert(converter = EncryptedText.class)
    @Column(name = "ended_reason_enc")
    private String endedReason;

    protected ContactException() {}

    ContactException(
            UUID clientId,
            Kind kind,
            String reason,
            LocalDate startsOn,
            LocalDate endsOn,
            String recordedBy,
            Instant recordedAt) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.kind = kind;
        this.reason = reason;
        this.startsOn = startsOn;
        this.endsOn = endsOn;
        this.recordedBy = recordedBy;
        this.recordedAt = recordedAt;
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

    public String getReason() {
        return reason;
    }

    public LocalDate getStartsOn() {
        return startsOn;
    }

    public LocalDate getEndsOn() {
        return endsOn;
    }

    public String getRecordedBy() {
        return recordedBy;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public String getEndedBy() {
        return endedBy;
    }

    public String getEndedReason() {
        return endedReason;
    }

    /** In force on {@code day}: not ended, started, and not past its end date. */
    public boolean activeOn(LocalDate day) {
        return endedAt == null && !startsOn.isAfter(day) && (endsOn == null || !endsOn.isBefore(day));
    }

    void end(String by, Instant at, String reason) {
        this.endedBy = by;
        this.endedAt = at;
        this.endedReason = reason;
    }
}
