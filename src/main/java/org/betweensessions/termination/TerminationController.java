package org.betweensessions.termination;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.termination.Termination.CancelReason;
import org.betweensessions.termination.Termination.Kind;
import org.betweensessions.termination.Termination.Reason;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ending treatment: the clinician (own clients) or a supervisor records a planned ending or a
 * drop-out and reads the closing letter; the practice's scheduling records sessions; a returning
 * former client is re-opened. ClientAccess as everywhere: 404 outside the practice, 403 for a
 * colleague's client.
 */
@RestController
class TerminationController {

    private final ClientAccess access;
    private final Terminations terminations;

    TerminationController(ClientAccess access, Terminations terminations) {
        this.access = access;
        this.terminations = terminations;
    }

    record EndTreatment(@NotNull Kind kind, LocalDate lastSessionDate, Reason reason) {}

    record TerminationView(
            UUID id,
            UUID clientId,
            Kind kind,
            Reason reason,
            Termination.Status status,
            Termination.Stage stage,
            Instant startedAt,
            Instant lastSessionAt,
            String safetyGate,
            String safetyGateReason,
            String safetyReviewDecision,
            Instant discussDueAt,
            Instant outreachSentAt,
            Instant outreachReplyBy,
            String closeDecision,
            Instant letterGeneratedAt,
            String letterChannel,
            Boolean letterWrittenConsent,
            Instant letterSentAt,
            Instant contactClosesAt,
            Instant contactClosedAt,
            LocalDate retainUntil,
            Termination.StopReason stopReason,
            Termination.CancelReason cancelReason,
            String stoppedBy,
            Instant stoppedAt,
            Integer letterVersion,
            Integer letterSentVersion) {

        static TerminationView of(Termination t) {
            return new TerminationView(
                    t.getId(),
                    t.getClientId(),
                    t.getKind(),
                    t.getReason(),
                    t.getStatus(),
                    t.getStage(),
                    t.getStartedAt(),
                    t.getLastSessionAt(),
                    t.getSafetyGate(),
                    t.getSafetyGateReason(),
                    t.getSafetyReviewDecision(),
                    t.getDiscussDueAt(),
                    t.getOutreachSentAt(),
                    t.getOutreachReplyBy(),
                    t.getCloseDecision(),
                    t.getLetterGeneratedAt(),
                    t.getLetterChannel(),
                    t.getLetterWrittenConsent(),
                    t.getLetterSentAt(),
                    t.getContactClosesAt(),
                    t.getContactClosedAt(),
                    t.getRetainUntil(),
                    t.getStopReason(),
                    t.getCancelReason(),
                    t.getStoppedBy(),
                    t.getStoppedAt(),
                    t.getLetterVersion(),
                    t.getLetterSentVersion());
        }
    }

    /**
     * 201: the ending starts. PLANNED needs lastSessionDate (today or later, 400 otherwise) and a
     * reason; UNPLANNED records a drop-out the clinician confirms. 409 if one is under way or contact
     * is closed already.
     */
    @PostMapping("/api/clients/{id}/termination")
    ResponseEntity<TerminationView> end(
            @PathVariable UUID id, @Valid @RequestBody EndTreatment body, Authentication auth) {
        CurrentUser user = clinicianOrSupervisor(auth);
        Client client = access.clientFor(id, user);
        Termination t = body.kind() == Kind.PLANNED
                ? terminations.planned(client, body.lastSessionDate(), body.reason(), user.username())
                : terminations.dropOut(client, user.username());
        return ResponseEntity.created(URI.create("/api/clients/" + id + "/termination"))
                .body(TerminationView.of(t));
    }

    /** The client's latest ending, with its stage and dates; 404 when there is none. */
    @GetMapping("/api/clients/{id}/termination")
    TerminationView current(@PathVariable UUID id, Authentication auth) {
        Client client = access.clientFor(id, clinicianOrSupervisor(auth));
        return terminations
                .latest(client.getId())
                .map(TerminationView::of)
                .orElseThrow(() -> new NotFoundException("id", "No ending recorded for this client"));
    }

    record Letter(
            UUID terminationId,
            String language,
            String channel,
            boolean writtenConsent,
            Instant generatedAt,
            Instant sentAt,
            Integer version,
            Integer sentVersion,
            String text,
            List<LetterVersion> versions) {}

    /** Who wrote each version and when (no text: the latest is in {@code text}). */
    record LetterVersion(int version, String writtenBy, Instant writtenAt) {}

    record LetterEdit(String text, Integer baseVersion) {}

    /** The closing letter (decrypted for the clinician or supervisor); 404 before it is written. */
    @GetMapping("/api/terminations/{terminationId}/letter")
    Letter letter(@PathVariable UUID terminationId, Authentication auth) {
        Termination t = ending(terminationId, auth);
        if (t.getLetterGeneratedAt() == null) {
            throw new NotFoundException("terminationId", "The closing letter is not written yet");
        }
        return letterOf(t);
    }

