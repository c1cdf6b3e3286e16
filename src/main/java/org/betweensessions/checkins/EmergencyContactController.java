package org.betweensessions.checkins;

import jakarta.validation.Valid;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.EmergencyContact;
import org.betweensessions.client.EmergencyContactDetails;
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
    ContactView record(@PathVariable UUID id, @Valid @RequestBody EmergencyContactDetails body, Authentication auth) {
        Client client = client(id, auth);
        String missing = body.missingField();
        if (missing != null) {
            throw InvalidFieldException.outOfRange(missing, "a phone number (at least 5 digits) or an e-mail address");
        }
        return ContactView.of(contacts.record(client, body, auth.getName()));
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
}
