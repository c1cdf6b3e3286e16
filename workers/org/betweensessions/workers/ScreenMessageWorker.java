package org.betweensessions.workers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.triage.TriageService;
import org.springframework.stereotype.Component;

/** ScreenMessageTask in message-triage: screen and classify the stored message. */
@Component
public class ScreenMessageWorker {

  private final TriageService triage;

  public ScreenMessageWorker(TriageService triage) {
    this.triage = triage;
  }

  @JobWorker(type = ProcessIds.JOB_SCREEN_MESSAGE)
  public Screened screen(ActivatedJob job, @Variable String messageId) {
    TriageService.Screening s = triage.screen(UUID.fromString(messageId), job.getProcessInstanceKey());
    return new Screened(s.clientId(), s.clinicianAssignee(), s.category(), s.crisisKind());
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Screened(String clientId, String clinicianAssignee, String category,
      String crisisKind) {}
}
