package org.betweensessions.workspace;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.coverage.Coverage;
import org.betweensessions.coverage.CoverageHandoff;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Time away" in the workspace: a clinician plans their absence (dates, reason category, covering
 * colleague, or sick today) and sees their coverages and where each stands. The same service as
 * {@code POST /api/coverages}; acceptance, approval, summaries' confirmation and the hand-back are
 * tasks in the task list.
 */
@Controller
class CoveragePage {

    private final CoverageHandoff coverages;
    private final ClinicianRepository clinicians;
    private final ServerProperties server;

    CoveragePage(CoverageHandoff coverages, ClinicianRepository clinicians, ServerProperties server) {
        this.coverages = coverages;
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
                "Clinicians plan their time away here; a supervisor plans it for" + " a colleague through the API.");
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
