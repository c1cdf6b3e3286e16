package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.SafetyCheckin.WelfareOutcome;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.SchedulePoint;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** RecordWelfareActionTask in safety-plan-checkins: the welfare decision into the audit trail. */
@Component
public class RecordWelfareActionWorker {

    private final SafetyPlanCheckins checkins;

    public RecordWelfareActionWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_WELFARE_ACTION)
    public SchedulePoint record(
            @Variable String checkinId, @Variable WelfareOutcome welfareOutcome, @Variable String welfareAssignee) {
        return checkins.welfareRecorded(UUID.fromString(checkinId), welfareOutcome, welfareAssignee);
    }
}
