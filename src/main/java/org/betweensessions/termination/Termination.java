package org.betweensessions.termination;

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
import org.hibernate.annotations.DynamicUpdate;

/**
 * One ending of treatment, planned or unplanned (drop-out), from its start to the closing of
 * between-session contact. Every deadline the termination process waits for is stored here; the
 * closing letter's text is encrypted and never leaves the database for the engine.
 */
@DynamicUpdate
@Entity
public class Termination {

    public enum Kind {
        PLANNED,
        UNPLANNED
    }

    /** Why treatment ends (a category; the clinical reasoning is in the client record). */
    public enum Reason {
        GOALS_MET,
        CLIENT_CHOICE,
        REFERRED_ELSEWHERE,
        CLINICIAN_LEAVING,
        FINANCIAL,
        DROP_OUT,
        OTHER
    }

    public enum Status {
        OPEN,
        STOPPED,
        COMPLETED
    }

    /** Where the process stands; reconciliation starts a lost instance again from here. */
    public enum Stage {
        DROP_OUT_CONFIRMATION,
        SAFETY_REVIEW,
        ENDING_DISCUSSION,
        LAST_SESSION,
        OUTREACH,
        LETTER_REVIEW,
        GRACE_PERIOD,
        ENDING_INSTANCES,
        DONE
    }

    public enum StopReason {
        CLIENT_BACK_IN_CONTACT,
        SESSION_BOOKED,
        SUPERVISOR_STOPPED,
        NOT_A_DROP_OUT,
        TREATMENT_CONTINUES,
        /** A clinician or supervisor cancelled the ending (see {@link CancelReason}). */
        CANCELLED
    }

    /** Why a clinician or supervisor cancelled an ending (a category; a note may say more). */
    public enum CancelReason {
        CLIENT_WANTS_TO_CONTINUE,
        CLINICAL_JUDGEMENT,
        CLIENT_IN_CRISIS,
        ENTERED_IN_ERROR,
        OTHER
    }

    @Id
    private UUID id;

    private UUID clientId;
    private UUID clinicianId;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Enumerated(EnumType.STRING)
    private Reason reason;

    @Enumerated(EnumType.STRING)
    private Status status;

    @Enumerated(EnumType.STRING)
    private Stage stage;

    private String startedBy;
    private Instant startedAt;
    private Long processInstanceKey;
    /** Written only by TerminationRepository.markPublished: a worker's stale copy never resets it. */
    @Column(updatable = false)
    private Instant publishedAt;

    private Instant lastSessionAt;
    private Instant dropOutConfirmedAt;
    private String dropOutConfirmedBy;
    private String safetyGate;
    private String safetyGateReason;
    private Instant safetyReviewedAt;
    private String safetyReviewedBy;
    private String safetyReviewDecision;
    private Instant discussDueAt;
    private Instant discussedAt;
    private Boolean furtherCareAdvised;
    private Instant outreachSentAt;
    private Instant outreachReplyBy;
    private String closeDecision;
    private String closeDecidedBy;
    private Instant closeDecidedAt;

    @Convert(converter = EncryptedText.class)
    @Column(name = "letter_enc")
    private String letter;

    private String letterLanguage;
    private String letterTemplateVersion;
    private String letterChannel;
    private Boolean letterWrittenConsent;
    private Instant letterGeneratedAt;
    private String letterApprovedBy;
    private Instant letterSentAt;
    /** The latest version (termination_letter_version); {@link #letter} holds its text. */
    private Integer letterVersion;

    private Integer letterSentVersion;
    private Instant letterContactEndsAt;
    private Instant contactClosesAt;
    private Instant contactClosedAt;
    private LocalDate retainUntil;
    private Instant stoppedAt;

    @Enumerated(EnumType.STRING)
    private StopReason stopReason;

    private String stoppedBy;

    @Enumerated(EnumType.STRING)
    private CancelReason cancelReason;

    @Convert(converter = EncryptedText.class)
    @Column(name = "cancel_note_enc")
    private String cancelNote;

    /** Written only by TerminationRepository.markCancelPublished. */
    @Column(updatable = false)
    private Instant cancelPublishedAt;

    private Instant completedAt;
    private UUID openClientId;

    protected Termination() {}

    Termination(
            UUID clientId,
            UUID clinicianId,
            Kind kind,
            Reason reason,
            Instant lastSessionAt,
            boolean dropOutConfirmed,
            String startedBy,
            Instant now) {
        this.id = UUID.randomUUID();
        this.clientId = clientId;
        this.clinicianId = clinicianId;
        this.kind = kind;
        this.reason = reason;
        this.status = Status.OPEN;
        this.stage = kind == Kind.UNPLANNED && !dropOutConfirmed ? Stage.DROP_OUT_CONFIRMATION : Stage.SAFETY_REVIEW;
        this.lastSessionAt = lastSessionAt;
        if (kind == Kind.UNPLANNED && dropOutConfirmed) {
            this.dropOutConfirmedAt = now;
            this.dropOutConfirmedBy = startedBy;
        }
        this.startedBy = startedBy;
        this.startedAt = now;
        this.openClientId = clientId;
    }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** A reply or a booked session stops a drop-out ending until the letter is written. */
    public boolean stoppableByContact() {
        return isOpen() && kind == Kind.UNPLANNED && letterGeneratedAt == null;
    }

    void startedAs(long key) {
        this.processInstanceKey = key;
    }

    void stage(Stage stage) {
        this.stage = stage;
    }

