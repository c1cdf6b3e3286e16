package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.billing.Billing;
import org.betweensessions.billing.TimeSpent;
import org.betweensessions.crisis.CrisisAcknowledgement;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.labels.TaskLabels;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordCrisisAcknowledgementTask: "I'm on it" recorded (the escalation stopped when the
 * acknowledgement task completed). Returns the stored documentation deadline and reminder point, read
 * by DocumentCrisisTask and CrisisDocumentationReminderTimer, and whether the contact is documented
 * already (CrisisDocumentedGateway): acknowledged and documented in one step through the API, or an
 * instance rebuilt after a restart.
 */
@Component
public class RecordCrisisAcknowledgementWorker {

    private final CrisisResponse crisis;
    private final Billing billing;
    private final TaskLabels labels;

    public RecordCrisisAcknowledgementWorker(CrisisResponse crisis, Billing billing, TaskLabels labels) {
        this.crisis = crisis;
        this.billing = billing;
        this.labels = labels;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_CRISIS_ACKNOWLEDGEMENT)
    public Acknowledged record(
            @Variable UUID messageId, @Variable String acknowledgedBy, @Variable Number minutesSpent) {
        CrisisAcknowledgement ack = crisis.recordAcknowledgement(messageId, acknowledgedBy);
        if (ack.isDocumented()) {
            // Acknowledged and documented in one step: the minutes came with it.
            billing.record(
                    messageId,
                    TimeSpent.Kind.CRISIS,
                    ack.getDocumentedBy(),
                    minutesSpent == null ? null : minutesSpent.intValue());
        }
        boolean reminder = ack.getDocumentationReminderAt() != null;
        return new Acknowledged(
                ack.getAcknowledgedBy(),
                ack.getDocumentationDueAt().toString(),
                (reminder ? ack.getDocumentationReminderAt() : ack.getDocumentationDueAt()).toString(),
                reminder,
                ack.isDocumented(),
                labels.local(ack.getDocumentationDueAt(), ack.getAcknowledgedBy()));
    }

    /**
     * crisisDocumentationReminderAt is the due time itself when the practice wants no reminder (the
     * timer needs a date; CrisisDocumentationReminderGateway then ends quietly).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Acknowledged(
            String acknowledgedBy,
            String crisisDocumentationDueAt,
            String crisisDocumentationReminderAt,
            boolean crisisDocumentationReminder,
            boolean crisisDocumented,
            String documentationDueLabel) {}
}
