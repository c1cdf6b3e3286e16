package org.betweensessions.coverage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Licences, where the practice records them: the jurisdictions a clinician is licensed in (the
 * supervisor or an admin records them) and a client's jurisdiction (also the client's clinician).
 * Both optional; the coverage check uses them when both are recorded.
 */
@RestController
@RequestMapping("/api/licences")
class LicenceController {

    private final Licences licences;
    private final ClinicianRepository clinicians;
    private final ClientAccess access;

    LicenceController(Licences licences, ClinicianRepository clinicians, ClientAccess access) {
        this.licences = licences;
        this.clinicians = clinicians;
        this.access = access;
    }

    record ClinicianLicences(String clinician, Set<String> jurisdictions) {}

    record LicencesRequest(@Size(max = 60) List<@Size(max = 20) String> jurisdictions) {}

    record ClientJurisdiction(UUID clientId, String jurisdiction) {}

    record JurisdictionRequest(@Size(max = 20) String jurisdiction) {}

    @GetMapping("/clinicians/{username}")
    ClinicianLicences clinician(@PathVariable String username, Authentication auth) {
        CurrentUser user = staff(auth);
        Clinician clinician = clinicianOf(username, user);
        return new ClinicianLicences(clinician.getUsername(), licences.ofClinician(clinician.getId()));
    }

    /** Replaces the clinician's licences; an empty list means none recorded (no check). */
    @PutMapping("/clinicians/{username}")
    ClinicianLicences recordClinician(
            @PathVariable String username, @Valid @RequestBody LicencesRequest body, Authentication auth) {
        CurrentUser user = staff(auth);
        if (!user.is(StaffRole.SUPERVISOR) && !user.is(StaffRole.ADMIN)) {
            throw new AccessDeniedException("the supervisor or an admin records licences");
        }
        Clinician clinician = clinicianOf(username, user);
        if (body.jurisdictions() == null) {
            throw new InvalidFieldException("jurisdictions", "Required (an empty list: none recorded)");
        }
        return new ClinicianLicences(
                clinician.getUsername(),
                licences.recordClinician(clinician.getId(), body.jurisdictions(), user.username()));
    }

    @GetMapping("/clients/{clientId}")
    ClientJurisdiction client(@PathVariable UUID clientId, Authentication auth) {
        Client client = access.clientFor(clientId, staff(auth));
        return new ClientJurisdiction(
                client.getId(), licences.ofClient(client.getId()).orElse(null));
    }

    /** The client's jurisdiction; null or blank removes it (no check). */
    @PutMapping("/clients/{clientId}")
    ClientJurisdiction recordClient(
            @PathVariable UUID clientId, @Valid @RequestBody JurisdictionRequest body, Authentication auth) {
        CurrentUser user = staff(auth);
        if (user.is(StaffRole.COORDINATOR)) {
            throw new AccessDeniedException("the client's clinician, the supervisor or an admin");
        }
        Client client = access.clientFor(clientId, user);
        return new ClientJurisdiction(
                client.getId(),
                licences.recordClient(client.getId(), body.jurisdiction(), user.username())
                        .orElse(null));
    }

    private static CurrentUser staff(Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        if (user.is(StaffRole.INTEGRATION)) {
            throw new AccessDeniedException("staff only");
        }
        return user;
    }

    private Clinician clinicianOf(String username, CurrentUser user) {
        return clinicians
                .findByUsername(username)
                .filter(c -> c.getPracticeId().equals(access.practiceOf(user)))
                .orElseThrow(
                        () -> new NotFoundException("username", "No clinician of this practice with this username"));
    }
}
