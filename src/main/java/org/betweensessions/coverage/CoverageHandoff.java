package org.betweensessions.coverage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.ResponseWindow;
import org.betweensessions.client.Client;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.clinician.ClinicianLeave;
import org.betweensessions.clinician.ClinicianLeaveRepository;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.coverage.Coverage.Reason;
import org.betweensessions.coverage.Coverage.Status;
import org.betweensessions.coverage.CoverageSummary.Kind;
import org.betweensessions.database.AfterCommit;
import org.betweensessions.message.Channel;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.policy.LanguageBank;
import org.betweensessions.policy.Policies;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.policy.PolicyDocument.ContactPurpose;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.templates.TemplateBank;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Vacation and leave coverage: planning an absence, the changes people make to it, and the steps of
 * the coverage-handoff process (one method per service task). Every step is idempotent: a job that
 * runs twice, or an instance rebuilt by the reconciliation, finds what was done in the database and
 * does not do it again (notices are keyed per coverage, client and dates; audit entries once).
 * Routing during the absence is the clinician's {@link ClinicianLeave}: triage and the crisis path
 * read it through {@link CareTeam}.
 */
@Service
public class CoverageHandoff {

    static final String ACTOR = "coverage-handoff";
    static final String NOTICE_TEMPLATE = "coverage.notice";
    static final String DATES_CHANGED_TEMPLATE = "coverage.dates-changed";
    static final String CANCELLED_TEMPLATE = "coverage.cancelled";
    /** Approval levels the coverage-approval decision returns. */
    static final String SUPERVISOR = "SUPERVISOR";

    static final String CLINICAL_DIRECTOR = "CLINICAL_DIRECTOR";

    private final CoverageRepository coverages;
    private final CoverageSummaryRepository summaries;
    private final ClinicianRepository clinicians;
    private final ClinicianLeaveRepository leaves;
    private final ClinicianCalendars calendars;
    private final CareTeam careTeam;
    private final StaffMemberRepository staff;
    private final Policies policies;
    private final Outbox outbox;
    private final TemplateBank templates;
    private final Notifier notifier;
    private final AuditTrail audit;
    private final CoverageEngine engine;
    private final CoverageProperties properties;
    private final Licences licences;
    private final Clock clock;

    CoverageHandoff(
            CoverageRepository coverages,
            CoverageSummaryRepository summaries,
            ClinicianRepository clinicians,
            ClinicianLeaveRepository leaves,
            ClinicianCalendars calendars,
            CareTeam careTeam,
            StaffMemberRepository staff,
            Policies policies,
            Outbox outbox,
            TemplateBank templates,
            Notifier notifier,
            AuditTrail audit,
            CoverageEngine engine,
            CoverageProperties properties,
            Licences licences,
            Clock clock) {
        this.coverages = coverages;
        this.summaries = summaries;
        this.clinicians = clinicians;
        this.leaves = leaves;
        this.calendars = calendars;
        this.careTeam = careTeam;
        this.staff = staff;
        this.policies = policies;
        this.outbox = outbox;
        this.templates = templates;
        this.notifier = notifier;
        this.audit = audit;
        this.engine = engine;
        this.properties = properties;
        this.licences = licences;
        this.clock = clock;
    }

    // ---- What people do (API) ----

    /** A planned absence; {@code emergency}: sick today, no notice period, routing switches at once. */
    public record Plan(
            UUID clinicianId,
            UUID coveringClinicianId,
            LocalDate startsOn,
            LocalDate endsOn,
            Reason reasonCategory,
            boolean emergency) {}

    /**
     * Registers the absence and, after commit, starts coverage-handoff. 400 naming the field for dates
     * that do not fit, 409 when the clinician already has an open coverage on those days.
     */
    @Transactional
    public Coverage plan(Plan plan, String by) {
        Clinician clinician = coverages
                .lockClinician(plan.clinicianId())
                .orElseThrow(() -> new NotFoundException("clinicianId", "No clinician with this id"));
        Clinician covering = clinicians
                .findById(plan.coveringClinicianId())
                .filter(c -> c.getPracticeId().equals(clinician.getPracticeId()))
                .orElseThrow(() -> new InvalidFieldException(
                        "coveringClinician", "No clinician of this practice with this username"));
        if (covering.getId().equals(clinician.getId())) {
            throw new InvalidFieldException("coveringClinician", "A clinician cannot cover for themselves");
        }
        ZoneId zone = clinician.getTimeZone();
        Instant now = now();
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate startsOn = plan.emergency() && plan.startsOn() == null ? today : plan.startsOn();
        if (startsOn == null) {
            throw new InvalidFieldException("startsOn", "Required");
        }
        if (plan.endsOn() == null) {
            throw new InvalidFieldException("endsOn", "Required");
        }
        if (plan.endsOn().isBefore(startsOn)) {
            throw new InvalidFieldException("endsOn", "The absence ends before it starts");
        }
        if (plan.emergency() && !startsOn.equals(today)) {
            throw new InvalidFieldException(
                    "startsOn",
                    "An emergency absence starts today (" + today
                            + ", the clinician's time zone); plan a later absence without emergency");
        }
        if (!plan.emergency() && startsOn.isBefore(today)) {
            throw new InvalidFieldException("startsOn", "The absence starts in the past");
        }
        if (startsOn.isAfter(today.plusYears(2))) {
            throw InvalidFieldException.outOfRange("startsOn", "More than two years ahead");
        }
        if (ChronoUnit.DAYS.between(startsOn, plan.endsOn()) > 366) {
            throw InvalidFieldException.outOfRange("endsOn", "An absence of more than a year");
        }
        if (!coverages.findOpenOverlapping(clinician.getId(), startsOn, plan.endsOn()).stream()
                .filter(c -> c.getClinicianId().equals(clinician.getId()))
                .toList()
                .isEmpty()) {
            throw new ConflictException("The clinician already has an open coverage on these days");
        }
        Instant startsAt = plan.emergency() ? now : startOfDay(startsOn, zone);
        Coverage coverage = coverages.saveAndFlush(new Coverage(
                clinician.getPracticeId(),
                clinician.getId(),
                covering.getId(),
                plan.reasonCategory(),
                plan.emergency(),
                startsOn,
                plan.endsOn(),
                startsAt,
                startOfDay(plan.endsOn().plusDays(1), zone),
                by,
                now));
        if (plan.emergency()) {
            // Sick today: crisis alerts and new messages go to the covering clinician now, before anyone
            // has accepted or approved (both are still asked, and a decline hands cover to the supervisor).
            coverage.leave(leaves.saveAndFlush(
                            new ClinicianLeave(clinician.getId(), startsOn, plan.endsOn(), covering.getId()))
                    .getId());
        }
        audit.record(
                by,
                plan.emergency() ? "EMERGENCY_ABSENCE_REGISTERED" : "ABSENCE_PLANNED",
                "COVERAGE",
                coverage.getId(),
                details(
                        coverage,
                        "covering",
                        covering.getUsername(),
                        "reasonCategory",
                        plan.reasonCategory().name()));
        UUID id = coverage.getId();
        AfterCommit.run(() -> engine.start(id));
        return coverage;
    }

