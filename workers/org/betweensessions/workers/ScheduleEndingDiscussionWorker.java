package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.springframework.stereotype.Component;

/** ScheduleEndingDiscussionTask in termination: the discussion's due date, the notice before the last session. */
@Component
public class ScheduleEndingDiscussionWorker {

    private final Terminations terminations;

    public ScheduleEndingDiscussionWorker(Terminations terminations) {
        this.terminations = terminations;
    }

    @JobWorker(type = ProcessIds.JOB_SCHEDULE_ENDING_DISCUSSION)
    public Terminations.DiscussionScheduled schedule(@Variable String terminationId, @Variable String noticeBefore) {
        return terminations.scheduleDiscussion(
                UUID.fromString(terminationId), noticeBefore == null ? null : Duration.parse(noticeBefore));
    }
}
