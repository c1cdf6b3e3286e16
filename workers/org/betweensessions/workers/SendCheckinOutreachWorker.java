package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.checkins.SafetyPlanCheckins.OutreachSent;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SendOutreachTask in safety-plan-checkins: the next documented outreach attempt (once each). */
@Component
public class SendCheckinOutreachWorker {

    private final SafetyPlanCheckins checkins;

    public SendCheckinOutreachWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_CHECKIN_OUTREACH)
    public OutreachSent send(
            @Variable String checkinId, @Variable Integer outreachAttempt, @Variable String outreachSpacing) {
        return checkins.outreach(UUID.fromString(checkinId), outreachAttempt + 1, Duration.parse(outreachSpacing));
    }
}
