package org.betweensessions.coverage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NoControlCharacters;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.coverage.Coverage.Reason;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Absences and their coverage. A clinician plans, changes and cancels their own absence (a
 * supervisor does it for anyone of the practice); the covering clinician and the supervisor say when
 * the covering clinician becomes unavailable; summaries are written by the clinician, and updated by
 * the covering clinician during the absence (encrypted at rest, never in the engine).
 */
@RestController
@RequestMapping("/api/coverages")
class CoverageController {

    private final CoverageHandoff coverages;
    private final ClinicianRepository clinicians;
    private final ClientAccess access;
    private final CoverageAccess coverageAccess;

    CoverageController(
            CoverageHandoff coverages,
            ClinicianRepository clinicians,
            ClientAccess access,
            CoverageAccess coverageAccess) {
        this.coverages = coverages;
        this.clinicians = clinicians;
        this.access = access;
        this.coverageAccess = coverageAccess;
    }

    /**
     * @param clinician who is away (username); a clinician's own when left out
     * @param coveringClinician who covers (username)
     * @param startsOn first day away; left out for an emergency (today)
     * @param endsOn last day away
     */
    record PlanRequest(
            @Size(max = 100) String clinician,
            @NotNull @Size(max = 100) String coveringClinician,
            LocalDate startsOn,
            @NotNull LocalDate endsOn,
            @NotNull Reason reasonCategory,
            boolean emergency) {}

    record CoverageView(
            UUID id,
            String clinician,
            String coveringClinician,
            Reason reasonCategory,
            boolean emergency,
            LocalDate startsOn,
            LocalDate endsOn,
            Instant startsAt,
            Instant endsAt,
            Coverage.Status status,
            String approvalLevel,
            String approvalRequestedFrom,
            String approvedBy,
            Instant acceptedAt,
            Instant declinedAt,
            String conflict,
            Instant summariesDueAt,
            Instant notifyAt,
            Instant noticesSentAt,
            Instant startedAt,
            Instant coveringUnavailableAt,
            Instant endedAt,
            Instant handBackDueAt,
            Instant handedBackAt,
            String revisionReason,
            LocalDate changeEndsOn,
            String changeCoveringClinician,
            String changeConflict) {}

