package org.betweensessions.crisis;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.agenda.SessionAgenda;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.triage.AutoReplies;
import org.betweensessions.triage.TriageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A crisis bypasses every normal rule: resources to the client at once, an alert to the responsible
 * clinician at once, escalation when nobody acknowledges, and everything documented.
 */
@Service
public class CrisisResponse {

    public static final String RESOURCES_TEMPLATE = "crisis.resources";
    private static final Logger LOG = LoggerFactory.getLogger(CrisisResponse.class);

    private final MessageRepository messages;
    private final StaffAlertRepository alerts;
    private final CrisisAcknowledgementRepository acknowledgements;
    private final AutoReplies autoReplies;
    private final Notifier notifier;
    private final SessionAgenda agenda;
    private final AuditTrail audit;
    private final Timer receiptToAlert;
    private final Clock clock;
    private final CareTeam careTeam;
    private final TransactionTemplate tx;
    private final Duration acknowledgeWithin;
    private final ClientRepository clients;
    private final TriageProperties triage;
    private final ClinicianRepository clinicians;

    CrisisResponse(
            MessageRepository messages,
            StaffAlertRepository alerts,
            CrisisAcknowledgementRepository acknowledgements,
            AutoReplies autoReplies,
            Notifier notifier,
            SessionAgenda agenda,
            AuditTrail audit,
            MeterRegistry meters,
            Clock clock,
            CareTeam careTeam,
            TransactionTemplate tx,
            TriageProperties triage,
            ClientRepository clients,
            ClinicianRepository clinicians) {
        this.triage = triage;
        this.clinicians = clinicians;
        this.tx = tx;
        this.clients = clients;
        this.acknowledgeWithin = triage.crisisAcknowledgeWithin();
        this.careTeam = careTeam;
        this.messages = messages;
        this.alerts = alerts;
        this.acknowledgements = acknowledgements;
        this.autoReplies = autoReplies;
        this.notifier = notifier;
        this.agenda = agenda;
        this.audit = audit;
        this.clock = clock;
        this.receiptToAlert = Timer.builder("crisis_receipt_to_alert")
                .description("Time from receipt of a crisis message to the first staff alert")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /**
     * Called as soon as a crisis message is stored: resources to the client and an alert to the
     * responsible clinician (the covering clinician during leave; the supervisor for an unknown sender).
     */
    public void respondOnReceipt(Message message) {
        // The alert commits first, on its own: the clinician is the one who can act, and under load
        // every statement before it is time the clinician does not know. The resources follow at once.
        String responsible = message.getClientId() == null
                ? careTeam.supervisorOf(null)
                : careTeam.responsibleFor(message.getClinicianId());
        // Its escalation time is left open: the process decides it (crisis-escalation) moments later.
        tx.executeWithoutResult(s -> alert(message.getId(), "CLINICIAN", responsible, null, false));
        tx.executeWithoutResult(s -> sendResources(message.getId()));
    }

    /** Crisis resources to the client, whatever the hour or channel. Once per message. */
    @Transactional
    public void sendResources(UUID messageId) {
        Message reply = autoReplies.send(messageId, RESOURCES_TEMPLATE);
        audit.recordOnce(
                "crisis-response",
                "CRISIS_RESOURCES_SENT",
                "MESSAGE",
                messageId,
                Map.of("replyId", reply.getId().toString()));
    }

    /**
     * Alerts {@code recipient} at {@code level} (CLINICIAN, COVERING, SUPERVISOR). A redelivered job
     * finds the alert already recorded and notifies nobody twice. {@code acknowledgeWithin}: the
     * decision table crisis-escalation's wait before this alert escalates (null: the configuration's,
     * bsc.triage.crisis-acknowledge-within).
     */
    @Transactional
    public StaffAlert alert(UUID messageId, String level, String recipient, Duration acknowledgeWithin) {
        return alert(messageId, level, recipient, acknowledgeWithin, true);
    }

    private StaffAlert alert(
            UUID messageId, String level, String recipient, Duration decidedWithin, boolean fixEscalation) {
        Duration within = decidedWithin != null ? decidedWithin : acknowledgeWithin;
        var existing = alerts.findByMessageIdAndLevel(messageId, level);
        if (existing.isPresent()) {
            // The escalation deadline is fixed once: the alert made on receipt gets it here, from the
            // process; a process instance rebuilt after a restart escalates at the stored time, not a
            // whole window after the restart.
            if (fixEscalation && existing.get().getEscalateAt() == null) {
                existing.get().escalateAfter(within);
            }
            return existing.get();
        }
        Message message = messages.findById(messageId).orElseThrow();
        Instant now = clock.instant();
        StaffAlert alert = alerts.saveAndFlush(
                new StaffAlert(messageId, level, recipient, now, fixEscalation ? now.plus(within) : null));
        message.routed("CRISIS", null, true);
        notifier.send(new StaffNotification(recipient, "CRISIS", level, messageId));
        if ("CLINICIAN".equals(level)
                && message.getClientId() != null
                && clients.findById(message.getClientId())
                        .map(c -> c.getRiskLevel() != RiskLevel.HIGH)
                        .orElse(false)) {
            // A crisis does not raise the risk level by itself: the clinician decides (issue 15).
            agenda.add(
                    message.getClientId(),
                    message.getClinicianId(),
                    SessionAgenda.REVIEW_RISK_LEVEL,
                    messageId,
                    "crisisKind=" + message.getCrisisKind());
        }
        Duration latency = Duration.between(message.getReceivedAt(), now);
        if ("CLINICIAN".equals(level)) {
            receiptToAlert.record(latency);
        }
        audit.record(
                "crisis-response",
                "CLINICIAN".equals(level) ? "CRISIS_ALERT" : "CRISIS_ESCALATED",
                "MESSAGE",
                messageId,
                Map.of("level", level, "recipient", recipient, "receiptToAlertMs", latency.toMillis()));
        LOG.info(
                "Crisis alert {} to {} for message {} ({} ms after receipt)",
                level,
                recipient,
                messageId,
                latency.toMillis());
        return alert;
    }

    @Transactional(readOnly = true)
    public boolean isAcknowledged(UUID messageId) {
        return acknowledgements.existsById(messageId);
    }

    /** When the alert at {@code alert}'s level escalates if nobody acknowledges (stored, absolute). */
    public Instant escalateAt(StaffAlert alert) {
        return alert.escalateAt(acknowledgeWithin);
    }

    /**
     * "I'm on it": records who acknowledged the crisis (the escalation stops with the acknowledgement
     * task) and when the documentation of the contact is due: the end of that day in the
     * acknowledger's time zone (the client's clinician's, for a supervisor), at least
     * {@code bsc.triage.crisis-documentation-at-least} later. Once per message: a second call returns
     * the first acknowledgement.
     */
    @Transactional
    public CrisisAcknowledgement recordAcknowledgement(UUID messageId, String by) {
        // The message row first, locked: the API records the acknowledgement before it completes the
        // task, so the worker that runs on completion waits here for that commit and then finds it.
        Message message = messages.findForUpdate(messageId).orElseThrow();
        var existing = acknowledgements.findById(messageId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        Instant due = documentationDue(message, by, now);
        Duration before = triage.crisisDocumentationReminderBefore();
        Instant remind = before.isZero() || !due.minus(before).isAfter(now) ? null : due.minus(before);
        CrisisAcknowledgement ack = acknowledgements.save(new CrisisAcknowledgement(messageId, by, now, due, remind));
        alerts.findByMessageIdOrderByCreatedAtAsc(messageId).forEach(a -> a.acknowledged(by, now));
        // No longer waiting for anyone to pick it up; documentation is tracked on the acknowledgement.
        message.answered(now);
        audit.record(
                by,
                "CRISIS_ACKNOWLEDGED",
                "MESSAGE",
                messageId,
                Map.of(
                        "documentationDueAt", due.toString(),
                        "receiptToAcknowledgementMs",
                                Duration.between(message.getReceivedAt(), now).toMillis()));
        return ack;
    }

    private Instant documentationDue(Message message, String by, Instant now) {
        ZoneId zone = clinicians
                .findByUsername(by)
                .or(() -> Optional.ofNullable(message.getClinicianId()).flatMap(clinicians::findById))
                .map(Clinician::getTimeZone)
                .orElse(ZoneOffset.UTC);
        Instant endOfDay = now.atZone(zone)
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(zone)
                .toInstant()
                .minusSeconds(60);
        Instant atLeast = now.plus(triage.crisisDocumentationAtLeast());
        // Whole milliseconds, as the engine's timers and dueDate keep them.
        return (endOfDay.isBefore(atLeast) ? atLeast : endOfDay).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * What was done about the crisis: how the client was reached, whether safety was assessed, the
     * next step; flags the crisis for the next session. Once per message (a second call returns the
     * first documentation); the crisis must have been acknowledged.
     */
    @Transactional
    public CrisisAcknowledgement recordDocumentation(
            UUID messageId, String by, ContactMade contactMade, boolean safetyAssessed, NextStep nextStep) {
        Message message = messages.findForUpdate(messageId).orElseThrow();
        CrisisAcknowledgement ack =
                acknowledgements.findById(messageId).orElseGet(() -> recordAcknowledgement(messageId, by));
        if (ack.isDocumented()) {
            return ack;
        }
        Instant now = clock.instant();
        ack.documented(by, now, contactMade, safetyAssessed, nextStep);
        if (message.getClientId() != null) {
            agenda.add(
                    message.getClientId(),
                    message.getClinicianId(),
                    SessionAgenda.CRISIS_FOLLOW_UP,
                    messageId,
                    "crisisKind=" + message.getCrisisKind() + "; nextStep=" + nextStep);
        }
        audit.record(
                by,
                "CRISIS_DOCUMENTED",
                "MESSAGE",
                messageId,
                Map.of(
                        "contactMade",
                        contactMade.name(),
                        "safetyAssessed",
                        safetyAssessed,
                        "nextStep",
                        nextStep.name(),
                        "late",
                        now.isAfter(ack.getDocumentationDueAt())));
        return ack;
    }

    /** Reminds the acknowledger once that the documentation is still due. */
    @Transactional
    public void remindToDocument(UUID messageId, String recipient) {
        var ack = acknowledgements.findById(messageId).orElseThrow();
        if (ack.isDocumented()) {
            return;
        }
        // The message row locked: a job delivered twice reminds once.
        messages.findForUpdate(messageId).orElseThrow();
        if (audit.eventsFor("MESSAGE", messageId).stream()
                .anyMatch(e -> "CRISIS_DOCUMENTATION_REMINDER".equals(e.getEventType()))) {
            return;
        }
        audit.record(
                "crisis-response",
                "CRISIS_DOCUMENTATION_REMINDER",
                "MESSAGE",
                messageId,
                Map.of(
                        "recipient",
                        recipient,
                        "dueAt",
                        ack.getDocumentationDueAt().toString()));
        notifier.send(new StaffNotification(recipient, "CRISIS_DOCUMENTATION_DUE", "CLINICIAN", messageId));
    }

    /** Acknowledged crises whose contact is not documented yet, oldest first. */
    @Transactional(readOnly = true)
    public List<UUID> undocumented(int max) {
        return acknowledgements.findUndocumented(PageRequest.ofSize(max));
    }

    @Transactional(readOnly = true)
    public Optional<CrisisAcknowledgement> acknowledgement(UUID messageId) {
        return acknowledgements.findById(messageId);
    }
}