    /**
     * The clinician's edit before sending: a new version (encrypted, who and when); the latest is the
     * one sent. 422 naming what is wrong (a phrase of the avoid list; a required element missing:
     * referrals, crisis resources, records request, end of contact statement); 409 when the letter is
     * not under review or {@code baseVersion} is stale.
     */
    @PutMapping("/api/terminations/{terminationId}/letter")
    Letter editLetter(@PathVariable UUID terminationId, @RequestBody LetterEdit body, Authentication auth) {
        Termination t = ending(terminationId, auth);
        return letterOf(terminations.editLetter(
                t.getId(), body.text(), body.baseVersion(), CurrentUser.of(auth).username()));
    }

    private Termination ending(UUID terminationId, Authentication auth) {
        CurrentUser user = clinicianOrSupervisor(auth);
        Termination t = terminations
                .find(terminationId)
                .orElseThrow(() -> new NotFoundException("terminationId", "No such ending"));
        access.clientFor(t.getClientId(), user);
        return t;
    }

    private Letter letterOf(Termination t) {
        return new Letter(
                t.getId(),
                t.getLetterLanguage(),
                t.getLetterChannel(),
                Boolean.TRUE.equals(t.getLetterWrittenConsent()),
                t.getLetterGeneratedAt(),
                t.getLetterSentAt(),
                t.getLetterVersion(),
                t.getLetterSentVersion(),
                t.getLetter(),
                terminations.letterVersions(t.getId()).stream()
                        .map(v -> new LetterVersion(v.getVersion(), v.getWrittenBy(), v.getWrittenAt()))
                        .toList());
    }

    record Cancellation(@NotNull CancelReason reason, String note) {}

    /**
     * The clinician (own client) or a supervisor cancels the running ending with a reason category (a
     * note for OTHER). The instance ends through the engine; the client stays active. 409 when there is
     * none or between-session contact has closed already.
     */
    @PostMapping("/api/clients/{id}/termination/cancellation")
    TerminationView cancel(@PathVariable UUID id, @Valid @RequestBody Cancellation body, Authentication auth) {
        CurrentUser user = clinicianOrSupervisor(auth);
        Client client = access.clientFor(id, user);
        return TerminationView.of(terminations.cancel(client, body.reason(), body.note(), user.username()));
    }

    record DateOfBirth(LocalDate dateOfBirth) {}

    record DateOfBirthRecorded(UUID clientId, boolean dateOfBirthRecorded, LocalDate retainUntil) {}

    /**
     * The client's date of birth (optional; null clears it), for the records retention rule for
     * minors. Clinician (own client), supervisor or coordinator. The date is not echoed.
     */
    @PutMapping("/api/clients/{id}/date-of-birth")
    DateOfBirthRecorded dateOfBirth(@PathVariable UUID id, @RequestBody DateOfBirth body, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (user.is(StaffRole.INTEGRATION) || user.is(StaffRole.ADMIN)) {
            throw new AccessDeniedException("the client record is kept by the practice's staff");
        }
        Client client = terminations.recordDateOfBirth(access.clientFor(id, user), body.dateOfBirth(), user.username());
        return new DateOfBirthRecorded(client.getId(), client.getDateOfBirth() != null, client.getRetainUntil());
    }

    record SessionRequest(@NotNull Instant sessionAt) {}

    record SessionView(UUID id, UUID clientId, Instant sessionAt) {}

    /** 201: a session booked or held (clinician, supervisor, coordinator); stops a drop-out ending. */
    @PostMapping("/api/clients/{id}/sessions")
    ResponseEntity<SessionView> session(
            @PathVariable UUID id, @Valid @RequestBody SessionRequest body, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (user.is(StaffRole.INTEGRATION) || user.is(StaffRole.ADMIN)) {
            throw new AccessDeniedException("sessions are recorded by the practice's staff");
        }
        Client client = access.clientFor(id, user);
        ClientSession s = terminations.sessionBooked(client, body.sessionAt(), user.username());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new SessionView(s.getId(), s.getClientId(), s.getSessionAt()));
    }

    record Reopened(UUID clientId, ClientStatus status, LocalDate retainUntil) {}

    /** A former client returns: status INTAKE and intake consent with the current policy. 409 otherwise. */
    @PostMapping("/api/clients/{id}/reopen")
    Reopened reopen(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (user.is(StaffRole.INTEGRATION) || user.is(StaffRole.ADMIN)) {
            throw new AccessDeniedException("clients are re-opened by the practice's staff");
        }
        Client client = terminations.reopen(access.clientFor(id, user), user.username());
        return new Reopened(client.getId(), client.getStatus(), client.getRetainUntil());
    }

    private static CurrentUser clinicianOrSupervisor(Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("only clinicians and supervisors end treatment");
        }
        return user;
    }
}
