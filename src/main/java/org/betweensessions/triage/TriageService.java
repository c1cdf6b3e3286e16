package org.betweensessions.triage;

import java.util.UUID;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.consent.ConsentService;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Screens a stored message and records the outcome on it; the engine gets ids and categories. */
@Service
public class TriageService {

  private final MessageRepository messages;
  private final ClinicianRepository clinicians;
  private final ConsentService consent;

  TriageService(MessageRepository messages, ClinicianRepository clinicians,
      ConsentService consent) {
    this.messages = messages;
    this.clinicians = clinicians;
    this.consent = consent;
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
    // Until the client has consented to the policy, only administrative handling (intake consent).
    // Crisis screening must still come first once it exists: consent never delays a crisis.
    String category = consent.hasCurrentConsent(message.getClientId())
        ? "SUPPORT_SEEKING" : "ADMINISTRATIVE";
    message.triaged(processInstanceKey, category, null);
    return new Screening(String.valueOf(message.getClientId()), assignee, category, null);
  }
}
