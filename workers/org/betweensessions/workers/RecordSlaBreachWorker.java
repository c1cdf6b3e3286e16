package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.stereotype.Component;

/** RecordSlaBreachTask: records, audits and counts the breach once; notifies the supervisor. */
@Component
public class RecordSlaBreachWorker {

  private final ResponseSlas slas;

  public RecordSlaBreachWorker(ResponseSlas slas) {
    this.slas = slas;
  }

  @JobWorker(type = ProcessIds.JOB_RECORD_SLA_BREACH)
  public void record(@Variable String messageId, @Variable String supervisorAssignee) {
    slas.recordBreach(UUID.fromString(messageId), supervisorAssignee);
  }
}
