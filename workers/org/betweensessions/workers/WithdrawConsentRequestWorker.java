package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.consent.ConsentRequests;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** WithdrawConsentRequestTask in termination: consent reminders stop (instance cancelled, request withdrawn). */
@Component
public class WithdrawConsentRequestWorker {

    private final ConsentRequests requests;

    public WithdrawConsentRequestWorker(ConsentRequests requests) {
        this.requests = requests;
    }

    @JobWorker(type = ProcessIds.JOB_WITHDRAW_CONSENT_REQUEST)
    public void withdraw(@Variable String clientId) {
        requests.withdrawForClient(UUID.fromString(clientId), "termination");
    }
}