    /**
     * A coverage summary (or its update by the covering clinician during the absence), encrypted. The
     * text never reaches the engine: the task form confirms only that summaries are written.
     */
    @Transactional
    public CoverageSummary writeSummary(
            UUID coverageId, UUID clientId, String text, boolean warmHandoffDone, String by) {
        Coverage coverage = locked(coverageId);
        if (!coverage.getStatus().isOpen()) {
            throw new ConflictException("This coverage is closed");
        }
        CoverageSummary summary = summaries
                .findByCoverageIdAndClientId(coverageId, clientId)
                .orElseGet(() -> summaries.save(new CoverageSummary(coverageId, clientId, Kind.SHORT, false)));
        boolean byCovering = clinicians
                .findById(coverage.getCoveringClinicianId())
                .map(c -> c.getUsername().equals(by))
                .orElse(false);
        Instant now = now();
        if (text != null) {
            summary.written(text, by, now, byCovering && coverage.getStatus() == Status.ACTIVE);
        }
        if (warmHandoffDone) {
            summary.warmHandoffDone(now);
        }
        audit.record(
                by,
                byCovering ? "COVERAGE_SUMMARY_UPDATED" : "COVERAGE_SUMMARY_WRITTEN",
                "CLIENT",
                clientId,
                details(
                        coverage,
                        "kind",
                        summary.getKind().name(),
                        "warmHandoffDone",
                        summary.getWarmHandoffDoneAt() != null));
        return summary;
    }

    /** The clients of the clinician who is away who are in treatment or intake: one summary each. */
    @Transactional(readOnly = true)
    public List<Client> clientsOf(Coverage coverage) {
        return coverages.activeClientsOf(coverage.getClinicianId());
    }

    @Transactional(readOnly = true)
    public List<CoverageSummary> summariesOf(UUID coverageId) {
        return summaries.findByCoverageId(coverageId);
    }

    @Transactional(readOnly = true)
    public Coverage get(UUID id) {
        return coverages.findById(id).orElseThrow(() -> new NotFoundException("id", "No coverage with this id"));
    }

    @Transactional(readOnly = true)
    public List<Coverage> ofClinician(UUID clinicianId) {
        return coverages.findByClinicianIdOrderByStartsOnDesc(clinicianId);
    }

    /** The absences a clinician covers (open ones first in the list's order of dates). */
    @Transactional(readOnly = true)
    public List<Coverage> coveredBy(UUID coveringClinicianId) {
        return coverages.findByCoveringClinicianIdOrderByStartsOnDesc(coveringClinicianId).stream()
                .filter(c -> c.getStatus().isOpen())
                .toList();
    }

    /**
     * Extension or shortening (a new last day away). A shortening takes effect at once: before the
     * start only the stored dates change (the start step reads them); during the absence the running
     * instance hears of it and its end timer moves, and clients who were told get the new dates. An
     * extension is a request until the instance has checked it (coverage-approval on the new length,
     * the covering clinician free and licensed on the new days): until then the stored dates hold. The
     * same extension asked again while it waits is that request (idempotent); another one is a 409.
     */
    @Transactional
    public Coverage changeEnd(UUID coverageId, LocalDate endsOn, String by) {
        Coverage coverage = locked(coverageId);
        if (coverage.getStatus() != Status.PLANNING
                && coverage.getStatus() != Status.APPROVED
                && coverage.getStatus() != Status.ACTIVE) {
            throw new ConflictException(
                    "The coverage is " + coverage.getStatus() + "; only a planned or running absence can change");
        }
        if (endsOn == null) {
            throw new InvalidFieldException("endsOn", "Required");
        }
        if (endsOn.isBefore(coverage.getStartsOn())) {
            throw new InvalidFieldException("endsOn", "The absence would end before it starts;" + " cancel it instead");
        }
        if (ChronoUnit.DAYS.between(coverage.getStartsOn(), endsOn) > 366) {
            throw InvalidFieldException.outOfRange("endsOn", "An absence of more than a year");
        }
        ZoneId zone = zoneOf(coverage);
        LocalDate today = now().atZone(zone).toLocalDate();
        if (coverage.getStatus() == Status.ACTIVE && endsOn.isBefore(today.minusDays(1))) {
            throw new InvalidFieldException("endsOn", "The last day away cannot lie before yesterday");
        }
        if (endsOn.equals(coverage.getChangeEndsOn())) {
            // The same request again (a double submit, a colleague asking too): it is the one already
            // waiting; nothing new is written or sent to the engine.
            return coverage;
        }
        if (coverage.getChangeEndsOn() != null) {
            throw new ConflictException("A change to " + coverage.getChangeEndsOn()
                    + " is waiting for its checks or approval; it must be decided first");
        }
        LocalDate before = coverage.getEndsOn();
        if (endsOn.isAfter(before)) {
            coverage.changeRequested(endsOn, by, now());
            audit.record(
                    by,
                    "ABSENCE_EXTENSION_REQUESTED",
                    "COVERAGE",
                    coverageId,
                    details(coverage, "endsOnRequested", endsOn.toString()));
            AfterCommit.run(() -> engine.publish(coverageId, engine.changeRequested(), Map.of()));
            return coverage;
        }
        coverage.endsOn(endsOn, startOfDay(endsOn.plusDays(1), zone));
        leaveOf(coverage).ifPresent(l -> l.endOn(endsOn));
        audit.record(
                by,
                endsOn.isAfter(before) ? "ABSENCE_EXTENDED" : "ABSENCE_SHORTENED",
                "COVERAGE",
                coverageId,
                details(coverage, "endsOnBefore", before.toString(), "endsOn", endsOn.toString()));
        if (coverage.getStatus() == Status.ACTIVE) {
            AfterCommit.run(() -> engine.publish(coverageId, engine.datesChanged(), Map.of()));
        }
        return coverage;
    }

    // ---- A requested extension: the steps of the "Dates change requested" event sub-process ----

    /**
     * CheckDatesChangeTask: the facts for coverage-approval on the new length (the notice the plan
     * had), and whether the covering clinician (or the one the clinician named instead) is free and
     * licensed on the new days. {@code changePending} false: nothing waits (decided, or closed).
     */
    public record ChangeChecked(
            boolean changePending,
            String changeEndsOn,
            long changeNoticeDays,
            long changeLengthDays,
            boolean changeEmergency,
            String changeConflict,
            List<String> changeConflictClients,
            boolean changeNeedsAcceptance,
            String changeCoveringAssignee,
            String changeApproverAssignee,
            String changePlannerAssignee) {}

