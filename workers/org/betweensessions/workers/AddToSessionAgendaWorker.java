package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.triage.TherapeuticUpdates;
import org.springframework.stereotype.Component;

/** AddToSessionAgendaTask: a therapeutic update becomes an item for the next session. */
@Component
public class AddToSessionAgendaWorker {

    private final TherapeuticUpdates updates;

    public AddToSessionAgendaWorker(TherapeuticUpdates updates) {
        this.updates = updates;
    }

    @JobWorker(type = ProcessIds.JOB_ADD_TO_SESSION_AGENDA)
    public void add(@Variable UUID messageId) {
        updates.putOnAgenda(messageId);
    }
}
