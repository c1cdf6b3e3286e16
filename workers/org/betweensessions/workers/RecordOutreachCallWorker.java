package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.OutreachCall;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordOutreachCallTask in safety-plan-checkins: the clinician's documented outreach call
 * (CallClientForOutreachTask); checkinAnswered when the client was reached.
 */
@Component
public class RecordOutreachCallWorker {

    private final SafetyPlanCheckins checkins;

    public RecordOutreachCallWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_OUTREACH_CALL)
    public CallRecorded record(
            @Variable String checkinId,
            @Variable Integer outreachAttempt,
            @Variable OutreachCall.Outcome outreachCallOutcome,
            @Variable String outreachCallAssignee) {
        return new CallRecorded(checkins.outreachCallRecorded(
                UUID.fromString(checkinId), outreachAttempt, outreachCallOutcome, outreachCallAssignee));
    }

    public record CallRecorded(boolean checkinAnswered) {}
}