    @Transactional
    public ChangeChecked checkChange(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        if (!changeOpen(coverage)) {
            return new ChangeChecked(false, null, 0, 0, false, null, List.of(), false, null, null, null);
        }
        Clinician clinician = clinician(coverage.getClinicianId());
        UUID coveringId = coverage.getChangeCoveringClinicianId() == null
                ? coverage.getCoveringClinicianId()
                : coverage.getChangeCoveringClinicianId();
        Conflict found = conflictOf(coverage, coveringId, coverage.getStartsOn(), coverage.getChangeEndsOn());
        String conflict = found == null ? null : found.code();
        if (!Objects.equals(conflict, coverage.getChangeConflict())) {
            coverage.changeConflict(conflict);
            if (conflict != null) {
                audit.record(
                        ACTOR,
                        "DATES_CHANGE_CONFLICT",
                        "COVERAGE",
                        coverageId,
                        details(
                                coverage,
                                "endsOnRequested",
                                coverage.getChangeEndsOn().toString(),
                                "conflict",
                                conflict,
                                "covering",
                                clinician(coveringId).getUsername(),
                                "clients",
                                found.clients().isEmpty()
                                        ? null
                                        : found.clients().stream()
                                                .map(u -> u.clientId() + ":" + u.jurisdiction())
                                                .toList()));
            }
        }
        LocalDate plannedOn =
                coverage.getPlannedAt().atZone(clinician.getTimeZone()).toLocalDate();
        String planner = staff.findByUsername(coverage.getPlannedBy()).isPresent()
                ? coverage.getPlannedBy()
                : clinician.getUsername();
        String requester = coverage.getChangeRequestedBy() != null
                        && staff.findByUsername(coverage.getChangeRequestedBy()).isPresent()
                ? coverage.getChangeRequestedBy()
                : planner;
        return new ChangeChecked(
                true,
                coverage.getChangeEndsOn().toString(),
                Math.max(0, ChronoUnit.DAYS.between(plannedOn, coverage.getStartsOn())),
                ChronoUnit.DAYS.between(coverage.getStartsOn(), coverage.getChangeEndsOn()) + 1,
                coverage.isEmergency(),
                conflict,
                found == null
                        ? List.of()
                        : found.clients().stream()
                                .map(Licences.Unlicensed::label)
                                .toList(),
                conflict == null
                        && coverage.getChangeCoveringClinicianId() != null
                        && coverage.getChangeAcceptedAt() == null,
                clinician(coveringId).getUsername(),
                director(coverage),
                requester);
    }

    /**
     * RecordDatesChangeRevisionTask: the clinician keeps the old dates (the request closes), or names
     * another covering clinician for the whole absence (a username of the practice; an unknown one
     * keeps the current one, and the check finds the conflict again).
     */
    public record ChangeRevised(boolean changeWithdrawn, String changeCoveringAssignee) {}

    @Transactional
    public ChangeRevised changeRevised(UUID coverageId, String coveringUsername, boolean keepOldDates, String by) {
        Coverage coverage = coverage(coverageId);
        if (!changeOpen(coverage)) {
            return new ChangeRevised(true, null);
        }
        if (keepOldDates) {
            audit.record(
                    by == null ? ACTOR : by,
                    "DATES_CHANGE_WITHDRAWN",
                    "COVERAGE",
                    coverageId,
                    details(
                            coverage,
                            "endsOnRequested",
                            coverage.getChangeEndsOn().toString()));
            coverage.changeClosed();
            return new ChangeRevised(true, null);
        }
        Optional<Clinician> covering = coveringUsername == null
                ? Optional.empty()
                : clinicians
                        .findByUsername(coveringUsername.trim())
                        .filter(c -> c.getPracticeId().equals(coverage.getPracticeId()))
                        .filter(c -> !c.getId().equals(coverage.getClinicianId()));
        covering.ifPresent(c -> coverage.changeCoveredBy(c.getId()));
        audit.record(
                by == null ? ACTOR : by,
                "DATES_CHANGE_REVISED",
                "COVERAGE",
                coverageId,
                details(
                        coverage,
                        "endsOnRequested",
                        coverage.getChangeEndsOn().toString(),
                        "covering",
                        covering.map(Clinician::getUsername).orElse(null)));
        UUID asked = coverage.getChangeCoveringClinicianId() == null
                ? coverage.getCoveringClinicianId()
                : coverage.getChangeCoveringClinicianId();
        return new ChangeRevised(false, clinician(asked).getUsername());
    }

    /** RecordDatesChangeAnswerTask: the newly named covering clinician accepts the whole absence, or not. */
    @Transactional
    public boolean changeAnswered(UUID coverageId, boolean accepted, String by) {
        Coverage coverage = coverage(coverageId);
        if (!changeOpen(coverage)) {
            return false;
        }
        if (accepted && coverage.getChangeAcceptedAt() == null) {
            coverage.changeAccepted(now());
            audit.record(by == null ? ACTOR : by, "DATES_CHANGE_ACCEPTED", "COVERAGE", coverageId, details(coverage));
        } else if (!accepted) {
            coverage.changeConflict("DECLINED");
            audit.record(by == null ? ACTOR : by, "DATES_CHANGE_DECLINED", "COVERAGE", coverageId, details(coverage));
        }
        return accepted;
    }

    /**
     * RecordDatesChangeDecisionTask: the clinical director approves the longer absence, or returns it
     * (the request closes; the old dates stay).
     */
    @Transactional
    public boolean changeDecided(UUID coverageId, boolean approved, String by) {
        Coverage coverage = coverage(coverageId);
        if (!changeOpen(coverage)) {
            return false;
        }
        audit.record(
                by == null ? ACTOR : by,
                approved ? "DATES_CHANGE_APPROVED" : "DATES_CHANGE_NOT_APPROVED",
                "COVERAGE",
                coverageId,
                details(coverage, "endsOnRequested", coverage.getChangeEndsOn().toString()));
        if (!approved) {
            coverage.changeClosed();
        }
        return approved;
    }

    /**
     * CommitDatesChangeTask: the checks passed; the new last day (and covering clinician, if another
     * was named) is in force: the coverage, the leave, and during the absence the end timer (the
     * running instance hears of it) and the clients who were told.
     */
    @Transactional
    public String commitChange(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        if (!changeOpen(coverage)) {
            return coverage.getEndsAt().toString();
        }
        LocalDate before = coverage.getEndsOn();
        LocalDate endsOn = coverage.getChangeEndsOn();
        coverage.endsOn(endsOn, startOfDay(endsOn.plusDays(1), zoneOf(coverage)));
        UUID newCovering = coverage.getChangeCoveringClinicianId();
        if (newCovering != null) {
            coverage.coveringChanged(newCovering, coverage.getChangeAcceptedAt());
        }
        leaveOf(coverage).ifPresent(l -> {
            l.endOn(endsOn);
            if (newCovering != null) {
                l.coveringClinician(newCovering);
            }
        });
        audit.record(
                coverage.getChangeRequestedBy() == null ? ACTOR : coverage.getChangeRequestedBy(),
                "ABSENCE_EXTENDED",
                "COVERAGE",
                coverageId,
                details(
                        coverage,
                        "endsOnBefore",
                        before.toString(),
                        "endsOn",
                        endsOn.toString(),
                        "covering",
                        newCovering == null ? null : clinician(newCovering).getUsername()));
        coverage.changeClosed();
        if (coverage.getStatus() == Status.ACTIVE) {
            AfterCommit.run(() -> engine.publish(coverageId, engine.datesChanged(), Map.of()));
        } else if (coverage.getNoticesSentAt() != null) {
            notifyClients(coverage, DATES_CHANGED_TEMPLATE, "coverage-dates:" + coverageId + ":" + endsOn);
        }
        return coverage.getEndsAt().toString();
    }

