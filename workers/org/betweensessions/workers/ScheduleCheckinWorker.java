package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.CheckinScheduled;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * ScheduleCheckinTask in safety-plan-checkins: the next check-in's stored due time, from the
 * checkin-schedule table's "check-in after" and "goes out at the latest" columns.
 */
@Component
public class ScheduleCheckinWorker {

    private final SafetyPlanCheckins checkins;

    public ScheduleCheckinWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_SCHEDULE_CHECKIN)
    public CheckinScheduled schedule(
            @Variable String episodeId,
            @Variable Integer nextCheckinNumber,
            @Variable String checkinAfter,
            @Variable(optional = true) String firstContactWithin) {
        return checkins.schedule(
                UUID.fromString(episodeId),
                nextCheckinNumber,
                Duration.parse(checkinAfter),
                firstContactWithin == null || firstContactWithin.isBlank() ? null : Duration.parse(firstContactWithin));
    }
}
