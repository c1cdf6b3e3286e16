package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.labels.TaskLabels;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * AlertResponsibleClinicianTask, AlertCoveringClinicianTask, AlertSupervisorTask: the BPMN maps
 * alertLevel and alertRecipient in. Returns when this level escalates (crisisEscalateAt), an absolute
 * time stored with the alert when it was first made: a job run again, or an instance rebuilt after a
 * restart, gets the same time back and alerts nobody twice.
 */
@Component
public class AlertCrisisWorker {

    private final CrisisResponse crisis;
    private final TaskLabels labels;

    public AlertCrisisWorker(CrisisResponse crisis, TaskLabels labels) {
        this.crisis = crisis;
        this.labels = labels;
    }

    @JobWorker(type = ProcessIds.JOB_ALERT_CRISIS)
    public Alerted alert(
            @Variable UUID messageId,
            @Variable String alertLevel,
            @Variable String alertRecipient,
            @Variable String acknowledgeWithin) {
        var alert = crisis.alert(
                messageId,
                alertLevel,
                alertRecipient,
                acknowledgeWithin == null || acknowledgeWithin.isBlank()
                        ? null
                        : Duration.parse(acknowledgeWithin.trim()));
        Instant escalateAt = crisis.escalateAt(alert);
        Map<String, String> about = labels.ofMessage(messageId, alertRecipient);
        return new Alerted(
                escalateAt.toString(),
                labels.local(escalateAt, alertRecipient),
                about.get("clientLabel"),
                about.get("channelLabel"),
                about.get("arrivedLabel"),
                about.get("workspaceLink"));
    }

    /**
     * crisisEscalateAt: ISO instant read by the escalation timers (timeDate) and the acknowledge
     * task's due date; the labels are what its form shows, in the alerted person's time zone.
     */
    public record Alerted(
            String crisisEscalateAt,
            String escalatesLabel,
            String clientLabel,
            String channelLabel,
            String arrivedLabel,
            String workspaceLink) {}
}
