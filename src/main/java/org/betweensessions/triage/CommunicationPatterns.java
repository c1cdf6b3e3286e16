package org.betweensessions.triage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.agenda.SessionAgenda;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.message.Direction;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notices when a client often frames non-crisis requests as urgent, or writes much more often than
 * their own baseline, and puts "discuss communication pattern" on the next-session agenda with the
 * evidence (counts, never text). No message to the client: that conversation belongs in session.
 */
@Service
public class CommunicationPatterns {

    private final MessageRepository messages;
    private final SessionAgenda agenda;
    private final AuditTrail audit;
    private final PatternProperties properties;

    CommunicationPatterns(
            MessageRepository messages, SessionAgenda agenda, AuditTrail audit, PatternProperties properties) {
        this.messages = messages;
        this.agenda = agenda;
        this.audit = audit;
        this.properties = properties;
    }

    /** Idempotent: at most one open pattern item per client; evidence is keyed to this message. */
    @Transactional
    public boolean track(UUID messageId) {
        Message message = messages.findById(messageId).orElseThrow();
        if (message.getClientId() == null) {
            return false;
        }
        Instant now = message.getReceivedAt();
        Instant recentFrom = now.minus(properties.window());
        Instant baselineFrom = recentFrom.minus(properties.baselineWindow());
        UUID client = message.getClientId();
        long urgent = messages.countUrgentFramed(client, Direction.INBOUND, recentFrom, now);
        long recent = messages.countInbound(client, Direction.INBOUND, recentFrom, now);
        long baseline = messages.countInbound(client, Direction.INBOUND, baselineFrom, recentFrom);

        double recentPerDay = recent / (double) Math.max(1, properties.window().toDays());
        double baselinePerDay =
                baseline / (double) Math.max(1, properties.baselineWindow().toDays());
        boolean urgentPattern = urgent >= properties.urgentFramedThreshold();
        boolean rising = recent >= properties.minimumRecentMessages()
                && baseline > 0
                && recentPerDay >= properties.frequencyRatio() * baselinePerDay;
        if (!urgentPattern && !rising) {
            return false;
        }
        boolean alreadyOpen = agenda.forClient(client).stream()
                .anyMatch(i -> SessionAgenda.COMMUNICATION_PATTERN.equals(i.getKind())
                        && !i.getMessageId().equals(messageId));
        if (alreadyOpen) {
            return false;
        }
        String evidence = String.format(
                "urgentFramed=%d in %d days; messages=%d in %d days vs %.2f/day baseline over %d days",
                urgent,
                properties.window().toDays(),
                recent,
                properties.window().toDays(),
                baselinePerDay,
                properties.baselineWindow().toDays());
        agenda.add(client, message.getClinicianId(), SessionAgenda.COMMUNICATION_PATTERN, messageId, evidence);
        // The subject is the message that tipped the pattern (an id of 36 characters); the client goes in
        // the details. A composed "client/message" subject overflowed audit_event.subject_id, failed the
        // job and left exactly these clients' messages unrouted.
        audit.recordOnce(
                "triage",
                "COMMUNICATION_PATTERN_FLAGGED",
                "MESSAGE",
                messageId,
                Map.of(
                        "clientId",
                        client.toString(),
                        "urgentFramed",
                        urgent,
                        "recentMessages",
                        recent,
                        "baselineMessages",
                        baseline));
        return true;
    }
}
