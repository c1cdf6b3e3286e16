package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SendCheckinTask in safety-plan-checkins: the check-in message through the outbox (once). */
@Component
public class SendCheckinWorker {

    private final SafetyPlanCheckins checkins;

    public SendCheckinWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_CHECKIN)
    public CheckinSent send(@Variable String checkinId, @Variable String replyWindow) {
        return new CheckinSent(checkins.send(UUID.fromString(checkinId), Duration.parse(replyWindow)));
    }

    public record CheckinSent(String checkinReplyBy) {}
}
