package org.betweensessions.client;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import org.betweensessions.message.Channel;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registering clients (intake) and reading their status, for staff of the same practice. */
@RestController
@RequestMapping("/api/clients")
class ClientController {

    private final ClientRegistration registration;
    private final ClientAccess access;

    ClientController(ClientRegistration registration, ClientAccess access) {
        this.registration = registration;
        this.access = access;
    }

    /**
     * 201: the client is in INTAKE and the intake-consent process is starting. A clinician registers
     * their own clients (403 for a colleague's caseload); coordinators, supervisors and admins register
     * for any clinician of the practice.
     */
    @PostMapping
    ResponseEntity<ClientView> register(
            @Valid @RequestBody ClientRegistration.RegisterClient request, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (user.is(StaffRole.CLINICIAN) && !user.username().equals(request.clinician())) {
            throw new AccessDeniedException("a clinician registers their own clients");
        }
        Client client = registration.register(request, access.practiceOf(user), auth.getName());
        return ResponseEntity.created(URI.create("/api/clients/" + client.getId()))
                .body(ClientView.of(client));
    }

    /** 404 outside the caller's practice, 403 for a colleague's client (ClientAccess). */
    @GetMapping("/{id}")
    ClientView get(@PathVariable UUID id, Authentication auth) {
        return ClientView.of(access.clientFor(id, CurrentUser.of(auth)));
    }

    record ClientView(
            UUID id,
            String displayName,
            UUID clinicianId,
            ClientStatus status,
            RiskLevel riskLevel,
            Channel preferredChannel,
            String preferredLanguage,
            LocalDate retainUntil,
            boolean dateOfBirthRecorded) {

        static ClientView of(Client c) {
            return new ClientView(
                    c.getId(),
                    c.getDisplayName(),
                    c.getClinicianId(),
                    c.getStatus(),
                    c.getRiskLevel(),
                    c.getPreferredChannel(),
                    c.getPreferredLanguage(),
                    c.getRetainUntil(),
                    c.getDateOfBirth() != null);
        }
    }
}
