package org.betweensessions.consent;

import org.betweensessions.client.ClientRegistered;
import org.betweensessions.client.ClientReopened;
import org.betweensessions.policy.PolicyService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A newly registered (or re-opened) client gets a consent request in the same transaction (started after commit). */
@Component
class IntakeOnRegistration {

    private final ConsentRequests requests;
    private final PolicyService policies;

    IntakeOnRegistration(ConsentRequests requests, PolicyService policies) {
        this.requests = requests;
        this.policies = policies;
    }

    @EventListener
    void clientRegistered(ClientRegistered event) {
        requests.open(
                event.client(),
                policies.effectiveFor(event.client()),
                ConsentRequest.Kind.INTAKE,
                event.registeredBy());
    }

    /** A former client who returns goes through intake consent again, with the current policy. */
    @EventListener
    void clientReopened(ClientReopened event) {
        requests.open(
                event.client(), policies.effectiveFor(event.client()), ConsentRequest.Kind.INTAKE, event.reopenedBy());
    }
}
