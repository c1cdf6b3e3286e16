package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.triage.Route;
import org.betweensessions.triage.Routing;
import org.springframework.stereotype.Component;

/** RecordRouteTask: records the decision table's route and computes when the answer is due. */
@Component
public class RouteMessageWorker {

  private final Routing routing;

  public RouteMessageWorker(Routing routing) {
    this.routing = routing;
  }

  @JobWorker(type = ProcessIds.JOB_ROUTE_MESSAGE)
  public Routed route(@Variable String messageId, @Variable String route,
      @Variable String responseWindowKey) {
    Instant due = routing.route(UUID.fromString(messageId), Route.valueOf(route),
        responseWindowKey);
    return new Routed(due == null ? null : due.toString());
  }

  /** responseDueAt is an ISO instant: the user task's due date (Tasklist sorts by it). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Routed(String responseDueAt) {}
}
