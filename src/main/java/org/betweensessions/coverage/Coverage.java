package org.betweensessions.coverage;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.betweensessions.database.AssignedIdEntity;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One absence of a clinician with a covering colleague, driven by one coverage-handoff instance.
 * Dates, categories, ids and the times the process waits for; no clinical text.
 */
@DynamicUpdate
@Entity
public class Coverage extends AssignedIdEntity {

    /** Why the clinician is away: a category only, never free text (it could carry PHI). */
    public enum Reason {
        VACATION,
        CONFERENCE,
        SICK_LEAVE,
        PARENTAL_LEAVE,
        OTHER
    }

    public enum Status {
        /** Registered; checks, acceptance and approval under way (or back in planning). */
        PLANNING,
        /** Accepted and approved; summaries and client notices before the start. */
        APPROVED,
        /** The absence is under way: routing goes to the covering clinician. */
        ACTIVE,
        /** The clinician is back; the hand-back task is open. */
        ENDED,
        HANDED_BACK,
        CANCELLED,
        /** The clinician withdrew the plan while revising it. */
        WITHDRAWN;

        public boolean isOpen() {
            return this == PLANNING || this == APPROVED || this == ACTIVE || this == ENDED;
        }
    }

    @Id
    private UUID id;

    private UUID practiceId;
    private UUID clinicianId;
    private UUID coveringClinicianId;

    @Enumerated(EnumType.STRING)
    private Reason reasonCategory;

    private boolean emergency;
    private LocalDate startsOn;
    private LocalDate endsOn;
    private Instant startsAt;
    private Instant endsAt;
    private String plannedBy;
    private Instant plannedAt;

    @Enumerated(EnumType.STRING)
    private Status status;

    private Long processInstanceKey;
    private String approvalLevel;
    private String approvalRequestedFrom;
    private String approvedBy;
    private Instant approvedAt;
    private Instant acceptedAt;
    private Instant declinedAt;
    private String conflict;
    private UUID leaveId;
    private Instant summariesDueAt;
    private Instant summariesConfirmedAt;
    private Instant notifyAt;
    private Instant noticesSentAt;
    private Instant startedAt;
    private Integer tasksReassigned;
    private Instant coveringUnavailableAt;
    private Instant endedAt;
    private String endReason;
    private Instant handBackDueAt;
    private Instant handedBackAt;
    private String handedBackBy;
    private String revisionReason;
    private LocalDate changeEndsOn;
    private UUID changeCoveringClinicianId;
    private String changeRequestedBy;
    private Instant changeRequestedAt;
    private Instant changeAcceptedAt;
    private String changeConflict;

    protected Coverage() {}

