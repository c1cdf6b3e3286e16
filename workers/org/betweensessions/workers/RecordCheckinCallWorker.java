package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.SafetyCheckin;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordCheckinCallTask in safety-plan-checkins: the clinician's documented check-in call
 * (CheckinCallTask); checkinAnswered unless the client was not reached.
 */
@Component
public class RecordCheckinCallWorker {

    private final SafetyPlanCheckins checkins;

    public RecordCheckinCallWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_CHECKIN_CALL)
    public CallRecorded record(
            @Variable String checkinId,
            @Variable SafetyCheckin.CallOutcome checkinCallOutcome,
            @Variable String checkinCallAssignee) {
        return new CallRecorded(
                checkins.callRecorded(UUID.fromString(checkinId), checkinCallOutcome, checkinCallAssignee));
    }

    public record CallRecorded(boolean checkinAnswered) {}
}
