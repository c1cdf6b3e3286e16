package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.stereotype.Component;

/**
 * RecordResponseTimeTask / RecordAdministrativeResponseTimeTask: the response time of every answered
 * message, also when the task was completed in Tasklist. {@code answerer} is the task's assignee,
 * {@code completedAt} the engine's time when the task completed (input mappings in the BPMN). How the
 * task's form says it was answered ({@code answeredBy} of "Respond to client message",
 * {@code administrativeOutcome} of "Handle administrative message") goes into the audit entry.
 */
@Component
public class RecordAnswerWorker {

  private final ResponseSlas slas;

  public RecordAnswerWorker(ResponseSlas slas) {
    this.slas = slas;
  }

  @JobWorker(type = ProcessIds.JOB_RECORD_ANSWER)
  public void record(@Variable UUID messageId, @Variable String answerer,
      @Variable String completedAt, @Variable String answeredBy,
      @Variable String administrativeOutcome) {
    // FEEL's now() arrives as an ISO date-time with an offset and possibly a zone id.
    Instant at = DateTimeFormatter.ISO_DATE_TIME.parse(completedAt, Instant::from);
    slas.recordTaskCompletion(messageId, answerer, at,
        answeredBy != null ? answeredBy : administrativeOutcome);
  }
}