    private static boolean changeOpen(Coverage coverage) {
        return coverage.getChangeEndsOn() != null
                && (coverage.getStatus() == Status.PLANNING
                        || coverage.getStatus() == Status.APPROVED
                        || coverage.getStatus() == Status.ACTIVE);
    }

    /** Who approves what coverage-approval gives the clinical director (unset: the supervisor). */
    private String director(Coverage coverage) {
        return properties
                .director()
                .filter(d -> staff.findByUsername(d).isPresent())
                .orElse(careTeam.supervisorOf(coverage.getPracticeId()));
    }

    /**
     * Cancelled: before the start the instance closes (clients who were told hear it is off); during
     * the absence the clinician is back now (the end comes at once, with the hand-back).
     */
    @Transactional
    public Coverage cancel(UUID coverageId, String by) {
        Coverage coverage = locked(coverageId);
        coverage.changeClosed();
        switch (coverage.getStatus()) {
            case PLANNING, APPROVED -> {
                coverage.closed(Status.CANCELLED, "CANCELLED", now());
                leaveOf(coverage).ifPresent(leaves::delete);
                audit.record(by, "ABSENCE_CANCELLED", "COVERAGE", coverageId, details(coverage));
                AfterCommit.run(() -> engine.publish(coverageId, engine.cancelled(), Map.of()));
            }
            case ACTIVE -> {
                Instant now = now();
                LocalDate today = now.atZone(zoneOf(coverage)).toLocalDate();
                Optional<ClinicianLeave> leave = leaveOf(coverage);
                if (today.isAfter(coverage.getStartsOn())) {
                    coverage.endsOn(today.minusDays(1), now);
                    leave.ifPresent(l -> l.endOn(today.minusDays(1)));
                } else {
                    coverage.endsOn(coverage.getStartsOn(), now);
                    leave.ifPresent(leaves::delete);
                }
                audit.record(by, "ABSENCE_ENDED_EARLY", "COVERAGE", coverageId, details(coverage));
                AfterCommit.run(() -> engine.publish(coverageId, engine.datesChanged(), Map.of()));
            }
            default -> throw new ConflictException("The coverage is already " + coverage.getStatus());
        }
        return coverage;
    }

    /**
     * The covering clinician cannot cover any more (ill, emergency): the supervisor answers and is
     * alerted, from now on. Only during an approved or running absence.
     */
    @Transactional
    public Coverage coveringUnavailable(UUID coverageId, String by) {
        Coverage coverage = locked(coverageId);
        if (coverage.getStatus() != Status.ACTIVE
                && !(coverage.isEmergency() && coverage.getStatus() == Status.PLANNING)) {
            throw new ConflictException("Only a running absence changes cover this way; before the"
                    + " start, cancel and plan again with another covering clinician");
        }
        if (coverage.getCoveringUnavailableAt() != null) {
            return coverage;
        }
        String supervisor = careTeam.supervisorOf(coverage.getPracticeId());
        leaveOf(coverage).ifPresent(l -> l.coveredBy(supervisor));
        coverage.coveringUnavailable(now());
        audit.record(
                by,
                "COVERING_CLINICIAN_UNAVAILABLE",
                "COVERAGE",
                coverageId,
                details(coverage, "coveredBy", supervisor));
        if (coverage.getStatus() == Status.ACTIVE) {
            AfterCommit.run(() -> engine.publish(coverageId, engine.coveringUnavailable(), Map.of()));
        } else {
            notifier.send(new StaffNotification(supervisor, "COVERAGE_SUPERVISOR_COVERS", SUPERVISOR, coverageId));
        }
        return coverage;
    }

    // ---- Process steps ----

    /**
     * {@code stood}: the coverage's status (PLANNING, APPROVED, ACTIVE, ENDED): where an instance
     * rebuilt by the reconciliation resumes.
     */
    public record Opened(
            long noticeDays,
            long lengthDays,
            boolean emergency,
            String reasonCategory,
            String clinicianAssignee,
            String plannerAssignee,
            String coverageStartsAt,
            String stood,
            String summaryAssignee) {}

    /** OpenCoverageTask: the instance is the coverage's; the facts the decisions need. */
    @Transactional
    public Opened open(UUID coverageId, long processInstanceKey) {
        Coverage coverage = coverage(coverageId);
        coverage.startedAs(processInstanceKey);
        Clinician clinician = clinician(coverage.getClinicianId());
        LocalDate plannedOn =
                coverage.getPlannedAt().atZone(clinician.getTimeZone()).toLocalDate();
        String planner = coverage.getPlannedBy();
        if (staff.findByUsername(planner).isEmpty()) {
            planner = clinician.getUsername();
        }
        return new Opened(
                Math.max(0, ChronoUnit.DAYS.between(plannedOn, coverage.getStartsOn())),
                lengthDays(coverage),
                coverage.isEmergency(),
                coverage.getReasonCategory().name(),
                clinician.getUsername(),
                planner,
                coverage.getStartsAt().toString(),
                coverage.getStatus().name(),
                summaryAssignee(coverage));
    }

    /**
     * {@code coverageAccepted}: the database records the covering clinician's acceptance of this plan
     * (an instance rebuilt by the reconciliation does not ask again); {@code coverageConflictClients}:
     * for a licence conflict, the clients concerned by initials, jurisdiction and id.
     */
    public record Checked(
            String coverageConflict,
            String coveringAssignee,
            String approverAssignee,
            String summaryAssignee,
            boolean coverageAccepted,
            List<String> coverageConflictClients) {}

    /** Why a covering clinician cannot cover given days, and for a licence conflict which clients. */
    record Conflict(String code, List<Licences.Unlicensed> clients) {}

    /**
     * The covering clinician away on any of the days (a leave, or an open coverage of their own),
     * already covering someone else then, or, where the practice records licences, not licensed for
     * the jurisdiction of an active client of the absent clinician. Null when free.
     */
    Conflict conflictOf(Coverage coverage, UUID coveringId, LocalDate from, LocalDate to) {
        boolean coveringAway = leaves.findByClinicianId(coveringId).stream()
                .filter(l -> coverage.getLeaveId() == null || !l.getId().equals(coverage.getLeaveId()))
                .anyMatch(l -> !l.getStartsOn().isAfter(to) && !l.getEndsOn().isBefore(from));
        List<Coverage> overlapping = coverages.findOpenOverlapping(coveringId, from, to).stream()
                .filter(c -> !c.getId().equals(coverage.getId()))
                .toList();
        if (coveringAway
                || overlapping.stream().anyMatch(c -> c.getClinicianId().equals(coveringId))) {
            return new Conflict("COVERING_CLINICIAN_AWAY", List.of());
        }
        if (overlapping.stream()
                .anyMatch(c -> c.getCoveringClinicianId().equals(coveringId) && c.getApprovedAt() != null)) {
            return new Conflict("COVERING_CLINICIAN_ALREADY_COVERING", List.of());
        }
        List<Licences.Unlicensed> unlicensed =
                licences.notLicensedFor(coveringId, coverages.activeClientsOf(coverage.getClinicianId()));
        if (!unlicensed.isEmpty()) {
            return new Conflict("COVERING_CLINICIAN_NOT_LICENSED", unlicensed);
        }
        return null;
    }

