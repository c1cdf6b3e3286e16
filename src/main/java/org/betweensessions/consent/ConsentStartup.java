package org.betweensessions.consent;

import org.betweensessions.client.Client;
import org.betweensessions.policy.PolicyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, after the demo practice is seeded: every client in intake without an open request gets
 * one (e.g. the demo's Taylor Brooks). Open requests whose instance the engine lost (the in-memory
 * engine forgets everything on restart) are driven again by reconciliation (reconcile/Reconciliation),
 * resuming where they stood with their stored deadlines, or, with reconciliation switched off (the
 * test suite, whose database outlives each engine), published from the start again. Both are
 * idempotent.
 */
@Component
@Order(10)
class ConsentStartup implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentStartup.class);

    private final ConsentRequestRepository requests;
    private final ConsentRequests requestService;
    private final PolicyService policies;
    private final TransactionTemplate tx;

    ConsentStartup(
            ConsentRequestRepository requests,
            ConsentRequests requestService,
            PolicyService policies,
            TransactionTemplate tx) {
        this.requests = requests;
        this.requestService = requestService;
        this.policies = policies;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) {
        int opened = 0;
        for (Client client : requests.clientsInIntake()) {
            Boolean created = tx.execute(s -> {
                if (requestService.openRequestOf(client.getId()).isPresent()
                        || requests.hasAnyConsent(client.getId())) {
                    return false;
                }
                requestService.open(client, policies.effectiveFor(client), ConsentRequest.Kind.INTAKE, "system");
                return true;
            });
            opened += Boolean.TRUE.equals(created) ? 1 : 0;
        }
        if (opened > 0) {
            LOG.info("Intake consent: {} request(s) opened for clients in intake", opened);
        }
    }
}
