package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.billing.Billing;
import org.betweensessions.billing.TimeSpent;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordCrisisDocumentationTask: what was done about the crisis (from DocumentCrisisTask's form, in
 * Tasklist or the workspace), flagged for the next session. Documented through the API already: the
 * stored documentation stands. The minutes spent are recorded for billing.
 */
@Component
public class RecordCrisisDocumentationWorker {

    private final CrisisResponse crisis;
    private final Billing billing;

    public RecordCrisisDocumentationWorker(CrisisResponse crisis, Billing billing) {
        this.crisis = crisis;
        this.billing = billing;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_CRISIS_DOCUMENTATION)
    public void record(
            @Variable UUID messageId,
            @Variable String documentedBy,
            @Variable String contactMade,
            @Variable Boolean safetyAssessed,
            @Variable String nextStep,
            @Variable Number minutesSpent) {
        UUID id = messageId;
        if (!crisis.acknowledgement(id).map(a -> a.isDocumented()).orElse(false)) {
            crisis.recordDocumentation(
                    id,
                    documentedBy,
                    ContactMade.valueOf(contactMade),
                    Boolean.TRUE.equals(safetyAssessed),
                    NextStep.valueOf(nextStep));
        }
        billing.record(id, TimeSpent.Kind.CRISIS, documentedBy, minutesSpent == null ? null : minutesSpent.intValue());
    }
}