    /**
     * CheckCoverageConflictTask: is the covering clinician free (see {@link #conflictOf}); who accepts,
     * who approves. A plan the database says is back with the clinician (an instance rebuilt while the
     * revision task was open) goes straight back to that task.
     */
    @Transactional
    public Checked check(UUID coverageId, String approvalLevel) {
        Coverage coverage = coverage(coverageId);
        Clinician covering = clinician(coverage.getCoveringClinicianId());
        String approver = CLINICAL_DIRECTOR.equals(approvalLevel)
                ? properties
                        .director()
                        .filter(d -> staff.findByUsername(d).isPresent())
                        .orElse(careTeam.supervisorOf(coverage.getPracticeId()))
                : careTeam.supervisorOf(coverage.getPracticeId());
        if (coverage.getRevisionReason() != null) {
            Conflict again = "COVERING_CLINICIAN_NOT_LICENSED".equals(coverage.getRevisionReason())
                    ? conflictOf(coverage, covering.getId(), coverage.getStartsOn(), coverage.getEndsOn())
                    : null;
            return new Checked(
                    coverage.getRevisionReason(),
                    covering.getUsername(),
                    approver,
                    summaryAssignee(coverage),
                    false,
                    again == null
                            ? List.of()
                            : again.clients().stream()
                                    .map(Licences.Unlicensed::label)
                                    .toList());
        }
        Conflict found = conflictOf(coverage, covering.getId(), coverage.getStartsOn(), coverage.getEndsOn());
        String conflict = found == null ? null : found.code();
        List<String> clients = found == null
                ? List.of()
                : found.clients().stream().map(Licences.Unlicensed::label).toList();
        if (conflict != null) {
            coverage.revisionRequested(conflict);
        }
        if (!Objects.equals(conflict, coverage.getConflict())
                || !Objects.equals(approver, coverage.getApprovalRequestedFrom())) {
            coverage.conflict(conflict);
            coverage.approvalRequested(approvalLevel, approver);
            audit.record(
                    ACTOR,
                    conflict == null ? "COVERAGE_CHECKED" : "COVERAGE_CONFLICT",
                    "COVERAGE",
                    coverageId,
                    details(
                            coverage,
                            "conflict",
                            conflict,
                            "approvalLevel",
                            approvalLevel,
                            "approver",
                            approver,
                            "clients",
                            found == null || found.clients().isEmpty()
                                    ? null
                                    : found.clients().stream()
                                            .map(u -> u.clientId() + ":" + u.jurisdiction())
                                            .toList()));
        }
        return new Checked(
                conflict,
                covering.getUsername(),
                approver,
                summaryAssignee(coverage),
                conflict == null && coverage.getAcceptedAt() != null,
                clients);
    }

    /** Sick today: the clinician cannot write summaries; the covering clinician prepares them. */
    private String summaryAssignee(Coverage coverage) {
        return clinician(coverage.isEmergency() ? coverage.getCoveringClinicianId() : coverage.getClinicianId())
                .getUsername();
    }

    /** ReturnToPlanning tasks: the covering clinician declined, or the approver did not approve. */
    @Transactional
    public void returnToPlanning(UUID coverageId, String reason, String by) {
        Coverage coverage = coverage(coverageId);
        if ("DECLINED".equals(reason)) {
            if (coverage.getDeclinedAt() != null) {
                coverage.revisionRequested(reason);
                return;
            }
            coverage.declined(now());
        }
        coverage.revisionRequested(reason == null ? "NOT_APPROVED" : reason);
        leaveOf(coverage).filter(l -> l.getCoverUsername() == null).ifPresent(l -> {
            // An emergency absence is in force already: the supervisor covers until a colleague accepts.
            String supervisor = careTeam.supervisorOf(coverage.getPracticeId());
            l.coveredBy(supervisor);
            notifier.send(new StaffNotification(supervisor, "COVERAGE_SUPERVISOR_COVERS", SUPERVISOR, coverageId));
        });
        audit.record(
                by == null ? ACTOR : by,
                "DECLINED".equals(reason) ? "COVERAGE_DECLINED" : "COVERAGE_NOT_APPROVED",
                "COVERAGE",
                coverageId,
                details(coverage));
    }

    /** RecordCoverageAcceptedTask: the covering clinician accepted. */
    @Transactional
    public void accepted(UUID coverageId, String by) {
        Coverage coverage = coverage(coverageId);
        if (coverage.getAcceptedAt() == null) {
            coverage.accepted(now());
            audit.record(by == null ? ACTOR : by, "COVERAGE_ACCEPTED", "COVERAGE", coverageId, details(coverage));
        }
    }

    /**
     * RecordRevisedPlanTask: another covering clinician (a username of the practice), or the plan is
     * withdrawn. An unknown username keeps the old one (the check finds the conflict again).
     */
    @Transactional
    public boolean revised(UUID coverageId, String coveringUsername, boolean withdraw, String by) {
        Coverage coverage = coverage(coverageId);
        if (!coverage.getStatus().isOpen()) {
            return true;
        }
        coverage.revisionRequested(null);
        if (withdraw) {
            coverage.closed(Status.WITHDRAWN, "WITHDRAWN", now());
            leaveOf(coverage).ifPresent(leaves::delete);
            audit.record(by == null ? ACTOR : by, "COVERAGE_WITHDRAWN", "COVERAGE", coverageId, details(coverage));
            return true;
        }
        Optional<Clinician> covering = coveringUsername == null
                ? Optional.empty()
                : clinicians
                        .findByUsername(coveringUsername.trim())
                        .filter(c -> c.getPracticeId().equals(coverage.getPracticeId()))
                        .filter(c -> !c.getId().equals(coverage.getClinicianId()));
        covering.ifPresent(c -> {
            coverage.coveredBy(c.getId());
            leaveOf(coverage).ifPresent(l -> {
                leaves.delete(l);
                leaves.flush();
                coverage.leave(leaves.saveAndFlush(new ClinicianLeave(
                                coverage.getClinicianId(), coverage.getStartsOn(), coverage.getEndsOn(), c.getId()))
                        .getId());
            });
        });
        audit.record(
                by == null ? ACTOR : by,
                "COVERAGE_PLAN_REVISED",
                "COVERAGE",
                coverageId,
                details(
                        coverage,
                        "covering",
                        covering.map(Clinician::getUsername).orElse(null)));
        return false;
    }

    public record ClientRisk(String clientId, String riskLevel) {}

    public record Approved(String summariesDueAt, String notifyAt, String coverageStartsAt, List<ClientRisk> clients) {}

    /**
     * RecordCoverageApprovalTask: approved; the leave is recorded (routing during the absence), the
     * summaries' due time and the client notice time are fixed once, from the coverage-schedule
     * decision; the clients the summary decision looks at. Whether the approver confirmed reviewing
     * a full coverage plan (short notice or a long absence) goes into the audit entry, so a
     * supervisor can see a full plan approved unreviewed.
     */
    @Transactional
    public Approved approved(UUID coverageId, String approver, int summariesLeadDays, int noticeLeadDays) {
        return approved(coverageId, approver, summariesLeadDays, noticeLeadDays, false, false);
    }

