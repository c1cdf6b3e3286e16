package org.betweensessions.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.UUID;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.triage.TriageProperties;
import org.springframework.stereotype.Component;

/**
 * AlertResponsibleClinicianTask, AlertCoveringClinicianTask, AlertSupervisorTask: the BPMN maps
 * alertLevel and alertRecipient in; the acknowledgement deadline comes from configuration.
 */
@Component
public class AlertCrisisWorker {

  private final CrisisResponse crisis;
  private final TriageProperties properties;

  public AlertCrisisWorker(CrisisResponse crisis, TriageProperties properties) {
    this.crisis = crisis;
    this.properties = properties;
  }

  @JobWorker(type = ProcessIds.JOB_ALERT_CRISIS)
  public Alerted alert(@Variable String messageId, @Variable String alertLevel,
      @Variable String alertRecipient) {
    crisis.alert(UUID.fromString(messageId), alertLevel, alertRecipient);
    return new Alerted(properties.crisisAcknowledgeWithin().toString());
  }

  /** crisisAcknowledgeWithin is an ISO duration read by the escalation timers. */
  public record Alerted(String crisisAcknowledgeWithin) {}
}
