package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.CaringContacts;
import org.betweensessions.checkins.CaringContacts.CaringSent;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/** SendCaringContactTask in caring-contacts: the message, once per contact. */
@Component
public class SendCaringContactWorker {

    private final CaringContacts caring;

    public SendCaringContactWorker(CaringContacts caring) {
        this.caring = caring;
    }

    @JobWorker(type = ProcessIds.JOB_SEND_CARING_CONTACT)
    public CaringSent send(@Variable String caringContactId) {
        return caring.send(UUID.fromString(caringContactId));
    }
}
