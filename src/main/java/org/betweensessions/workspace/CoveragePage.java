package org.betweensessions.workspace;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.coverage.Coverage;
import org.betweensessions.coverage.CoverageAccess;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.coverage.CoverageSummary;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Time away" in the workspace: a clinician plans their absence (dates, reason category, covering
 * colleague, or sick today) and sees their coverages and where each stands. One absence's page
 * ({@code /coverage/{id}}) holds a coverage summary per client to write and edit (encrypted, as
 * through the API), the last day to change (an extension waits for its checks) and cancellation. The
 * same service and the same authorization ({@link CoverageAccess}) as {@code /api/coverages};
 * acceptance, approval, summaries' confirmation and the hand-back are tasks in the task list.
 */
@Controller
class CoveragePage {

    private final CoverageHandoff coverages;
    private final CoverageAccess access;
    private final ClinicianRepository clinicians;
    private final ServerProperties server;

    CoveragePage(
            CoverageHandoff coverages, CoverageAccess access, ClinicianRepository clinicians, ServerProperties server) {
        this.coverages = coverages;
        this.access = access;
        this.clinicians = clinicians;
        this.server = server;
    }

    /** As on every workspace page: the page clears itself when the session ends (workspace.js). */
    @ModelAttribute("idleSeconds")
    long idleSeconds() {
        Duration timeout = server.getServlet().getSession().getTimeout();
        return timeout == null ? 0 : timeout.toSeconds();
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        model.addAttribute("title", "For clinicians");
        model.addAttribute(
                "detail",
                "Clinicians plan their time away here; an absence's page is for the clinician who is away,"
                        + " the covering clinician and the supervisor.");
        return "problem";
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(HttpServletResponse response, Model model) {
        response.setStatus(404);
        model.addAttribute("status", 404);
        model.addAttribute("title", "Not found");
        model.addAttribute("detail", "No such absence, or no such client of the clinician who is away.");
        return "problem";
    }

    record Row(UUID id, LocalDate startsOn, LocalDate endsOn, String covering, String reason, String status) {}

    @GetMapping("/coverage")
    String page(Authentication auth, Model model) {
        CurrentUser user = CurrentUser.of(auth);
        Clinician me = clinician(user);
        fill(model, user, me);
        return "coverage";
    }

    @PostMapping("/coverage")
    String plan(
            @RequestParam(defaultValue = "") String coveringClinician,
            @RequestParam(defaultValue = "") String startsOn,
            @RequestParam(defaultValue = "") String endsOn,
            @RequestParam(defaultValue = "VACATION") String reasonCategory,
            @RequestParam(defaultValue = "false") boolean emergency,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        CurrentUser user = CurrentUser.of(auth);
        Clinician me = clinician(user);
        String problem;
        try {
            Clinician covering = clinicians
                    .findByUsername(coveringClinician.trim())
                    .filter(c -> c.getPracticeId().equals(me.getPracticeId()))
                    .orElseThrow(
                            () -> new InvalidFieldException("coveringClinician", "Choose a colleague of the practice"));
            Coverage planned = coverages.plan(
                    new CoverageHandoff.Plan(
                            me.getId(),
                            covering.getId(),
                            emergency || startsOn.isBlank() ? null : LocalDate.parse(startsOn),
                            endsOn.isBlank() ? null : LocalDate.parse(endsOn),
                            Coverage.Reason.valueOf(reasonCategory),
                            emergency),
                    user.username());
            redirect.addFlashAttribute(
                    "notice",
                    "Absence planned from " + planned.getStartsOn()
                            + " to " + planned.getEndsOn() + "; " + covering.getUsername()
                            + " is asked to cover.");
            return "redirect:/coverage";
        } catch (InvalidFieldException e) {
            problem = e.field() + ": " + e.getMessage();
        } catch (ConflictException e) {
            problem = e.getMessage();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            problem = "Dates as YYYY-MM-DD and a reason from the list.";
        }
        fill(model, user, me);
        model.addAttribute("problem", problem);
        return "coverage";
    }

    /** One client's summary as the page shows it: the client by name (this is the practice's own page). */
    record SummaryRow(
            UUID clientId,
            String client,
            String kind,
            boolean warmHandoffRequired,
            boolean warmHandoffDone,
            String text,
            String writtenBy,
            boolean ready) {}

    @GetMapping("/coverage/{id}")
    String detail(@PathVariable UUID id, Authentication auth, Model model) {
        CurrentUser user = CurrentUser.of(auth);
        fillDetail(model, user, access.readable(id, user));
        return "coverage-detail";
    }

    /** Writes or edits one client's coverage summary (encrypted at rest, never in the engine). */
    @PostMapping("/coverage/{id}/summaries/{clientId}")
    String writeSummary(
            @PathVariable UUID id,
            @PathVariable UUID clientId,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "false") boolean warmHandoffDone,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        CurrentUser user = CurrentUser.of(auth);
        Coverage coverage = access.readable(id, user);
        access.summaryWriter(coverage, user);
        Client client = access.clientOfAbsent(coverage, clientId);
        String problem;
        try {
            if (text.isBlank() && !warmHandoffDone) {
                throw new InvalidFieldException("text", "Write the summary, or record the warm hand-off");
            }
            if (text.length() > 20000) {
                throw InvalidFieldException.outOfRange("text", "At most 20,000 characters");
            }
            if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                throw new InvalidFieldException("text", "Control characters are not allowed");
            }
            coverages.writeSummary(id, clientId, text.isBlank() ? null : text, warmHandoffDone, user.username());
            redirect.addFlashAttribute("notice", "Summary for " + client.getDisplayName() + " saved.");
            return "redirect:/coverage/" + id;
        } catch (InvalidFieldException e) {
            problem = e.field() + ": " + e.getMessage();
        } catch (ConflictException e) {
            problem = e.getMessage();
        }
        fillDetail(model, user, coverages.get(id));
        model.addAttribute("problem", problem);
        return "coverage-detail";
    }

    /** A new last day away: a shortening is in force at once, an extension waits for its checks. */
    @PostMapping("/coverage/{id}/dates")
    String changeDates(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String endsOn,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        CurrentUser user = CurrentUser.of(auth);
        Coverage coverage = access.readable(id, user);
        access.ownerOrSupervisor(coverage, user);
        String problem;
        try {
            if (endsOn.isBlank()) {
                throw new InvalidFieldException("endsOn", "Required");
            }
            Coverage changed = coverages.changeEnd(id, LocalDate.parse(endsOn), user.username());
            redirect.addFlashAttribute(
                    "notice",
                    changed.getChangeEndsOn() != null
                            ? "Extension to " + changed.getChangeEndsOn()
                                    + " requested: it is checked (and approved where needed) before it takes"
                                    + " effect; until then the last day stays " + changed.getEndsOn() + "."
                            : "Last day away is now " + changed.getEndsOn() + ".");
            return "redirect:/coverage/" + id;
        } catch (InvalidFieldException e) {
            problem = e.field() + ": " + e.getMessage();
        } catch (ConflictException e) {
            problem = e.getMessage();
        } catch (DateTimeParseException e) {
            problem = "endsOn: a date as YYYY-MM-DD";
        }
        fillDetail(model, user, coverages.get(id));
        model.addAttribute("problem", problem);
        return "coverage-detail";
    }

    @PostMapping("/coverage/{id}/cancel")
    String cancel(@PathVariable UUID id, Authentication auth, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUser.of(auth);
        Coverage coverage = access.readable(id, user);
        access.ownerOrSupervisor(coverage, user);
        try {
            Coverage cancelled = coverages.cancel(id, user.username());
            redirect.addFlashAttribute(
                    "notice",
                    cancelled.getStatus() == Coverage.Status.ACTIVE
                            ? "Absence ended today: routing returns to you; the hand-back task follows."
                            : "Absence cancelled; clients who were told hear that it is off.");
            return "redirect:/coverage/" + id;
        } catch (ConflictException e) {
            fillDetail(model, user, coverages.get(id));
            model.addAttribute("problem", e.getMessage());
            return "coverage-detail";
        }
    }

    private void fillDetail(Model model, CurrentUser user, Coverage coverage) {
        Map<UUID, CoverageSummary> byClient = coverages.summariesOf(coverage.getId()).stream()
                .collect(Collectors.toMap(CoverageSummary::getClientId, Function.identity()));
        List<SummaryRow> summaries = coverages.clientsOf(coverage).stream()
                .map(c -> {
                    CoverageSummary s = byClient.get(c.getId());
                    return new SummaryRow(
                            c.getId(),
                            c.getDisplayName(),
                            s == null
                                    ? "Which summary: decided when the plan is approved"
                                    : switch (s.getKind()) {
                                        case FULL -> "Full summary";
                                        case SHORT -> "Short summary";
                                        case NONE -> "No summary needed";
                                    },
                            s != null && s.isWarmHandoffRequired(),
                            s != null && s.getWarmHandoffDoneAt() != null,
                            s == null || s.getText() == null ? "" : s.getText(),
                            s == null ? null : s.getWrittenBy(),
                            s != null && s.isReady());
                })
                .toList();
        boolean open = coverage.getStatus() == Coverage.Status.PLANNING
                || coverage.getStatus() == Coverage.Status.APPROVED
                || coverage.getStatus() == Coverage.Status.ACTIVE;
        model.addAttribute("user", user);
        model.addAttribute("coverage", coverage);
        model.addAttribute("clinician", username(coverage.getClinicianId()));
        model.addAttribute("covering", username(coverage.getCoveringClinicianId()));
        model.addAttribute(
                "changeCovering",
                coverage.getChangeCoveringClinicianId() == null
                        ? null
                        : username(coverage.getChangeCoveringClinicianId()));
        model.addAttribute("summaries", summaries);
        model.addAttribute("mayWrite", coverage.getStatus().isOpen());
        model.addAttribute("mayChange", open && access.mayChange(coverage, user));
    }

    private String username(UUID clinicianId) {
        return clinicians.findById(clinicianId).map(Clinician::getUsername).orElse("");
    }

    private void fill(Model model, CurrentUser user, Clinician me) {
        List<Row> rows = coverages.ofClinician(me.getId()).stream()
                .map(c -> new Row(
                        c.getId(),
                        c.getStartsOn(),
                        c.getEndsOn(),
                        clinicians
                                .findById(c.getCoveringClinicianId())
                                .map(Clinician::getUsername)
                                .orElse(""),
                        c.getReasonCategory().name(),
                        c.getStatus().name()))
                .toList();
        model.addAttribute("user", user);
        model.addAttribute("rows", rows);
        model.addAttribute(
                "covered",
                coverages.coveredBy(me.getId()).stream()
                        .map(c -> new Row(
                                c.getId(),
                                c.getStartsOn(),
                                c.getEndsOn(),
                                clinicians
                                        .findById(c.getClinicianId())
                                        .map(Clinician::getUsername)
                                        .orElse(""),
                                c.getReasonCategory().name(),
                                c.getStatus().name()))
                        .toList());
        model.addAttribute(
                "colleagues",
                clinicians.findAll().stream()
                        .filter(c -> c.getPracticeId().equals(me.getPracticeId())
                                && !c.getId().equals(me.getId()))
                        .map(Clinician::getUsername)
                        .sorted()
                        .toList());
        model.addAttribute("reasons", Coverage.Reason.values());
    }

    private Clinician clinician(CurrentUser user) {
        if (!user.is(StaffRole.CLINICIAN)) {
            throw new AccessDeniedException("clinicians plan their time away here");
        }
        return clinicians
                .findByUsername(user.username())
                .orElseThrow(() -> new AccessDeniedException("not a clinician"));
    }
}
