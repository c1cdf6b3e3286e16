package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * RecordMissedCheckinTask in safety-plan-checkins: no reply within the window, unless the database
 * shows one the engine did not hear of (checkinAnswered true).
 */
@Component
public class RecordMissedCheckinWorker {

    private final SafetyPlanCheckins checkins;

    public RecordMissedCheckinWorker(SafetyPlanCheckins checkins) {
        this.checkins = checkins;
    }

    @JobWorker(type = ProcessIds.JOB_RECORD_MISSED_CHECKIN)
    public Missed record(@Variable String checkinId) {
        return new Missed(checkins.missed(UUID.fromString(checkinId)), 0);
    }

    public record Missed(boolean checkinAnswered, int outreachAttempt) {}
}
