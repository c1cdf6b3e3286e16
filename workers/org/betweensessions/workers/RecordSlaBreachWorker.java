package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
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

  public RecordSlaBreachWorker(ResponseSlas slas) {
    this.slas = slas;
  }

  @JobWorker(type = ProcessIds.JOB_RECORD_SLA_BREACH)
  public Recorded record(@Variable UUID messageId, @Variable String supervisorAssignee) {
    slas.recordBreach(messageId, supervisorAssignee);
    return new Recorded(slas.breachReviewed(messageId));
  }

  public record Recorded(boolean breachReviewed) {}
}
