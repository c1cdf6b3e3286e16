package org.betweensessions.triage;

import java.util.UUID;
import org.betweensessions.agenda.SessionAgenda;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A client's update on homework or progress: acknowledged, and explored in the next session. */
@Service
public class TherapeuticUpdates {

    private final MessageRepository messages;
    private final SessionAgenda agenda;

    TherapeuticUpdates(MessageRepository messages, SessionAgenda agenda) {
        this.messages = messages;
        this.agenda = agenda;
    }

    @Transactional
    public void putOnAgenda(UUID messageId) {
        Message message = messages.findById(messageId).orElseThrow();
        agenda.add(
                message.getClientId(),
                message.getClinicianId(),
                SessionAgenda.THERAPEUTIC_UPDATE,
                messageId,
                "category=" + message.getCategory());
    }
}
