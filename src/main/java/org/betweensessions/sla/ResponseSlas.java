package org.betweensessions.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.calendar.ResponseWindow;
import org.betweensessions.database.AfterCommit;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.triage.Route;
import org.betweensessions.triage.Routing;
import org.betweensessions.triage.Routing.ResponseTerms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The response promise of each message that needs an answer, and what became of it. Every step is
 * idempotent by message id: the engine may deliver a job twice, the row records it once, the metric
 * counts it once (after the commit).
 */
@Service
public class ResponseSlas {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseSlas.class);

    private final ResponseSlaRepository slas;
    private final MessageRepository messages;
    private final Routing routing;
    private final AuditTrail audit;
    private final Notifier notifier;
    private final SlaMetrics metrics;
    private final SlaProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    ResponseSlas(
            ResponseSlaRepository slas,
            MessageRepository messages,
            Routing routing,
            AuditTrail audit,
            Notifier notifier,
            SlaMetrics metrics,
            SlaProperties properties,
            TransactionTemplate tx,
            Clock clock) {
        this.slas = slas;
        this.messages = messages;
        this.routing = routing;
        this.audit = audit;
        this.notifier = notifier;
        this.metrics = metrics;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * When the answer is due, when the person who must answer is reminded, and who that is: stored once
     * at routing, and given back unchanged to an instance rebuilt after a restart.
     */
    public record Promise(Instant dueAt, Instant reminderAt, String windowKey, String assignee) {}

    /**
     * RecordRouteTask: the promise for a message that needs an answer, from the same calendar and
     * window as its due time. {@code reminderShare} comes from the response-reminder decision table;
     * without a usable value the configured default applies (a typo in the table must not stop a
     * client's message from reaching a person).
     */
    public Promise open(UUID messageId, Route route, String responseWindowKey, Double reminderShare, String assignee) {
        return tx.execute(s -> {
            Optional<ResponseSla> existing = slas.findById(messageId);
            if (existing.isPresent()) {
                ResponseSla sla = existing.get();
                return new Promise(sla.getDueAt(), sla.getReminderAt(), sla.getWindowKey(), sla.getAssignee());
            }
            Message message = messages.findById(messageId).orElseThrow();
            ResponseTerms terms = routing.termsFor(message, responseWindowKey);
            BusinessCalendar calendar = terms.calendar();
            ResponseWindow window = terms.window();
            Instant received = message.getReceivedAt();
            Instant due = calendar.due(received, window);
            Instant reminder = calendar.pointInWindow(received, window, share(reminderShare));
            Duration length = !window.kind().isBusiness()
                    ? Duration.between(received, due)
                    : calendar.businessDurationBetween(received, due);
            slas.save(new ResponseSla(
                    messageId,
                    message.getClientId(),
                    message.getClinicianId(),
                    assignee,
                    route.name(),
                    message.getCategory(),
                    window.toString(),
                    received,
                    due,
                    reminder,
                    length));
            return new Promise(due, reminder, window.toString(), assignee);
        });
    }

    /** The messages {@code username} is to answer now and has not answered. */
    public List<UUID> unansweredAssignedTo(String username) {
        return slas.findUnansweredAssignedTo(username);
    }

    /** True if {@code username} answers the message now (its response promise names them). */
    public boolean isAssignee(UUID messageId, String username) {
        return slas.findById(messageId)
                .map(sla -> username.equals(sla.getAssignee()))
                .orElse(false);
    }

    /**
     * Another person answers an open message (a covering clinician when the absence starts): the
     * promise moves to {@code assignee}, with its due and reminder times measured from receipt on the
     * calendar of whoever answers now. A deadline already passed stays as it was (that breach is
     * real), and so does a new one that would lie in the past. False when nothing changed (answered,
     * not awaiting an answer, or already theirs).
     */
    public boolean reassign(UUID messageId, String assignee) {
        return reassign(messageId, assignee, "coverage-handoff");
    }

    /** As {@link #reassign(UUID, String)}, audited as done by {@code actor}. */
    public boolean reassign(UUID messageId, String assignee, String actor) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Message message = messages.findForUpdate(messageId).orElse(null);
            ResponseSla sla = slas.findById(messageId).orElse(null);
            if (message == null
                    || sla == null
                    || sla.getAnsweredAt() != null
                    || message.getStatus() != MessageStatus.AWAITING_RESPONSE
                    || assignee.equals(sla.getAssignee())) {
                return false;
            }
            Instant due = sla.getDueAt();
            Instant reminder = sla.getReminderAt();
            if (sla.getBreachedAt() == null) {
                ResponseTerms terms = routing.termsFor(message, sla.getWindowKey());
                Instant received = message.getReceivedAt();
                Instant newDue = terms.calendar().due(received, terms.window());
                if (newDue.isAfter(clock.instant())) {
                    due = newDue;
                    reminder = terms.calendar().pointInWindow(received, terms.window(), properties.reminderAt());
                }
            }
            String before = sla.getAssignee();
            sla.reassigned(assignee, due, reminder);
            message.routed(message.getRoute(), due, true);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", before);
            details.put("to", assignee);
            details.put("dueAt", due.toString());
            details.put("reminderAt", reminder.toString());
            audit.record(actor, "ANSWER_REASSIGNED", "MESSAGE", messageId, details);
            return true;
        }));
    }

    private double share(Double fromDecisionTable) {
        if (fromDecisionTable != null && fromDecisionTable > 0 && fromDecisionTable < 1) {
            return fromDecisionTable;
        }
        if (fromDecisionTable != null) {
            LOG.warn(
                    "response-reminder decision returned {}, not a share between 0 and 1; using "
                            + "bsc.sla.reminder-at = {}",
                    fromDecisionTable,
                    properties.reminderAt());
        }
        return properties.reminderAt();
    }

    /**
     * RemindClinicianTask / RemindCoordinatorTask: a nudge before the deadline, ids only. Nothing is
     * sent when the message was answered meanwhile or the reminder went out before.
     */
    public boolean remind(UUID messageId, String recipient) {
        ResponseSla reminded = tx.execute(s -> {
            ResponseSla sla = slas.findById(messageId)
                    .orElseThrow(() -> new IllegalStateException("No response SLA for message " + messageId));
            if (sla.getAnsweredAt() != null || !sla.reminded(clock.instant())) {
                return null;
            }
            audit.recordOnce(
                    "sla",
                    "SLA_REMINDER_SENT",
                    "MESSAGE",
                    messageId,
                    Map.of("recipient", recipient, "dueAt", sla.getDueAt().toString()));
            // Inside the transaction: if the gateway is down the job fails, retries, and nothing is marked.
            notifier.send(new StaffNotification(recipient, "SLA_REMINDER", "REMINDER", messageId));
            return sla;
        });
        if (reminded != null) {
            metrics.reminder(reminded.getCategory(), reminded.getAssignee());
        }
        return reminded != null;
    }

    /**
     * RecordSlaBreachTask: the due time passed without an answer. Recorded once, audited once, counted
     * once; the supervisor is notified (and gets the review task from the process).
     */
    public boolean recordBreach(UUID messageId, String supervisor) {
        ResponseSla breached = tx.execute(s -> {
            ResponseSla sla = slas.findById(messageId)
                    .orElseThrow(() -> new IllegalStateException("No response SLA for message " + messageId));
            if (!sla.breached(clock.instant())) {
                return null;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("assignee", sla.getAssignee());
            details.put("category", sla.getCategory());
            details.put("window", sla.getWindowKey());
            details.put("dueAt", sla.getDueAt().toString());
            details.put("answered", sla.getAnsweredAt() != null);
            audit.recordOnce("sla", "SLA_BREACHED", "MESSAGE", messageId, details);
            notifier.send(new StaffNotification(supervisor, "SLA_BREACH", "SUPERVISOR", messageId));
            return sla;
        });
        if (breached != null) {
            metrics.breach(breached.getCategory(), breached.getAssignee());
        }
        return breached != null;
    }

    /** Whether the supervisor's review of this message's breach is on record. */
    public boolean breachReviewed(UUID messageId) {
        return slas.findById(messageId).map(sla -> sla.getReviewedAt() != null).orElse(false);
    }

    /** RecordSlaBreachReviewTask: what the supervisor concluded (a choice from the form, no text). */
    public void recordReview(UUID messageId, String outcome, String supervisor, boolean clientContacted) {
        tx.executeWithoutResult(s -> {
            ResponseSla sla = slas.findById(messageId).orElseThrow();
            sla.reviewed(outcome, supervisor, clock.instant());
            audit.recordOnce(
                    "sla",
                    "SLA_BREACH_REVIEWED",
                    "MESSAGE",
                    messageId,
                    Map.of(
                            "outcome",
                            outcome,
                            "reviewedBy",
                            supervisor,
                            "clientContacted",
                            String.valueOf(clientContacted)));
        });
    }

    /**
     * RecordResponseTimeTask / RecordAdministrativeResponseTimeTask: the answer task was completed. A
     * reply through the application recorded the answer already (nothing changes then); a task
     * completed in Tasklist (answered by phone, in session, ...) is recorded here, as answered by the
     * task's assignee at the time the task was completed, and the message counts as answered. The audit
     * entry says how, as the task's form recorded it ({@code how}: PHONE, NEXT_SESSION, ... or the
     * coordinator's outcome; "not stated" when the form was not used).
     *
     * @return true when this call recorded the answer
     */
    public boolean recordTaskCompletion(UUID messageId, String answeredBy, Instant completedAt, String how) {
        Boolean recorded = tx.execute(s -> {
            Optional<ResponseSla> sla = slas.findForUpdate(messageId);
            if (sla.isPresent() && sla.get().getAnsweredAt() != null) {
                return false;
            }
            Message message = messages.findById(messageId)
                    .orElseThrow(() -> new IllegalStateException("No message " + messageId));
            if (message.getAnsweredAt() == null) {
                message.answered(completedAt);
            }
            recordAnswer(message, answeredBy, completedAt);
            audit.recordOnce(
                    "sla",
                    "ANSWER_RECORDED_FROM_TASK",
                    "MESSAGE",
                    messageId,
                    Map.of(
                            "answeredBy",
                            String.valueOf(answeredBy),
                            "answeredAt",
                            completedAt.toString(),
                            "how",
                            how == null ? "not stated" : how));
            return true;
        });
        return Boolean.TRUE.equals(recorded);
    }

    /**
     * Called by the reply in its own transaction: the response time in business and in real time,
     * whether it was on time, and whether it was written outside office hours. Messages routed before
     * SLAs existed get their row here, measured against the policy window.
     */
    public ResponseSla recordAnswer(Message original, String answeredBy, Instant answeredAt) {
        ResponseSla sla = slas.findById(original.getId()).orElse(null);
        String windowKey = sla == null ? Routing.POLICY_WINDOW : sla.getWindowKey();
        ResponseTerms terms = routing.termsFor(original, windowKey);
        BusinessCalendar calendar = terms.calendar();
        Instant received = original.getReceivedAt();
        if (sla == null) {
            Instant due = original.getDueAt() != null ? original.getDueAt() : calendar.due(received, terms.window());
            sla = slas.save(new ResponseSla(
                    original.getId(),
                    original.getClientId(),
                    original.getClinicianId(),
                    answeredBy,
                    String.valueOf(original.getRoute()),
                    original.getCategory(),
                    terms.window().toString(),
                    received,
                    due,
                    calendar.pointInWindow(received, terms.window(), properties.reminderAt()),
                    calendar.businessDurationBetween(received, due)));
        }
        Instant at = answeredAt.isBefore(received) ? received : answeredAt;
        Duration business = calendar.businessDurationBetween(received, at);
        if (sla.answered(answeredAt, answeredBy, business, !calendar.isOpen(answeredAt))) {
            String category = sla.getCategory();
            String assignee = sla.getAssignee();
            boolean onTime = Boolean.TRUE.equals(sla.getOnTime());
            AfterCommit.run(() -> metrics.responseTime(category, assignee, onTime, business));
        }
        return sla;
    }
}
