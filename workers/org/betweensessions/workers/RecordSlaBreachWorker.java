package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.labels.TaskLabels;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.ResponseSla;
import org.betweensessions.sla.ResponseSlaRepository;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.stereotype.Component;

/**
 * RecordSlaBreachTask: records, audits and counts the breach once; notifies the supervisor. Says
 * whether the supervisor has reviewed it already (an instance rebuilt after a restart): then
 * BreachReviewedGateway asks for no second review.
 */
@Component
public class RecordSlaBreachWorker {

    private final ResponseSlas slas;
    private final ResponseSlaRepository rows;
    private final TaskLabels labels;

    public RecordSlaBreachWorker(ResponseSlas slas, ResponseSlaRepository rows, TaskLabels labels) {
        this.slas = slas;
        this.rows = rows;
        this.labels = labels;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_SLA_BREACH)
    public Recorded record(@Variable UUID messageId, @Variable String supervisorAssignee) {
        slas.recordBreach(messageId, supervisorAssignee);
        var sla = rows.findById(messageId);
        Map<String, String> about = labels.ofMessage(messageId, supervisorAssignee);
        return new Recorded(
                slas.breachReviewed(messageId),
                sla.map(ResponseSla::getAssignee).orElse(null),
                sla.map(s -> labels.local(s.getDueAt(), supervisorAssignee)).orElse(null),
                about.get("clientLabel"),
                about.get("channelLabel"),
                about.get("arrivedLabel"),
                about.get("workspaceLink"));
    }

    /**
     * The review form names whoever holds the answer task (answerAssignee: the clinician, or the
     * coordinator for an administrative message), with labels in the supervisor's time zone.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recorded(
            boolean breachReviewed,
            String answerAssignee,
            String dueLabel,
            String clientLabel,
            String channelLabel,
            String arrivedLabel,
            String workspaceLink) {}
}
