package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.Reconciliation;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.stereotype.Component;

/**
 * StartCoverageTask in coverage-handoff: the absence is under way (routing reads the leave), and the
 * open answers the covering clinician takes over move to them: the stored promise first (assignee,
 * due and reminder on their calendar), then the message's instance is started again from it, so the
 * task, its reminder and its deadline follow. Idempotent: an answer whose open task already has its
 * new assignee is left alone.
 */
@Component
public class StartCoverageWorker {

    private final CoverageHandoff coverage;
    private final ResponseSlas slas;
    private final Reconciliation reconciliation;
    private final MessageRepository messages;
    private final UserTasks userTasks;

    public StartCoverageWorker(
            CoverageHandoff coverage,
            ResponseSlas slas,
            Reconciliation reconciliation,
            MessageRepository messages,
            UserTasks userTasks) {
        this.coverage = coverage;
        this.slas = slas;
        this.reconciliation = reconciliation;
        this.messages = messages;
        this.userTasks = userTasks;
    }

    @JobWorker(type = ProcessIds.JOB_START_COVERAGE)
    public CoverageHandoff.Started start(@Variable String coverageId) {
        UUID id = UUID.fromString(coverageId);
        CoverageHandoff.Started started = coverage.start(id);
        int moved = 0;
        for (CoverageHandoff.Reassignment r : coverage.answersToReassign(id)) {
            boolean changed = slas.reassign(r.messageId(), r.assignee());
            Long key = messages.findById(r.messageId())
                    .map(m -> m.getProcessInstanceKey())
                    .orElse(null);
            boolean taskBehind = key != null
                    && userTasks
                            .findOpenTask(key, ProcessIds.RESPOND_TO_MESSAGE_TASK)
                            .map(t -> !r.assignee().equals(t.assignee()))
                            .orElse(false);
            if ((changed || taskBehind) && reconciliation.restartMessage(r.messageId(), "coverage " + coverageId)) {
                moved++;
            }
        }
        coverage.tasksReassigned(id, moved);
        return new CoverageHandoff.Started(started.coverageEndsAt(), moved);
    }
}