    @Transactional
    public Approved approved(
            UUID coverageId,
            String approver,
            int summariesLeadDays,
            int noticeLeadDays,
            boolean fullCoveragePlan,
            boolean fullCoveragePlanReviewed) {
        Coverage coverage = coverage(coverageId);
        Instant now = now();
        if (coverage.getApprovedAt() == null) {
            UUID leaveId = leaveOf(coverage)
                    .map(ClinicianLeave::getId)
                    .orElseGet(() -> leaves.saveAndFlush(new ClinicianLeave(
                                    coverage.getClinicianId(),
                                    coverage.getStartsOn(),
                                    coverage.getEndsOn(),
                                    coverage.getCoveringClinicianId()))
                            .getId());
            Instant summariesDue = latest(now, coverage.getStartsAt().minus(Duration.ofDays(summariesLeadDays)));
            Instant notifyAt = latest(now, coverage.getStartsAt().minus(Duration.ofDays(noticeLeadDays)));
            coverage.approved(approver, now, leaveId, summariesDue, notifyAt);
            audit.record(
                    approver == null ? ACTOR : approver,
                    "COVERAGE_APPROVED",
                    "COVERAGE",
                    coverageId,
                    details(
                            coverage,
                            "approvalLevel",
                            coverage.getApprovalLevel(),
                            "summariesDueAt",
                            summariesDue.toString(),
                            "notifyAt",
                            notifyAt.toString(),
                            "fullCoveragePlan",
                            fullCoveragePlan,
                            "fullCoveragePlanReviewed",
                            fullCoveragePlan ? fullCoveragePlanReviewed : null));
        }
        List<ClientRisk> clients = coverages.activeClientsOf(coverage.getClinicianId()).stream()
                .map(c -> new ClientRisk(
                        c.getId().toString(),
                        c.getRiskLevel() == null ? "LOW" : c.getRiskLevel().name()))
                .toList();
        return new Approved(
                coverage.getSummariesDueAt().toString(),
                coverage.getNotifyAt().toString(),
                coverage.getStartsAt().toString(),
                clients);
    }

    public record SummaryNeed(String clientId, String summaryKind, Boolean warmHandoff) {}

    public record RouteDuringAbsence(String category, String route) {}

    public record Needs(int summariesNeeded, boolean summariesReady) {}

    /**
     * RecordCoverageNeedsTask: what the decisions asked for each client (summary kind, warm hand-off)
     * and the routing per category during the absence, stored.
     */
    @Transactional
    public Needs needs(UUID coverageId, List<SummaryNeed> needs, List<RouteDuringAbsence> routing) {
        Coverage coverage = coverage(coverageId);
        for (SummaryNeed need : needs == null ? List.<SummaryNeed>of() : needs) {
            UUID clientId = UUID.fromString(need.clientId());
            Kind kind = need.summaryKind() == null ? Kind.SHORT : Kind.valueOf(need.summaryKind());
            boolean warm = Boolean.TRUE.equals(need.warmHandoff());
            summaries
                    .findByCoverageIdAndClientId(coverageId, clientId)
                    .ifPresentOrElse(
                            s -> s.asked(kind, warm),
                            () -> summaries.save(new CoverageSummary(coverageId, clientId, kind, warm)));
        }
        Map<String, String> byCategory = new HashMap<>();
        for (RouteDuringAbsence r : routing == null ? List.<RouteDuringAbsence>of() : routing) {
            if (r.category() != null && r.route() != null) {
                byCategory.putIfAbsent(r.category(), r.route());
            }
        }
        leaveOf(coverage).ifPresent(l -> l.routeDuringLeave(byCategory));
        summaries.flush();
        List<CoverageSummary> all = summaries.findByCoverageId(coverageId);
        int needed = (int) all.stream()
                .filter(s -> s.getKind() != Kind.NONE || s.isWarmHandoffRequired())
                .count();
        return new Needs(
                needed,
                coverage.getSummariesConfirmedAt() != null || all.stream().allMatch(CoverageSummary::isReady));
    }

    /** RecordCoverageSummariesTask: are all summaries and warm hand-offs the decision asked for done? */
    @Transactional
    public boolean summariesRecorded(UUID coverageId, String by) {
        return summariesRecorded(coverageId, true, by);
    }

    /**
     * RecordCoverageSummariesTask, with the clinician's confirmation from the form: the summaries
     * count as ready only when the database has every one and the clinician confirmed they (and the
     * warm hand-off calls) are done; otherwise the task comes back.
     */
    @Transactional
    public boolean summariesRecorded(UUID coverageId, boolean confirmedByClinician, String by) {
        Coverage coverage = coverage(coverageId);
        if (coverage.getSummariesConfirmedAt() != null) {
            return true;
        }
        List<CoverageSummary> all = summaries.findByCoverageId(coverageId);
        long missing = all.stream().filter(s -> !s.isReady()).count();
        if (missing == 0 && !confirmedByClinician) {
            audit.record(
                    by == null ? ACTOR : by,
                    "COVERAGE_SUMMARIES_INCOMPLETE",
                    "COVERAGE",
                    coverageId,
                    details(coverage, "missing", 0, "confirmedByClinician", false));
            return false;
        }
        if (missing == 0) {
            coverage.summariesConfirmed(now());
            audit.record(
                    by == null ? ACTOR : by,
                    "COVERAGE_SUMMARIES_READY",
                    "COVERAGE",
                    coverageId,
                    details(
                            coverage,
                            "summaries",
                            all.size(),
                            "warmHandoffs",
                            all.stream()
                                    .filter(CoverageSummary::isWarmHandoffRequired)
                                    .count()));
            return true;
        }
        audit.record(
                by == null ? ACTOR : by,
                "COVERAGE_SUMMARIES_INCOMPLETE",
                "COVERAGE",
                coverageId,
                details(coverage, "missing", missing));
        return false;
    }

    /** SummariesMissingAtStartTask: the absence starts without them; the supervisor is told. */
    @Transactional
    public void summariesMissing(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        String supervisor = careTeam.supervisorOf(coverage.getPracticeId());
        long missing = summaries.findByCoverageId(coverageId).stream()
                .filter(s -> !s.isReady())
                .count();
        if (!audit.eventsFor("COVERAGE", coverageId).stream()
                .anyMatch(e -> "COVERAGE_SUMMARIES_MISSING".equals(e.getEventType()))) {
            notifier.send(new StaffNotification(
                    supervisor, "COVERAGE_SUMMARIES_MISSING", SUPERVISOR, coverageId, (int) missing));
            audit.record(
                    ACTOR,
                    "COVERAGE_SUMMARIES_MISSING",
                    "COVERAGE",
                    coverageId,
                    details(coverage, "missing", missing, "raisedTo", supervisor));
        }
    }

