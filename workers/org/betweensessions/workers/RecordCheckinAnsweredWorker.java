package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.SchedulePoint;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordCheckinAnsweredTask in safety-plan-checkins: the client wrote; the check-in closes. */
@Component
public class RecordCheckinAnsweredWorker {

    private final SafetyPlanCheckins checkins;

    public RecordCheckinAnsweredWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_CHECKIN_ANSWERED)
    public SchedulePoint record(@Variable String checkinId, @Variable(optional = true) String replyMessageId) {
        return checkins.answered(
                UUID.fromString(checkinId), replyMessageId == null ? null : UUID.fromString(replyMessageId));
    }
}
