package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.UUID;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * AlertResponsibleClinicianTask, AlertCoveringClinicianTask, AlertSupervisorTask: the BPMN maps
 * alertLevel and alertRecipient in. Returns when this level escalates (crisisEscalateAt), an absolute
 * time stored with the alert when it was first made: a job run again, or an instance rebuilt after a
 * restart, gets the same time back and alerts nobody twice.
 */
@Component
public class AlertCrisisWorker {

  private final CrisisResponse crisis;

  public AlertCrisisWorker(CrisisResponse crisis) {
    this.crisis = crisis;
  }

  @JobWorker(type = ProcessIds.JOB_ALERT_CRISIS)
  public Alerted alert(@Variable UUID messageId, @Variable String alertLevel,
      @Variable String alertRecipient, @Variable String acknowledgeWithin) {
    var alert = crisis.alert(messageId, alertLevel, alertRecipient,
        acknowledgeWithin == null || acknowledgeWithin.isBlank() ? null
            : Duration.parse(acknowledgeWithin.trim()));
    return new Alerted(crisis.escalateAt(alert).toString());
  }

  /** crisisEscalateAt: ISO instant read by the escalation timers (timeDate). */
  public record Alerted(String crisisEscalateAt) {}
}