    /**
     * SendClientNoticesTask: every client in treatment is told, in their language and written channel:
     * the dates, who covers and how to reach them, crisis resources. Checked against the avoid list.
     */
    @Transactional
    public int sendNotices(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        int sent = notifyClients(coverage, NOTICE_TEMPLATE, "coverage-notice:" + coverageId);
        if (coverage.getNoticesSentAt() == null) {
            coverage.noticesSent(now());
        }
        return sent;
    }

    private int notifyClients(Coverage coverage, String template, String keyPrefix) {
        int created = 0;
        for (Client client : coverages.activeClientsOf(coverage.getClinicianId())) {
            String language = "es".equals(client.getPreferredLanguage()) ? "es" : "en";
            String body = templates.render(template, language, noticeValues(coverage, client, language));
            LanguageBank.findAvoidedPhrase(body).ifPresent(p -> {
                throw new IllegalStateException(
                        "Template " + template + " (" + language + ") contains a phrase to avoid: " + p);
            });
            Channel channel = writtenChannel(client);
            var enqueued = outbox.enqueue(new Outbox.Notification(
                    keyPrefix + ":" + client.getId(), channel, client.getId(), template, language, body));
            if (enqueued.created()) {
                created++;
                audit.record(
                        ACTOR,
                        "COVERAGE_NOTICE_SENT",
                        "CLIENT",
                        client.getId(),
                        details(coverage, "template", template, "language", language, "channel", channel.name()));
            }
        }
        return created;
    }

    private Map<String, String> noticeValues(Coverage coverage, Client client, String language) {
        Map<String, String> v = new HashMap<>();
        Clinician covering = clinician(coverage.getCoveringClinicianId());
        v.put("startDate", day(coverage.getStartsOn(), language));
        v.put("returnDate", day(coverage.getEndsOn().plusDays(1), language));
        v.put("coveringName", covering.getStaffMember().getDisplayName());
        v.put(
                "coveringContact",
                covering.getWorkPhone() == null
                        ? covering.getWorkEmail()
                        : covering.getWorkPhone()
                                + (covering.getWorkEmail() == null ? "" : ", " + covering.getWorkEmail()));
        v.put("emergencyNumber", properties.emergencyNumber());
        PolicyDocument policy = policies.effective(client.getPracticeId(), client.getClinicianId())
                .getDocument();
        boolean es = "es".equals(language);
        v.put(
                "approvedChannel",
                policy.channelsOffered().stream()
                        .filter(c -> c.purposes().contains(ContactPurpose.CLINICAL_CHECK_IN)
                                && c.channel().isInbound())
                        .findFirst()
                        .map(c -> c.channel() == Channel.EMAIL
                                ? (es ? "el correo cifrado de la consulta" : "the practice's encrypted email")
                                : (es ? "el portal seguro para clientes" : "the secure client portal"))
                        .orElse(es ? "el portal seguro para clientes" : "the secure client portal"));
        return v;
    }

    public record Started(String coverageEndsAt, int tasksReassigned) {}

    /** StartCoverageTask: the absence is under way (routing reads the leave from today on). */
    @Transactional
    public Started start(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        if (coverage.getStartedAt() == null) {
            coverage.started(now(), 0);
            audit.record(
                    ACTOR,
                    "COVERAGE_STARTED",
                    "COVERAGE",
                    coverageId,
                    details(
                            coverage,
                            "covering",
                            clinician(coverage.getCoveringClinicianId()).getUsername()));
        }
        return new Started(coverage.getEndsAt().toString(), 0);
    }

    /** An open answer that moves to whoever answers the category during the absence. */
    public record Reassignment(UUID messageId, String assignee) {}

    /**
     * The open answers of the clinician's clients that the covering clinician (or the supervisor
     * covering) takes over: those of the categories coverage-routing gives to COVERING. The others
     * wait for the clinician's return, as their new messages do.
     */
    @Transactional(readOnly = true)
    public List<Reassignment> answersToReassign(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        if (coverage.getStatus() != Status.ACTIVE) {
            return List.of();
        }
        CareTeam.Team team = careTeam.forClinician(coverage.getClinicianId(), coverage.getPracticeId());
        if (!team.onLeave()) {
            return List.of();
        }
        List<Reassignment> out = new ArrayList<>();
        for (Object[] row : coverages.openAnswersOf(coverage.getClinicianId())) {
            String category = (String) row[1];
            if (!team.waitsForReturn(category)) {
                out.add(new Reassignment((UUID) row[0], team.answererOf(category)));
            }
        }
        return out;
    }

    /** How many open answers moved at the start (StartCoverageTask), audited once. */
    @Transactional
    public void tasksReassigned(UUID coverageId, int count) {
        Coverage coverage = coverage(coverageId);
        if (count > 0 || coverage.getTasksReassigned() == null) {
            int total = (coverage.getTasksReassigned() == null ? 0 : coverage.getTasksReassigned()) + count;
            coverage.started(coverage.getStartedAt() == null ? now() : coverage.getStartedAt(), total);
            if (count > 0) {
                audit.record(
                        ACTOR, "OPEN_ANSWERS_REASSIGNED", "COVERAGE", coverageId, details(coverage, "count", count));
            }
        }
    }

    /**
     * ApplyDatesChangeTask: the stored end (extended, shortened or ended early); clients who were told
     * get the new dates once per change.
     */
    @Transactional
    public String datesChanged(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        if (coverage.getNoticesSentAt() != null && coverage.getEndsAt().isAfter(now())) {
            notifyClients(
                    coverage, DATES_CHANGED_TEMPLATE, "coverage-dates:" + coverageId + ":" + coverage.getEndsOn());
        }
        return coverage.getEndsAt().toString();
    }

    /** SupervisorCoversTask: the supervisor is alerted and answers from now on (the leave says so). */
    @Transactional
    public String supervisorCovers(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        String supervisor = careTeam.supervisorOf(coverage.getPracticeId());
        leaveOf(coverage).filter(l -> l.getCoverUsername() == null).ifPresent(l -> l.coveredBy(supervisor));
        if (!audit.eventsFor("COVERAGE", coverageId).stream()
                .anyMatch(e -> "SUPERVISOR_COVERS".equals(e.getEventType()))) {
            notifier.send(new StaffNotification(supervisor, "COVERAGE_SUPERVISOR_COVERS", SUPERVISOR, coverageId));
            audit.record(
                    ACTOR, "SUPERVISOR_COVERS", "COVERAGE", coverageId, details(coverage, "supervisor", supervisor));
        }
        return supervisor;
    }

    /** One client's coverage period in figures: what the returning clinician reviews. */
    public record ClientHandBack(
            String clientId, long messages, long crises, long crisesAcknowledged, long openItems, int summaryUpdates) {}

    public record Ended(
            String handBackDueAt, List<ClientHandBack> handBack, String clinicianAssignee, int clientsWithActivity) {}

