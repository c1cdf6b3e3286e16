package org.betweensessions.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A client's contact exceptions: recorded and ended by the client's clinician or a supervisor, each
 * with a documented clinical reason (400 naming the field without one).
 */
@RestController
@RequestMapping("/api/clients/{id}/contact-exceptions")
class ContactExceptionController {

    private final ClientAccess access;
    private final ContactExceptions exceptions;

    ContactExceptionController(ClientAccess access, ContactExceptions exceptions) {
        this.access = access;
        this.exceptions = exceptions;
    }

    record NewException(
            @NotNull ContactException.Kind kind,
            @NotBlank @Size(max = 4000) String reason,
            LocalDate endsOn) {}

    record Ending(@NotBlank @Size(max = 4000) String reason) {}

    record View(
            UUID id,
            ContactException.Kind kind,
            String reason,
            LocalDate startsOn,
            LocalDate endsOn,
            String recordedBy,
            Instant recordedAt,
            Instant endedAt,
            String endedBy) {

        static View of(ContactException e) {
            return new View(
                    e.getId(),
                    e.getKind(),
                    e.getReason(),
                    e.getStartsOn(),
                    e.getEndsOn(),
                    e.getRecordedBy(),
                    e.getRecordedAt(),
                    e.getEndedAt(),
                    e.getEndedBy());
        }
    }

    private Client client(UUID id, CurrentUser user) {
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("only clinicians and supervisors change contact arrangements");
        }
        return access.clientFor(id, user);
    }

    /** 201: recorded (from today, in the clinician's time zone). */
    @PostMapping
    ResponseEntity<View> record(@PathVariable UUID id, @Valid @RequestBody NewException body, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        Client client = client(id, user);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(View.of(exceptions.record(client, body.kind(), body.reason(), body.endsOn(), user.username())));
    }

    /** 200: ended; 409 ended before; 404 not this client's. */
    @PostMapping("/{exceptionId}/end")
    View end(
            @PathVariable UUID id,
            @PathVariable UUID exceptionId,
            @Valid @RequestBody Ending body,
            Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        Client client = client(id, user);
        return View.of(exceptions.end(client, exceptionId, body.reason(), user.username()));
    }

    /** All of the client's exceptions, oldest first, with their reasons (staff only). */
    @GetMapping
    List<View> list(@PathVariable UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        Client client = client(id, user);
        return exceptions.of(client.getId()).stream().map(View::of).toList();
    }
}