    /** 201: the absence is registered and coverage-handoff starts. */
    @PostMapping
    ResponseEntity<CoverageView> plan(@Valid @RequestBody PlanRequest body, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        UUID practice = access.practiceOf(user);
        Clinician clinician;
        if (user.is(StaffRole.CLINICIAN)) {
            clinician = clinicians
                    .findByUsername(user.username())
                    .orElseThrow(() -> new AccessDeniedException("not a clinician"));
            if (body.clinician() != null && !body.clinician().equals(user.username())) {
                throw new AccessDeniedException(
                        "a clinician plans their own absence; the supervisor" + " plans it for a colleague");
            }
        } else if (user.is(StaffRole.SUPERVISOR)) {
            if (body.clinician() == null) {
                throw new InvalidFieldException("clinician", "Required: whose absence");
            }
            clinician = clinicianOf(body.clinician(), practice, "clinician");
        } else {
            throw new AccessDeniedException("clinicians and supervisors plan absences");
        }
        Clinician covering = clinicianOf(body.coveringClinician(), practice, "coveringClinician");
        Coverage coverage = coverages.plan(
                new CoverageHandoff.Plan(
                        clinician.getId(),
                        covering.getId(),
                        body.startsOn(),
                        body.endsOn(),
                        body.reasonCategory(),
                        body.emergency()),
                user.username());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(coverage));
    }

    @GetMapping("/{id}")
    CoverageView get(@PathVariable UUID id, Authentication auth) {
        return view(readable(id, CurrentUser.of(auth)));
    }

    /** A clinician's absences (their own, or any of the practice for a supervisor). */
    @GetMapping
    List<CoverageView> list(@RequestParam(required = false) String clinician, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        UUID practice = access.practiceOf(user);
        String whose = clinician == null ? user.username() : clinician;
        if (!user.is(StaffRole.SUPERVISOR) && !whose.equals(user.username())) {
            throw new AccessDeniedException("a clinician lists their own absences");
        }
        return coverages.ofClinician(clinicianOf(whose, practice, "clinician").getId()).stream()
                .map(this::view)
                .toList();
    }

    record DatesRequest(@NotNull LocalDate endsOn) {}

    /**
     * Extension or shortening: the new last day away. A shortening is in force at once; an extension
     * is checked first ({@code changeEndsOn} shows it waiting; the old dates hold until then).
     */
    @PostMapping("/{id}/dates")
    CoverageView changeDates(@PathVariable UUID id, @Valid @RequestBody DatesRequest body, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        ownerOrSupervisor(readable(id, user), user);
        return view(coverages.changeEnd(id, body.endsOn(), user.username()));
    }

    @PostMapping("/{id}/cancel")
    CoverageView cancel(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        ownerOrSupervisor(readable(id, user), user);
        return view(coverages.cancel(id, user.username()));
    }

    /** The covering clinician cannot cover any more: the supervisor takes over. */
    @PostMapping("/{id}/covering-unavailable")
    CoverageView coveringUnavailable(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        Coverage coverage = readable(id, user);
        if (!user.is(StaffRole.SUPERVISOR) && !isCovering(coverage, user)) {
            throw new AccessDeniedException("the covering clinician or the supervisor says so");
        }
        return view(coverages.coveringUnavailable(id, user.username()));
    }

    record SummaryRequest(
            @Size(max = 20000) @NoControlCharacters String text, boolean warmHandoffDone) {}

    record SummaryView(
            UUID clientId,
            CoverageSummary.Kind kind,
            boolean warmHandoffRequired,
            Instant warmHandoffDoneAt,
            String text,
            String writtenBy,
            Instant writtenAt,
            int coveringUpdates,
            boolean ready) {

        static SummaryView of(CoverageSummary s) {
            return new SummaryView(
                    s.getClientId(),
                    s.getKind(),
                    s.isWarmHandoffRequired(),
                    s.getWarmHandoffDoneAt(),
                    s.getText(),
                    s.getWrittenBy(),
                    s.getWrittenAt(),
                    s.getCoveringUpdates(),
                    s.isReady());
        }
    }

    /** The coverage summary of one client of the absent clinician (written or updated). */
    @PutMapping("/{id}/summaries/{clientId}")
    SummaryView writeSummary(
            @PathVariable UUID id,
            @PathVariable UUID clientId,
            @Valid @RequestBody SummaryRequest body,
            Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        Coverage coverage = readable(id, user);
        coverageAccess.summaryWriter(coverage, user);
        coverageAccess.clientOfAbsent(coverage, clientId);
        if (body.text() == null && !body.warmHandoffDone()) {
            throw new InvalidFieldException("text", "Write the summary, or record the warm hand-off");
        }
        return SummaryView.of(
                coverages.writeSummary(id, clientId, body.text(), body.warmHandoffDone(), user.username()));
    }

    /** Every summary of the coverage: what the decision asked for, and the texts. */
    @GetMapping("/{id}/summaries")
    List<SummaryView> summaries(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        Coverage coverage = readable(id, user);
        coverageAccess.summaryWriter(coverage, user);
        return coverages.summariesOf(id).stream().map(SummaryView::of).toList();
    }

    /** Per client, what happened during the coverage (so far): counts only. */
    @GetMapping("/{id}/hand-back")
    List<CoverageHandoff.ClientHandBack> handBack(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        Coverage coverage = readable(id, user);
        ownerOrSupervisor(coverage, user);
        return coverages.handBack(coverage);
    }

    private Coverage readable(UUID id, CurrentUser user) {
        return coverageAccess.readable(id, user);
    }

    private void ownerOrSupervisor(Coverage coverage, CurrentUser user) {
        coverageAccess.ownerOrSupervisor(coverage, user);
    }

    private boolean isCovering(Coverage coverage, CurrentUser user) {
        return coverageAccess.isCovering(coverage, user);
    }

    private Clinician clinicianOf(String username, UUID practice, String field) {
        return clinicians
                .findByUsername(username)
                .filter(c -> c.getPracticeId().equals(practice))
                .orElseThrow(
                        () -> new InvalidFieldException(field, "No clinician of this practice with this username"));
    }

    private CoverageView view(Coverage c) {
        return new CoverageView(
                c.getId(),
                username(c.getClinicianId()),
                username(c.getCoveringClinicianId()),
                c.getReasonCategory(),
                c.isEmergency(),
                c.getStartsOn(),
                c.getEndsOn(),
                c.getStartsAt(),
                c.getEndsAt(),
                c.getStatus(),
                c.getApprovalLevel(),
                c.getApprovalRequestedFrom(),
                c.getApprovedBy(),
                c.getAcceptedAt(),
                c.getDeclinedAt(),
                c.getConflict(),
                c.getSummariesDueAt(),
                c.getNotifyAt(),
                c.getNoticesSentAt(),
                c.getStartedAt(),
                c.getCoveringUnavailableAt(),
                c.getEndedAt(),
                c.getHandBackDueAt(),
                c.getHandedBackAt(),
                c.getRevisionReason(),
                c.getChangeEndsOn(),
                c.getChangeCoveringClinicianId() == null ? null : username(c.getChangeCoveringClinicianId()),
                c.getChangeConflict());
    }

    private String username(UUID clinicianId) {
        return clinicians.findById(clinicianId).map(Clinician::getUsername).orElse(null);
    }
}
