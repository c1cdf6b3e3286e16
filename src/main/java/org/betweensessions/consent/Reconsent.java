package org.betweensessions.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.policy.PolicyVersionCreated;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A new policy version that changes what clients read: every active client on an older version is
 * asked to consent again (one intake-consent instance each, started after commit). Their messaging
 * is not narrowed meanwhile. Clients still in intake are sent the new version on their open request.
 */
@Component
class Reconsent {

    private final ConsentRequestRepository requests;
    private final ConsentRequests requestService;
    private final ClinicianRepository clinicians;
    private final PolicyService policies;
    private final IntakeConsent steps;

    Reconsent(
            ConsentRequestRepository requests,
            ConsentRequests requestService,
            ClinicianRepository clinicians,
            PolicyService policies,
            IntakeConsent steps) {
        this.requests = requests;
        this.requestService = requestService;
        this.clinicians = clinicians;
        this.policies = policies;
        this.steps = steps;
    }

    /** Runs in the transaction that saves the version: requests commit (or not) with it. */
    @EventListener
    void policyVersionCreated(PolicyVersionCreated event) {
        CommunicationPolicy policy = event.policy();
        for (Client client : affectedClients(policy)) {
            if (client.getStatus() == ClientStatus.TERMINATED
                    || !policies.effectiveFor(client).getId().equals(policy.getId())) {
                continue;
            }
            Optional<ConsentRequest> open = requestService.openRequestOf(client.getId());
            if (open.isPresent()) {
                ConsentRequest request = open.get();
                // Not yet acknowledged: ask about the new version instead (an acknowledgement under way is
                // completed first; completion then opens a re-consent for the newer version).
                if (request.getConsentId() == null && !request.getPolicyId().equals(policy.getId())) {
                    steps.resendAfterChange(request, policy);
                }
                continue;
            }
            if (client.getStatus() == ClientStatus.ACTIVE
                    && policy.isClientFacingChange()
                    && requests.consentTo(client.getId(), policy.getId()).isEmpty()) {
                requestService.open(client, policy, ConsentRequest.Kind.RECONSENT, policy.getCreatedBy());
            }
        }
    }

    private List<Client> affectedClients(CommunicationPolicy policy) {
        if (policy.getClinicianId() != null) {
            return requests.clientsOf(policy.getClinicianId());
        }
        List<Client> result = new ArrayList<>();
        for (Clinician c : clinicians.findAll()) {
            if (c.getPracticeId().equals(policy.getPracticeId())) {
                result.addAll(requests.clientsOf(c.getId()));
            }
        }
        return result;
    }
}
