package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** SendDropOutOutreachTask in termination: the one documented outreach, through the outbox (once). */
@Component
public class SendDropOutOutreachWorker {

    private final Terminations terminations;

    public SendDropOutOutreachWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_DROP_OUT_OUTREACH)
    public Terminations.OutreachSent send(@Variable String terminationId, @Variable String outreachWait) {
        return terminations.outreach(
                UUID.fromString(terminationId), outreachWait == null ? null : Duration.parse(outreachWait));
    }
}
