package org.betweensessions.workspace;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.termination.ClosingLetterVersion;
import org.betweensessions.termination.Termination;
import org.betweensessions.termination.Termination.CancelReason;
import org.betweensessions.termination.Terminations;
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
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A client's ending in the workspace: where it stands, the closing letter (edited here before it is
 * sent: each save a new version, checked like {@code PUT /api/terminations/{id}/letter}) and
 * cancelling the ending with a reason ({@code POST /api/clients/{id}/termination/cancellation}). For
 * the client's clinician and supervisors; the same service and checks as the API.
 */
@Controller
class EndingPage {

    private final ClientAccess access;
    private final Terminations terminations;
    private final ClinicianRepository clinicians;
    private final ServerProperties server;

    EndingPage(
            ClientAccess access, Terminations terminations, ClinicianRepository clinicians, ServerProperties server) {
        this.access = access;
        this.terminations = terminations;
        this.clinicians = clinicians;
        this.server = server;
    }

    @ModelAttribute("idleSeconds")
    long idleSeconds() {
        Duration timeout = server.getServlet().getSession().getTimeout();
        return timeout == null ? 0 : timeout.toSeconds();
    }

    record Version(int version, String writtenBy, String writtenAt) {}

    @GetMapping("/clients/{id}/ending")
    String page(@PathVariable UUID id, Authentication auth, Model model) {
        CurrentUser user = user(auth);
        Client client = access.clientFor(id, user);
        fill(model, user, client, null);
        return "ending";
    }

    @PostMapping("/clients/{id}/ending/letter")
    String editLetter(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(required = false) Integer baseVersion,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        CurrentUser user = user(auth);
        Client client = access.clientFor(id, user);
        Termination t = terminations
                .latest(client.getId())
                .orElseThrow(() -> new NotFoundException("id", "No ending recorded for this client"));
        try {
            Termination saved = terminations.editLetter(t.getId(), text, baseVersion, user.username());
            redirect.addFlashAttribute("notice", "Letter saved as version " + saved.getLetterVersion() + ".");
            return "redirect:/clients/" + id + "/ending";
        } catch (InvalidFieldException | ConflictException e) {
            fill(model, user, client, e.getMessage());
            model.addAttribute("draft", text);
            return "ending";
        }
    }

    @PostMapping("/clients/{id}/ending/cancellation")
    String cancel(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String note,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        CurrentUser user = user(auth);
        Client client = access.clientFor(id, user);
        try {
            CancelReason why = reason.isBlank() ? null : CancelReason.valueOf(reason);
            terminations.cancel(client, why, note, user.username());
            redirect.addFlashAttribute("notice", "The ending is cancelled; the client stays in treatment.");
            return "redirect:/clients/" + id + "/ending";
        } catch (InvalidFieldException e) {
            fill(model, user, client, e.field() + ": " + e.getMessage());
        } catch (ConflictException e) {
            fill(model, user, client, e.getMessage());
        } catch (IllegalArgumentException e) {
            fill(model, user, client, "reason: choose a reason from the list");
        }
        model.addAttribute("cancelNote", note);
        return "ending";
    }

    private void fill(Model model, CurrentUser user, Client client, String problem) {
        Optional<Termination> ending = terminations.latest(client.getId());
        ZoneId zone = clinicians
                .findById(client.getClinicianId())
                .map(c -> c.getTimeZone())
                .orElse(ZoneId.of("UTC"));
        model.addAttribute("user", user);
        model.addAttribute("client", client);
        model.addAttribute("zone", zone.getId());
        model.addAttribute("problem", problem);
        model.addAttribute("ending", ending.orElse(null));
        model.addAttribute("reasons", CancelReason.values());
        ending.ifPresent(t -> {
            model.addAttribute("stage", MyWork.words(t.getStage().name()));
            model.addAttribute("status", MyWork.words(t.getStatus().name()));
            model.addAttribute("startedAt", Times.local(t.getStartedAt(), zone));
            model.addAttribute("lastSessionAt", Times.local(t.getLastSessionAt(), zone));
            model.addAttribute("contactClosesAt", Times.local(t.getContactClosesAt(), zone));
            model.addAttribute("letterSentAt", Times.local(t.getLetterSentAt(), zone));
            model.addAttribute(
                    "editable", t.isOpen() && t.getLetterGeneratedAt() != null && t.getLetterSentAt() == null);
            model.addAttribute("cancellable", t.isOpen() && t.getContactClosedAt() == null);
            List<ClosingLetterVersion> versions = terminations.letterVersions(t.getId());
            model.addAttribute(
                    "versions",
                    versions.stream()
                            .map(v ->
                                    new Version(v.getVersion(), v.getWrittenBy(), Times.local(v.getWrittenAt(), zone)))
                            .toList());
        });
    }

    private static CurrentUser user(Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("clinicians and supervisors only");
        }
        return user;
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        model.addAttribute("title", "Not yours to open");
        model.addAttribute("detail", "Endings are for the client's clinician and supervisors.");
        return "problem";
    }

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    String notFound(HttpServletResponse response, Model model) {
        response.setStatus(404);
        model.addAttribute("status", 404);
        model.addAttribute("title", "Not found");
        model.addAttribute("detail", "There is no such client or ending in your practice.");
        return "problem";
    }
}
