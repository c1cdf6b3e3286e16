package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.ProcessInstanceKey;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.checkins.CheckinMessages;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.termination.Terminations;
import org.betweensessions.triage.TriageService;
import org.betweensessions.triage.TriageService.Screening;
import org.springframework.stereotype.Component;

/** ScreenMessageTask: crisis screening first, then classification and the facts routing needs. */
@Component
public class ScreenMessageWorker {

    private final TriageService triage;
    private final CheckinMessages checkins;
    private final Terminations terminations;

    public ScreenMessageWorker(TriageService triage, CheckinMessages checkins, Terminations terminations) {
        this.triage = triage;
        this.checkins = checkins;
        this.terminations = terminations;
    }

    /** Returns ids, categories and yes/no facts; the message text never leaves the database. */
    @JobWorker(type = ProcessIds.JOB_SCREEN_MESSAGE)
    public Screening screen(@ProcessInstanceKey long processInstanceKey, @Variable UUID messageId) {
        Screening screening = triage.screen(messageId, processInstanceKey);
        // A high-risk client's open check-in (safety-plan-checkins) hears that the client wrote; the
        // message itself is triaged as usual, so a crisis stays a crisis.
        checkins.messageScreened(messageId);
        // A client whose drop-out ending waits (confirmation, outreach, decision) is back in contact.
        terminations.messageScreened(messageId);
        return screening;
    }
}