    Coverage(
            UUID practiceId,
            UUID clinicianId,
            UUID coveringClinicianId,
            Reason reasonCategory,
            boolean emergency,
            LocalDate startsOn,
            LocalDate endsOn,
            Instant startsAt,
            Instant endsAt,
            String plannedBy,
            Instant plannedAt) {
        this.id = UUID.randomUUID();
        this.practiceId = practiceId;
        this.clinicianId = clinicianId;
        this.coveringClinicianId = coveringClinicianId;
        this.reasonCategory = reasonCategory;
        this.emergency = emergency;
        this.startsOn = startsOn;
        this.endsOn = endsOn;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.plannedBy = plannedBy;
        this.plannedAt = plannedAt;
        this.status = Status.PLANNING;
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public UUID getClinicianId() {
        return clinicianId;
    }

    public UUID getCoveringClinicianId() {
        return coveringClinicianId;
    }

    public Reason getReasonCategory() {
        return reasonCategory;
    }

    public boolean isEmergency() {
        return emergency;
    }

    public LocalDate getStartsOn() {
        return startsOn;
    }

    public LocalDate getEndsOn() {
        return endsOn;
    }

    public Instant getStartsAt() {
        return startsAt;
    }

    public Instant getEndsAt() {
        return endsAt;
    }

    public String getPlannedBy() {
        return plannedBy;
    }

    public Instant getPlannedAt() {
        return plannedAt;
    }

    public Status getStatus() {
        return status;
    }

    public Long getProcessInstanceKey() {
        return processInstanceKey;
    }

    public String getApprovalLevel() {
        return approvalLevel;
    }

    public String getApprovalRequestedFrom() {
        return approvalRequestedFrom;
    }

    public String getApprovedBy() {
        return approvedBy;
    }

    public Instant getApprovedAt() {
        return approvedAt;
    }

    public Instant getAcceptedAt() {
        return acceptedAt;
    }

    public Instant getDeclinedAt() {
        return declinedAt;
    }

    public String getConflict() {
        return conflict;
    }

    public UUID getLeaveId() {
        return leaveId;
    }

    public Instant getSummariesDueAt() {
        return summariesDueAt;
    }

    public Instant getSummariesConfirmedAt() {
        return summariesConfirmedAt;
    }

    public Instant getNotifyAt() {
        return notifyAt;
    }

    public Instant getNoticesSentAt() {
        return noticesSentAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Integer getTasksReassigned() {
        return tasksReassigned;
    }

    public Instant getCoveringUnavailableAt() {
        return coveringUnavailableAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public String getEndReason() {
        return endReason;
    }

    public Instant getHandBackDueAt() {
        return handBackDueAt;
    }

    public Instant getHandedBackAt() {
        return handedBackAt;
    }

    public String getHandedBackBy() {
        return handedBackBy;
    }

    void startedAs(long key) {
        this.processInstanceKey = key;
    }

    void approvalRequested(String level, String from) {
        this.approvalLevel = level;
        this.approvalRequestedFrom = from;
    }

    void conflict(String conflict) {
        this.conflict = conflict;
    }

    void accepted(Instant at) {
        this.acceptedAt = at;
        this.declinedAt = null;
    }

    void declined(Instant at) {
        this.declinedAt = at;
        this.acceptedAt = null;
    }

    void coveredBy(UUID coveringClinicianId) {
        this.coveringClinicianId = coveringClinicianId;
        this.acceptedAt = null;
        this.declinedAt = null;
        this.conflict = null;
    }

    /** A date change named another covering clinician, who accepted the whole absence. */
    void coveringChanged(UUID coveringClinicianId, Instant acceptedAt) {
        this.coveringClinicianId = coveringClinicianId;
        this.acceptedAt = acceptedAt;
        this.declinedAt = null;
        this.conflict = null;
    }

    void approved(String by, Instant at, UUID leaveId, Instant summariesDueAt, Instant notifyAt) {
        this.approvedBy = by;
        this.approvedAt = at;
        this.leaveId = leaveId;
        this.summariesDueAt = summariesDueAt;
        this.notifyAt = notifyAt;
        if (status == Status.PLANNING) {
            this.status = Status.APPROVED;
        }
    }

    void leave(UUID leaveId) {
        this.leaveId = leaveId;
    }

    void summariesConfirmed(Instant at) {
        this.summariesConfirmedAt = at;
    }

    void noticesSent(Instant at) {
        this.noticesSentAt = at;
    }

    void started(Instant at, int tasksReassigned) {
        this.startedAt = at;
        this.tasksReassigned = tasksReassigned;
        this.status = Status.ACTIVE;
    }

    void endsOn(LocalDate endsOn, Instant endsAt) {
        this.endsOn = endsOn;
        this.endsAt = endsAt;
    }

    void coveringUnavailable(Instant at) {
        this.coveringUnavailableAt = at;
    }

    void ended(Instant at, String reason, Instant handBackDueAt) {
        this.endedAt = at;
        this.endReason = reason;
        this.handBackDueAt = handBackDueAt;
        this.status = Status.ENDED;
    }

    void handedBack(String by, Instant at) {
        this.handedBackBy = by;
        this.handedBackAt = at;
        this.status = Status.HANDED_BACK;
    }

    void closed(Status status, String reason, Instant at) {
        this.status = status;
        this.endReason = reason;
        this.endedAt = at;
    }

    /** Why the plan is back with the clinician (declined, not approved, a conflict); null otherwise. */
    public String getRevisionReason() {
        return revisionReason;
    }

    /** A requested new last day away, waiting for its checks; null when none is pending. */
    public LocalDate getChangeEndsOn() {
        return changeEndsOn;
    }

    public UUID getChangeCoveringClinicianId() {
        return changeCoveringClinicianId;
    }

    public String getChangeRequestedBy() {
        return changeRequestedBy;
    }

    public Instant getChangeRequestedAt() {
        return changeRequestedAt;
    }

    public Instant getChangeAcceptedAt() {
        return changeAcceptedAt;
    }

    public String getChangeConflict() {
        return changeConflict;
    }

    void revisionRequested(String reason) {
        this.revisionReason = reason;
    }

    void changeRequested(LocalDate endsOn, String by, Instant at) {
        this.changeEndsOn = endsOn;
        this.changeRequestedBy = by;
        this.changeRequestedAt = at;
        this.changeCoveringClinicianId = null;
        this.changeAcceptedAt = null;
        this.changeConflict = null;
    }

    void changeConflict(String conflict) {
        this.changeConflict = conflict;
    }

    void changeCoveredBy(UUID clinicianId) {
        this.changeCoveringClinicianId = clinicianId;
        this.changeAcceptedAt = null;
        this.changeConflict = null;
    }

    void changeAccepted(Instant at) {
        this.changeAcceptedAt = at;
    }

    void changeClosed() {
        this.changeEndsOn = null;
        this.changeCoveringClinicianId = null;
        this.changeRequestedBy = null;
        this.changeRequestedAt = null;
        this.changeAcceptedAt = null;
        this.changeConflict = null;
    }
}
