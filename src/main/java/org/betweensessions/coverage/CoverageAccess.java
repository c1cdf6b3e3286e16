package org.betweensessions.coverage;

import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may see and change a coverage, the same for the API and the workspace: it is seen by the
 * clinician who is away, the covering clinician, the supervisor and admins of the practice (404
 * outside it); dates and cancellation by the clinician or the supervisor; summaries written by the
 * clinician, the covering clinician or the supervisor, for clients of the clinician who is away.
 */
@Component
public class CoverageAccess {

    private final CoverageHandoff coverages;
    private final ClientAccess access;
    private final ClientRepository clients;

    CoverageAccess(CoverageHandoff coverages, ClientAccess access, ClientRepository clients) {
        this.coverages = coverages;
        this.access = access;
        this.clients = clients;
    }

    @Transactional(readOnly = true)
    public Coverage readable(UUID id, CurrentUser user) {
        Coverage coverage = coverages.get(id);
        if (!coverage.getPracticeId().equals(access.practiceOf(user))) {
            throw new NotFoundException("id", "No coverage with this id");
        }
        if (!user.is(StaffRole.SUPERVISOR)
                && !user.is(StaffRole.ADMIN)
                && !access.isClinicianOf(coverage.getClinicianId(), user)
                && !isCovering(coverage, user)) {
            throw new AccessDeniedException("not this clinician's coverage");
        }
        return coverage;
    }

    public void ownerOrSupervisor(Coverage coverage, CurrentUser user) {
        if (!mayChange(coverage, user)) {
            throw new AccessDeniedException("the clinician who is away, or the supervisor");
        }
    }

    public boolean mayChange(Coverage coverage, CurrentUser user) {
        return user.is(StaffRole.SUPERVISOR) || access.isClinicianOf(coverage.getClinicianId(), user);
    }

    public void summaryWriter(Coverage coverage, CurrentUser user) {
        if (!access.isClinicianOf(coverage.getClinicianId(), user)
                && !isCovering(coverage, user)
                && !user.is(StaffRole.SUPERVISOR)) {
            throw new AccessDeniedException("the clinician, the covering clinician or the supervisor");
        }
    }

    /** A client of the clinician who is away, or 404 naming the field. */
    @Transactional(readOnly = true)
    public Client clientOfAbsent(Coverage coverage, UUID clientId) {
        return clients.findById(clientId)
                .filter(c -> c.getClinicianId().equals(coverage.getClinicianId()))
                .orElseThrow(() -> new NotFoundException("clientId", "No client of the absent clinician with this id"));
    }

    public boolean isCovering(Coverage coverage, CurrentUser user) {
        return access.isClinicianOf(coverage.getCoveringClinicianId(), user);
    }
}
