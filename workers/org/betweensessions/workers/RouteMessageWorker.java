package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.labels.TaskLabels;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.ResponseSlas;
import org.betweensessions.triage.Route;
import org.betweensessions.triage.Routing;
import org.springframework.stereotype.Component;

/**
 * RecordRouteTask: records the decision table's route, computes when the answer is due and when the
 * person who must answer is reminded (reminderAt: share of the window, from response-reminder).
 */
@Component
public class RouteMessageWorker {

    private final Routing routing;
    private final ResponseSlas slas;
    private final TaskLabels labels;

    public RouteMessageWorker(Routing routing, ResponseSlas slas, TaskLabels labels) {
        this.routing = routing;
        this.slas = slas;
        this.labels = labels;
    }

    @JobWorker(type = ProcessIds.JOB_ROUTE_MESSAGE)
    public Routed route(
            @Variable UUID messageId,
            @Variable Route route,
            @Variable String responseWindowKey,
            @Variable Double reminderAt,
            @Variable String clinicianAssignee,
            @Variable String coordinatorAssignee) {
        Route decided = route;
        // The promise first: routing marks the message AWAITING_RESPONSE, the last thing before the job
        // completes (what a caller polling the message may rely on).
        ResponseSlas.Promise promise = !decided.needsAnswer()
                ? null
                : slas.open(
                        messageId,
                        decided,
                        responseWindowKey,
                        reminderAt,
                        decided == Route.COORDINATOR ? coordinatorAssignee : clinicianAssignee);
        routing.route(messageId, decided, responseWindowKey);
        if (promise == null) {
            return new Routed(null, null, null, null, null, null, null, null, null);
        }
        Map<String, String> about = labels.ofMessage(messageId, promise.assignee());
        // The stored promise, not a fresh computation: an instance rebuilt after a restart gets the
        // same absolute due and reminder times and the same assignee as the first one.
        return new Routed(
                promise.dueAt().toString(),
                promise.reminderAt().toString(),
                decided == Route.CLINICIAN ? promise.assignee() : null,
                decided == Route.COORDINATOR ? promise.assignee() : null,
                about.get("clientLabel"),
                about.get("channelLabel"),
                about.get("arrivedLabel"),
                labels.local(promise.dueAt(), promise.assignee()),
                about.get("workspaceLink"));
    }

    /**
     * ISO instants: responseDueAt is the user task's due date (Tasklist sorts by it) and the deadline
     * timer; responseReminderAt its follow-up date and the reminder timer. The assignee of the answer
     * task is the one the promise was made for. The labels are what the answer forms show instead of
     * ids, in the assignee's time zone (TaskLabels): the client's initials, channel, arrival, due time,
     * and the link to the message in the workspace.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Routed(
            String responseDueAt,
            String responseReminderAt,
            String clinicianAssignee,
            String coordinatorAssignee,
            String clientLabel,
            String channelLabel,
            String arrivedLabel,
            String dueLabel,
            String workspaceLink) {}
}
