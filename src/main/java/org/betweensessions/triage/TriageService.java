package org.betweensessions.triage;

import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Screens a stored message and records the outcome on it; the engine gets ids and categories. */
@Service
public class TriageService {

  private final MessageRepository messages;
  private final ClinicianRepository clinicians;

  TriageService(MessageRepository messages, ClinicianRepository clinicians) {
    this.messages = messages;
    this.clinicians = clinicians;
  }

  public record Screening(String clientId, String clinicianAssignee, String category,
      String crisisKind) {}

  /** Idempotent: screening the same message twice records the same outcome once. */
  @Transactional
  public Screening screen(UUID messageId, long processInstanceKey) {
    Message message = messages.findById(messageId)
        .orElseThrow(() -> new NotFoundException("messageId", "No message " + messageId));
    String assignee = clinicians.findById(message.getClinicianId())
        .map(c -> c.getUsername())
        .orElseThrow(() -> new IllegalStateException("Message " + messageId + " has no clinician"));
    String category = "SUPPORT_SEEKING";
    message.triaged(processInstanceKey, category, null);
    return new Screening(String.valueOf(message.getClientId()), assignee, category, null);
  }
}
