package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.billing.Billing;
import org.betweensessions.billing.TimeSpent;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.sla.AnswerOutcome;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.stereotype.Component;

/**
 * RecordResponseTimeTask / RecordAdministrativeResponseTimeTask: the response time of every answered
 * message, also when the task was completed in Tasklist. {@code answerer} is the task's assignee,
 * {@code completedAt} the engine's time when the task completed (input mappings in the BPMN). A
 * completion counts only with a stored reply or an explicit outcome ({@code answerOutcome}, and
 * {@code noAnswerReason} for "no answer needed"); otherwise BPMN error ANSWER_NOT_RECORDED sends the
 * task back with the reason ({@code answerProblem}, shown on the form). {@code minutesSpent} (from the
 * reply or the form) is recorded for billing.
 */
@Component
public class RecordAnswerWorker {

    private final ResponseSlas slas;
    private final AnswerOutcome outcomes;
    private final Billing billing;

    public RecordAnswerWorker(ResponseSlas slas, AnswerOutcome outcomes, Billing billing) {
        this.slas = slas;
        this.outcomes = outcomes;
        this.billing = billing;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_ANSWER)
    public Recorded record(
            @Variable UUID messageId,
            @Variable String answerer,
            @Variable String completedAt,
            @Variable String answerOutcome,
            @Variable String noAnswerReason,
            @Variable Number minutesSpent) {
        var problem = outcomes.record(messageId, answerer, answerOutcome, noAnswerReason);
        if (problem.isPresent()) {
            throw CamundaError.bpmnError(
                    ProcessIds.ERROR_ANSWER_NOT_RECORDED, problem.get(), Map.of("answerProblem", problem.get()));
        }
        // FEEL's now() arrives as an ISO date-time with an offset and possibly a zone id.
        Instant at = DateTimeFormatter.ISO_DATE_TIME.parse(completedAt, Instant::from);
        slas.recordTaskCompletion(
                messageId,
                answerer,
                at,
                answerOutcome == null
                        ? null
                        : answerOutcome + (noAnswerReason == null ? "" : " (" + noAnswerReason + ")"));
        billing.record(
                messageId, TimeSpent.Kind.ANSWER, answerer, minutesSpent == null ? null : minutesSpent.intValue());
        return new Recorded("");
    }

    /** Clears the reason shown on the form after a completion was sent back. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recorded(String answerProblem) {}
}
