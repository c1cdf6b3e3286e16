package org.betweensessions.checkins;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A client's emergency contact and the client's consent to it being contacted after missed
 * check-ins: recorded at intake (the intake coordinator or the clinician, with the consent review)
 * and changed later by the client's clinician or a supervisor. The details are stored encrypted and
 * shown to these staff only; the audit trail records that they changed, not what they are.
 */
@RestController
@RequestMapping("/api/clients/{id}/emergency-contact")
class EmergencyContactController {

    private final ClientAccess access;
    private final EmergencyContacts contacts;

    EmergencyContactController(ClientAccess access, EmergencyContacts contacts) {
        this.access = access;
        this.contacts = contacts;
    }

    record ContactRequest(
            @NotBlank @Size(max = 200) String name,

            @Size(max = 40) @Pattern(regexp = "[0-9+()\\-. ]*", message = "digits, +, spaces, dashes only")
            String phone,

            @Email @Size(max = 254) String email,
            @Size(max = 100) String relationship,
            @NotNull Boolean consentToContact) {}

    record ContactView(
            UUID clientId,
            String name,
            String phone,
            String email,
            String relationship,
            boolean consentToContact,
            Instant consentRecordedAt,
            String recordedBy,
            Instant recordedAt) {

        static ContactView of(EmergencyContact c) {
            return new ContactView(
                    c.getClientId(),
                    c.getName(),
                    c.getPhone(),
                    c.getEmail(),
                    c.getRelationship(),
                    c.isConsentToContact(),
                    c.getConsentRecordedAt(),
                    c.getRecordedBy(),
                    c.getRecordedAt());
        }
    }

    private Client client(UUID id, Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (!user.is(StaffRole.CLINICIAN) && !user.is(StaffRole.SUPERVISOR) && !user.is(StaffRole.COORDINATOR)) {
            throw new AccessDeniedException("clinicians, supervisors and intake coordinators keep emergency contacts");
        }
        return access.clientFor(id, user);
    }

    /** 200: recorded (or replaced). Phone or e-mail is required. */
    @PutMapping
    ContactView record(@PathVariable UUID id, @Valid @RequestBody ContactRequest body, Authentication auth) {
        Client client = client(id, auth);
        if (isBlank(body.phone()) && isBlank(body.email())) {
            throw InvalidFieldException.outOfRange("phone", "a phone number or an e-mail address is required");
        }
        if (!isBlank(body.phone()) && body.phone().replaceAll("[^0-9]", "").length() < 5) {
            throw InvalidFieldException.outOfRange("phone", "too few digits for a phone number");
        }
        return ContactView.of(contacts.record(
                client,
                new EmergencyContacts.Details(
                        body.name(), body.phone(), body.email(), body.relationship(), body.consentToContact()),
                auth.getName()));
    }

    /** The recorded contact; 404 when there is none. */
    @GetMapping
    ContactView get(@PathVariable UUID id, Authentication auth) {
        Client client = client(id, auth);
        return contacts.of(client.getId())
                .map(ContactView::of)
                .orElseThrow(() -> new NotFoundException("id", "No emergency contact recorded for this client"));
    }

    /** 204: removed (the client withdrew it); 404 when there was none. */
    @DeleteMapping
    ResponseEntity<Void> remove(@PathVariable UUID id, Authentication auth) {
        Client client = client(id, auth);
        if (!contacts.remove(client, auth.getName())) {
            throw new NotFoundException("id", "No emergency contact recorded for this client");
        }
        return ResponseEntity.noContent().build();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
