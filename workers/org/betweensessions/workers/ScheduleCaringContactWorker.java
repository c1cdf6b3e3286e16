package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.checkins.CaringContacts;
import org.betweensessions.checkins.CaringContacts.CaringScheduled;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** ScheduleCaringContactTask in caring-contacts: the next contact's stored due time, or complete. */
@Component
public class ScheduleCaringContactWorker {

    private final CaringContacts caring;

    public ScheduleCaringContactWorker(CaringContacts caring) {
        this.caring = caring;
    }

    @JobWorker(type = ProcessIds.JOB_SCHEDULE_CARING_CONTACT)
    public CaringScheduled schedule(
            @ProcessInstanceKey long processInstanceKey,
            @Variable String episodeId,
            @Variable Integer caringContactNumber,
            @Variable String caringContactAfter) {
        return caring.schedule(
                UUID.fromString(episodeId),
                caringContactNumber,
                Duration.parse(caringContactAfter),
                processInstanceKey);
    }
}
