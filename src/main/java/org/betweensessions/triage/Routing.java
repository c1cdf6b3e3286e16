package org.betweensessions.triage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.calendar.ResponseWindow;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.policy.Policies;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.practice.PracticeRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records the route the decision table chose and when the answer is due. */
@Service
public class Routing {

    /**
     * The decision table's way of saying "the window the client was promised in the policy" (stored
     * with answers routed before the tables said it in words: POLICY).
     */
    public static final String POLICY_WINDOW = "policy window";

    /** True for the policy's window, in words or as the older code POLICY. */
    public static boolean isPolicyWindow(String responseWindowKey) {
        return responseWindowKey != null
                && (POLICY_WINDOW.equalsIgnoreCase(responseWindowKey.trim())
                        || "POLICY".equalsIgnoreCase(responseWindowKey.trim()));
    }

    private final MessageRepository messages;
    private final ClientRepository clients;
    private final CareTeam careTeam;
    private final ClinicianCalendars calendars;
    private final Policies policies;
    private final PracticeRepository practices;
    private final AuditTrail audit;
    private final AutoReplies autoReplies;

    Routing(
            MessageRepository messages,
            ClientRepository clients,
            CareTeam careTeam,
            ClinicianCalendars calendars,
            Policies policies,
            PracticeRepository practices,
            AuditTrail audit,
            AutoReplies autoReplies) {
        this.autoReplies = autoReplies;
        this.messages = messages;
        this.clients = clients;
        this.careTeam = careTeam;
        this.calendars = calendars;
        this.policies = policies;
        this.practices = practices;
        this.audit = audit;
    }

    /** Idempotent: the due time is computed from the receipt time, not from now. */
    @Transactional
    public Instant route(UUID messageId, Route route, String responseWindowKey) {
        Message message = messages.findById(messageId).orElseThrow();
        // Once computed, the due time stays: a rebuilt instance must not move the client's deadline.
        Instant due = !route.needsAnswer()
                ? null
                : message.getDueAt() != null ? message.getDueAt() : dueAt(message, responseWindowKey);
        message.routed(route.name(), due, route.needsAnswer());
        if (route == Route.CLINICIAN && message.getClientId() != null) {
            awayReply(message);
        }
        if ("BOUNDARY".equals(message.getCategory())) {
            audit.recordOnce(
                    "triage",
                    "BOUNDARY_CONTACT",
                    "MESSAGE",
                    messageId,
                    Map.of("clientId", String.valueOf(message.getClientId()), "route", route.name()));
        }
        return due;
    }

    /**
     * While the clinician is away: the dates, who covers (or that the answer comes after the return)
     * and crisis resources. Once per message and template, however often the job runs.
     */
    private void awayReply(Message message) {
        Client client = clients.findById(message.getClientId()).orElseThrow();
        CareTeam.Team team = careTeam.forClinician(client.getClinicianId(), client.getPracticeId());
        if (!team.onLeave()) {
            return;
        }
        autoReplies.send(
                message.getId(),
                team.waitsForReturn(message.getCategory()) ? AWAY_AFTER_RETURN_TEMPLATE : AWAY_COVERING_TEMPLATE);
    }

    public static final String AWAY_COVERING_TEMPLATE = "coverage.away.covering";
    public static final String AWAY_AFTER_RETURN_TEMPLATE = "coverage.away.after-return";

    private Instant dueAt(Message message, String responseWindowKey) {
        ResponseTerms terms = termsFor(message, responseWindowKey);
        return terms.calendar().due(message.getReceivedAt(), terms.window());
    }

    /** The calendar and the window an answer to this message is measured against. */
    public record ResponseTerms(BusinessCalendar calendar, ResponseWindow window) {}

    /**
     * Also used by response SLAs (reminder point, response time), so due time, reminder and measured
     * response time always come from the same calendar.
     */
    @Transactional(readOnly = true)
    public ResponseTerms termsFor(Message message, String responseWindowKey) {
        Client client = message.getClientId() == null
                ? null
                : clients.findById(message.getClientId()).orElseThrow();
        BusinessCalendar calendar;
        ResponseWindow window;
        if (client == null) {
            // No clinician: the practice's front-desk hours and its holidays.
            calendar = calendars.ofPractice(practices.primary());
            window = isPolicyWindow(responseWindowKey)
                    ? ResponseWindow.businessDays(1)
                    : ResponseWindow.parse(responseWindowKey);
        } else {
            calendar = calendars.of(careTeam.forClinician(client.getClinicianId(), client.getPracticeId())
                    .answersCategory(message.getCategory()));
            if (isPolicyWindow(responseWindowKey)) {
                PolicyDocument.ResponseWindow promised = policies.effective(
                                client.getPracticeId(), client.getClinicianId())
                        .getDocument()
                        .responseWindow();
                window = new ResponseWindow(ResponseWindow.Kind.valueOf(promised.kind()), promised.amount());
            } else {
                window = ResponseWindow.parse(responseWindowKey);
            }
        }
        return new ResponseTerms(calendar, window);
    }
}
