package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.CheckinCallOpened;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * OpenCheckinCallTask in safety-plan-checkins: a check-in by scheduled call is due; the call task's
 * assignee (the covering clinician during leave) and the end of its window, stored once.
 */
@Component
public class OpenCheckinCallWorker {

    private final SafetyPlanCheckins checkins;

    public OpenCheckinCallWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_OPEN_CHECKIN_CALL)
    public CheckinCallOpened open(@Variable String checkinId, @Variable String replyWindow) {
        return checkins.openCall(UUID.fromString(checkinId), Duration.parse(replyWindow));
    }
}