    void dropOutConfirmed(String by, Instant at) {
        this.dropOutConfirmedBy = by;
        this.dropOutConfirmedAt = at;
    }

    void safetyGate(String gate, String gateReason) {
        this.safetyGate = gate;
        this.safetyGateReason = gateReason;
    }

    void safetyReviewed(String decision, String by, Instant at) {
        this.safetyReviewDecision = decision;
        this.safetyReviewedBy = by;
        this.safetyReviewedAt = at;
    }

    void discussDue(Instant at) {
        this.discussDueAt = at;
    }

    void discussed(boolean furtherCare, Instant at) {
        this.furtherCareAdvised = furtherCare;
        this.discussedAt = at;
    }

    void outreachSent(Instant at, Instant replyBy) {
        this.outreachSentAt = at;
        this.outreachReplyBy = replyBy;
    }

    void closeDecided(String decision, String by, Instant at) {
        this.closeDecision = decision;
        this.closeDecidedBy = by;
        this.closeDecidedAt = at;
    }

    void letterGenerated(
            String text, String language, String templateVersion, String channel, boolean writtenConsent, Instant at) {
        this.letter = text;
        this.letterLanguage = language;
        this.letterTemplateVersion = templateVersion;
        this.letterChannel = channel;
        this.letterWrittenConsent = writtenConsent;
        this.letterGeneratedAt = at;
    }

    void letterVersion(int version, String text, Instant contactEndsAt) {
        this.letterVersion = version;
        this.letter = text;
        if (contactEndsAt != null) {
            this.letterContactEndsAt = contactEndsAt;
        }
    }

    void cancelled(CancelReason why, String note, String by, Instant at) {
        stopped(StopReason.CANCELLED, by, at);
        this.cancelReason = why;
        this.cancelNote = note;
    }

    void letterSent(String approvedBy, Instant at, Instant contactClosesAt) {
        this.letterSentVersion = letterVersion;
        this.letterApprovedBy = approvedBy;
        this.letterSentAt = at;
        this.contactClosesAt = contactClosesAt;
    }

    void contactClosingPostponed(Instant until) {
        this.contactClosesAt = until;
    }

    void contactClosed(Instant at, LocalDate retainUntil) {
        this.contactClosedAt = at;
        this.retainUntil = retainUntil;
    }

    void stopped(StopReason why, String by, Instant at) {
        this.status = Status.STOPPED;
        this.stopReason = why;
        this.stoppedBy = by;
        this.stoppedAt = at;
        this.stage = Stage.DONE;
        this.openClientId = null;
    }

    void completed(Instant at) {
        this.status = Status.COMPLETED;
        this.completedAt = at;
        this.stage = Stage.DONE;
        this.openClientId = null;
    }

    public UUID getId() {
        return id;
    }

    public Integer getLetterVersion() {
        return letterVersion;
    }

    public Integer getLetterSentVersion() {
        return letterSentVersion;
    }

    public Instant getLetterContactEndsAt() {
        return letterContactEndsAt;
    }

    public String getStoppedBy() {
        return stoppedBy;
    }

    public CancelReason getCancelReason() {
        return cancelReason;
    }

    public String getCancelNote() {
        return cancelNote;
    }

    public Instant getCancelPublishedAt() {
        return cancelPublishedAt;
    }

    public UUID getClientId() {
        return clientId;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public Kind getKind() {
        return kind;
    }

    public Reason getReason() {
        return reason;
    }

    public Status getStatus() {
        return status;
    }

    public Stage getStage() {
        return stage;
    }

    public String getStartedBy() {
        return startedBy;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Long getProcessInstanceKey() {
        return processInstanceKey;
    }

    public Instant getPublishedAt() {
        return publishedAt;
    }

    public Instant getLastSessionAt() {
        return lastSessionAt;
    }

    public Instant getDropOutConfirmedAt() {
        return dropOutConfirmedAt;
    }

    public String getSafetyGate() {
        return safetyGate;
    }

    public String getSafetyGateReason() {
        return safetyGateReason;
    }

    public Instant getSafetyReviewedAt() {
        return safetyReviewedAt;
    }

    public String getSafetyReviewDecision() {
        return safetyReviewDecision;
    }

    public String getSafetyReviewedBy() {
        return safetyReviewedBy;
    }

    public Instant getDiscussDueAt() {
        return discussDueAt;
    }

    public Instant getDiscussedAt() {
        return discussedAt;
    }

    public Boolean getFurtherCareAdvised() {
        return furtherCareAdvised;
    }

    public Instant getOutreachSentAt() {
        return outreachSentAt;
    }

    public Instant getOutreachReplyBy() {
        return outreachReplyBy;
    }

    public String getCloseDecision() {
        return closeDecision;
    }

    public String getLetter() {
        return letter;
    }

    public String getLetterLanguage() {
        return letterLanguage;
    }

    public String getLetterChannel() {
        return letterChannel;
    }

    public Boolean getLetterWrittenConsent() {
        return letterWrittenConsent;
    }

    public Instant getLetterGeneratedAt() {
        return letterGeneratedAt;
    }

    public String getLetterApprovedBy() {
        return letterApprovedBy;
    }

    public Instant getLetterSentAt() {
        return letterSentAt;
    }

    public Instant getContactClosesAt() {
        return contactClosesAt;
    }

    public Instant getContactClosedAt() {
        return contactClosedAt;
    }

    public LocalDate getRetainUntil() {
        return retainUntil;
    }

    public Instant getStoppedAt() {
        return stoppedAt;
    }

    public StopReason getStopReason() {
        return stopReason;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }
}