    /**
     * EndCoverageTask: the clinician is back (routing returns with the leave's last day); the
     * hand-back is due within the decided business days on the clinician's calendar; per client:
     * messages, crises and their acknowledgements, open items, summary updates (counts only).
     */
    @Transactional
    public Ended end(UUID coverageId, int handBackWithinBusinessDays) {
        Coverage coverage = coverage(coverageId);
        Clinician clinician = clinician(coverage.getClinicianId());
        Instant now = now();
        if (coverage.getEndedAt() == null || coverage.getHandBackDueAt() == null) {
            Instant due = calendars
                    .of(clinician)
                    .due(
                            latest(now, coverage.getEndsAt()),
                            ResponseWindow.businessDays(Math.max(1, handBackWithinBusinessDays)));
            coverage.ended(now, "RETURNED", due.truncatedTo(ChronoUnit.MILLIS));
            audit.record(
                    ACTOR,
                    "COVERAGE_ENDED",
                    "COVERAGE",
                    coverageId,
                    details(
                            coverage,
                            "handBackDueAt",
                            coverage.getHandBackDueAt().toString()));
        }
        List<ClientHandBack> handBack = handBack(coverage);
        return new Ended(coverage.getHandBackDueAt().toString(), handBack, clinician.getUsername(), (int)
                handBack.stream()
                        .filter(h -> h.messages() > 0 || h.openItems() > 0)
                        .count());
    }

    @Transactional(readOnly = true)
    public List<ClientHandBack> handBack(Coverage coverage) {
        Instant from = coverage.getStartedAt() == null
                ? coverage.getStartsAt()
                : earliest(coverage.getStartedAt(), coverage.getStartsAt());
        Instant to = coverage.getEndedAt() == null ? now() : coverage.getEndedAt();
        Map<UUID, CoverageSummary> byClient = new HashMap<>();
        summaries.findByCoverageId(coverage.getId()).forEach(s -> byClient.put(s.getClientId(), s));
        List<ClientHandBack> out = new ArrayList<>();
        for (Client client : coverages.activeClientsOf(coverage.getClinicianId())) {
            UUID id = client.getId();
            CoverageSummary s = byClient.get(id);
            out.add(new ClientHandBack(
                    id.toString(),
                    coverages.inboundBetween(id, from, to),
                    coverages.crisesBetween(id, from, to),
                    coverages.crisesAcknowledgedBetween(id, from, to),
                    coverages.openItemsOf(id),
                    s == null ? 0 : s.getCoveringUpdates()));
        }
        return out;
    }

    /** RecordHandBackTask: the returning clinician has taken their clients back. */
    @Transactional
    public void handedBack(UUID coverageId, String by) {
        handedBack(coverageId, true, by);
    }

    /**
     * RecordHandBackTask, with the clinician's confirmation from the form that each client was
     * reviewed; the audit entry keeps it, so an unreviewed hand-back is visible to the supervisor.
     */
    @Transactional
    public void handedBack(UUID coverageId, boolean reviewed, String by) {
        Coverage coverage = coverage(coverageId);
        if (coverage.getHandedBackAt() == null) {
            coverage.handedBack(by, now());
            audit.record(
                    by == null ? ACTOR : by,
                    "COVERAGE_HANDED_BACK",
                    "COVERAGE",
                    coverageId,
                    details(coverage, "late", now().isAfter(coverage.getHandBackDueAt()), "reviewed", reviewed));
        }
    }

    /** CloseCancelledCoverageTask: the absence is off; clients who were told hear so. */
    @Transactional
    public void closeCancelled(UUID coverageId) {
        Coverage coverage = coverage(coverageId);
        if (coverage.getNoticesSentAt() != null) {
            notifyClients(coverage, CANCELLED_TEMPLATE, "coverage-cancelled:" + coverageId);
        }
        leaveOf(coverage).ifPresent(leaves::delete);
        if (coverage.getStatus().isOpen()) {
            coverage.closed(Status.CANCELLED, "CANCELLED", now());
        }
    }

    // ---- For the reconciliation ----

    /** An open coverage handed to the engine: ids and times only. */
    public record OpenCoverage(UUID id, Long processInstanceKey, Instant plannedAt) {}

    @Transactional(readOnly = true)
    public List<OpenCoverage> openInEngine() {
        return coverages.findByStatusIn(List.of(Status.PLANNING, Status.APPROVED, Status.ACTIVE, Status.ENDED)).stream()
                .map(c -> new OpenCoverage(c.getId(), c.getProcessInstanceKey(), c.getPlannedAt()))
                .toList();
    }

    /**
     * Runs {@code action} on the coverage, locked, if it is still open and still driven by
     * {@code lostKey}: a change arriving at the same moment waits, and a second run sees the new key.
     */
    @Transactional
    public <T> Optional<T> whileLocked(UUID coverageId, Long lostKey, Function<Coverage, T> action) {
        Coverage coverage = coverages.findForUpdate(coverageId).orElse(null);
        if (coverage == null
                || !coverage.getStatus().isOpen()
                || !Objects.equals(coverage.getProcessInstanceKey(), lostKey)) {
            return Optional.empty();
        }
        return Optional.ofNullable(action.apply(coverage));
    }

    /** A new instance where the coverage stood (status in the database); returns its key. */
    public long redrive(Coverage coverage) {
        long key = engine.redrive(coverage);
        coverage.startedAs(key);
        return key;
    }

    // ---- helpers ----

    private Optional<ClinicianLeave> leaveOf(Coverage coverage) {
        return coverage.getLeaveId() == null ? Optional.empty() : leaves.findById(coverage.getLeaveId());
    }

    private Coverage locked(UUID id) {
        return coverages.findForUpdate(id).orElseThrow(() -> new NotFoundException("id", "No coverage with this id"));
    }

    Coverage coverage(UUID id) {
        return coverages.findById(id).orElseThrow(() -> new IllegalStateException("No coverage " + id));
    }

    private Clinician clinician(UUID id) {
        return clinicians.findById(id).orElseThrow();
    }

    private ZoneId zoneOf(Coverage coverage) {
        return clinician(coverage.getClinicianId()).getTimeZone();
    }

    static long lengthDays(Coverage coverage) {
        return ChronoUnit.DAYS.between(coverage.getStartsOn(), coverage.getEndsOn()) + 1;
    }

    private static Instant startOfDay(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** "Monday, January 4" / "lunes 4 de enero". */
    static String day(LocalDate date, String language) {
        boolean es = "es".equals(language);
        return DateTimeFormatter.ofPattern(
                        es ? "EEEE d 'de' MMMM" : "EEEE, MMMM d", es ? Locale.forLanguageTag("es") : Locale.US)
                .format(date);
    }

    /** Written channels only: the client's preferred one if it is written, else the portal. */
    private static Channel writtenChannel(Client client) {
        Channel preferred = client.getPreferredChannel();
        return preferred == Channel.PORTAL || preferred == Channel.EMAIL ? preferred : Channel.PORTAL;
    }

    private static Map<String, Object> details(Coverage coverage, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("coverageId", coverage.getId().toString());
        details.put("clinicianId", coverage.getClinicianId().toString());
        details.put("startsOn", coverage.getStartsOn().toString());
        details.put("endsOn", coverage.getEndsOn().toString());
        details.put("status", coverage.getStatus().name());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                details.put(String.valueOf(pairs[i]), pairs[i + 1]);
            }
        }
        return details;
    }

    /** Whole milliseconds: the engine's timers have no finer precision. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
