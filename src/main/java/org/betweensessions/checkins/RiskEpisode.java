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
import org.hibernate.annotations.DynamicUpdate;

/**
 * A period during which a client is rated high risk, driven by one safety-plan-checkins instance.
 * The clinician's reasons are clinical text: encrypted, never in the engine.
 */
@DynamicUpdate
@Entity
public class RiskEpisode extends AssignedIdEntity {

    /** Why the check-ins ended. */
    public enum EndReason {
        RISK_LOWERED,
        TERMINATED,
        TRANSFERRED
    }

    /** C-SSRS vocabulary (Columbia Suicide Severity Rating Scale), optional when raising. */
    public enum CssrsLevel {
        LOW,
        MODERATE,
        HIGH
    }

    @Id
    private UUID id;

    private UUID clientId;
    private UUID clinicianId;

    @Enumerated(EnumType.STRING)
    private CssrsLevel cssrsLevel;

    private String modality;
    private String raisedBy;
    private Instant raisedAt;

    @Convert(converter = EncryptedText.class)
    @Column(name = "raised_reason_enc")
    private String raisedReason;

    private Long processInstanceKey;
    private Instant safetyPlanDueAt;
    private Instant safetyPlanReviewedAt;
    private String safetyPlanReviewedBy;
    private Instant riskReviewDueAt;
    private Instant endedAt;

    @Enumerated(EnumType.STRING)
    private EndReason endReason;

    private String endedBy;

    @Convert(converter = EncryptedText.class)
    @Column(name = "lowered_reason_enc")
    private String loweredReason;

    private UUID openClientId;
    private Instant caringContactsUntil;
    private Long caringProcessInstanceKey;
    private Instant caringContactsEndedAt;

    protected RiskEpisode() {}

    RiskEpisode(
            UUID clientId,
            UUID clinicianId,
            CssrsLevel cssrsLevel,
            String modality,
            String raisedBy,
            Instant raisedAt,
            String raisedReason,
            Instant safetyPlanDueAt,
            Instant riskReviewDueAt) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.clinicianId = clinicianId;
        this.cssrsLevel = cssrsLevel;
        this.modality = modality;
        this.raisedBy = raisedBy;
        this.raisedAt = raisedAt;
        this.raisedReason = raisedReason;
        this.safetyPlanDueAt = safetyPlanDueAt;
        this.riskReviewDueAt = riskReviewDueAt;
        this.openClientId = clientId;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getClientId() {
        return clientId;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public CssrsLevel getCssrsLevel() {
        return cssrsLevel;
    }

    public String getModality() {
        return modality;
    }

    public Instant getRaisedAt() {
        return raisedAt;
    }

    public String getRaisedBy() {
        return raisedBy;
    }

    public String getRaisedReason() {
        return raisedReason;
    }

    public Long getProcessInstanceKey() {
        return processInstanceKey;
    }

    public Instant getSafetyPlanDueAt() {
        return safetyPlanDueAt;
    }

    public Instant getSafetyPlanReviewedAt() {
        return safetyPlanReviewedAt;
    }

    public Instant getRiskReviewDueAt() {
        return riskReviewDueAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public EndReason getEndReason() {
        return endReason;
    }

    public Instant getCaringContactsUntil() {
        return caringContactsUntil;
    }

    public Long getCaringProcessInstanceKey() {
        return caringProcessInstanceKey;
    }

    public Instant getCaringContactsEndedAt() {
        return caringContactsEndedAt;
    }

    /** Caring contacts run after this episode, until {@code until}, unless ended before. */
    public boolean caringContactsRunning(Instant now) {
        return caringContactsUntil != null && caringContactsEndedAt == null && caringContactsUntil.isAfter(now);
    }

    void caringContactsUntil(Instant until) {
        this.caringContactsUntil = until;
    }

    void caringStartedAs(long key) {
        this.caringProcessInstanceKey = key;
    }

    void caringContactsEnded(Instant at) {
        if (caringContactsEndedAt == null) {
            caringContactsEndedAt = at;
        }
    }

    public String getEndedBy() {
        return endedBy;
    }

    public String getLoweredReason() {
        return loweredReason;
    }

    public boolean isOpen() {
        return endedAt == null;
    }

    /** The client was transferred within the practice: the check-ins go on with the new clinician. */
    void transferTo(UUID clinicianId) {
        this.clinicianId = clinicianId;
    }

    void startedAs(long key) {
        this.processInstanceKey = key;
    }

    void safetyPlanReviewed(String by, Instant at) {
        this.safetyPlanReviewedBy = by;
        this.safetyPlanReviewedAt = at;
    }

    void riskReviewed(CssrsLevel level, Instant nextReviewAt) {
        if (level != null) {
            this.cssrsLevel = level;
        }
        this.riskReviewDueAt = nextReviewAt;
    }

    void end(EndReason reason, String by, Instant at, String loweredReason) {
        this.endReason = reason;
        this.endedBy = by;
        this.endedAt = at;
        this.loweredReason = loweredReason;
        this.openClientId = null;
    }
}
