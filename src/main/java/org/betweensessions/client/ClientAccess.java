package org.betweensessions.client;

import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may see or act for a client, checked before anything about the client is read or written:
 * <ul>
 *   <li>anyone outside the client's practice gets 404, as if the client did not exist;</li>
 *   <li>a clinician acts only for their own clients (403 for a colleague's): reading the record or
 *       consent, posting consent, entering a message on the client's behalf. A colleague alerted to
 *       a crisis reads that one message through the message's own check, not through this one;</li>
 *   <li>supervisors, coordinators, admins and the practice's integration act for every client of the
 *       practice (each endpoint narrows further where its data calls for it).</li>
 * </ul>
 */
@Service
public class ClientAccess {

    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final StaffMemberRepository staff;

    ClientAccess(ClientRepository clients, ClinicianRepository clinicians, StaffMemberRepository staff) {
        this.clients = clients;
        this.clinicians = clinicians;
        this.staff = staff;
    }

    /** The caller's practice; 403 for a user who belongs to none. */
    @Transactional(readOnly = true)
    public UUID practiceOf(CurrentUser user) {
        return staff.findByUsername(user.username())
                .orElseThrow(() -> new AccessDeniedException("not a member of a practice"))
                .getPracticeId();
    }

    /** The client, if the caller may act for them: 404 outside the practice, 403 another's client. */
    @Transactional(readOnly = true)
    public Client clientFor(UUID clientId, CurrentUser user) {
        Client client = clients.findById(clientId)
                .filter(c -> c.getPracticeId().equals(practiceOf(user)))
                .orElseThrow(() -> new NotFoundException("id", "No client with this id"));
        if (user.is(StaffRole.CLINICIAN) && !isClinicianOf(client.getClinicianId(), user)) {
            throw new AccessDeniedException("not this clinician's client");
        }
        return client;
    }

    /** True if the user is the clinician with this id. */
    @Transactional(readOnly = true)
    public boolean isClinicianOf(UUID clinicianId, CurrentUser user) {
        return clinicianId != null
                && clinicians
                        .findById(clinicianId)
                        .map(c -> c.getUsername().equals(user.username()))
                        .orElse(false);
    }
}
