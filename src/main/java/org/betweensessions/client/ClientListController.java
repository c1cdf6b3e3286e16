package org.betweensessions.client;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Channel;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller's clients are: a clinician sees their own caseload, other staff their practice's.
 * Never another practice's clients.
 */
@RestController
class ClientListController {

    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final ClientAccess access;

    ClientListController(ClientRepository clients, ClinicianRepository clinicians, ClientAccess access) {
        this.clients = clients;
        this.clinicians = clinicians;
        this.access = access;
    }

    @GetMapping("/api/clients")
    List<ClientSummary> list(Authentication auth) {
        CurrentUser user = CurrentUser.of(auth);
        UUID practice = access.practiceOf(user);
        Map<UUID, Clinician> byId =
                clinicians.findAll().stream().collect(Collectors.toMap(Clinician::getId, Function.identity()));
        return clients.findAll().stream()
                .filter(c -> c.getPracticeId().equals(practice))
                .filter(c -> !user.is(StaffRole.CLINICIAN)
                        || byId.get(c.getClinicianId()).getUsername().equals(user.username()))
                .map(c -> new ClientSummary(
                        c.getId(),
                        c.getDisplayName(),
                        c.getStatus(),
                        c.getRiskLevel(),
                        c.getPreferredChannel(),
                        c.getPreferredLanguage(),
                        byId.get(c.getClinicianId()).getUsername()))
                .toList();
    }

    record ClientSummary(
            UUID id,
            String displayName,
            ClientStatus status,
            RiskLevel riskLevel,
            Channel preferredChannel,
            String preferredLanguage,
            String clinician) {}
}
