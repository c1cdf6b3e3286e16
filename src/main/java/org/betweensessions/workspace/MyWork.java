package org.betweensessions.workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.betweensessions.agenda.AgendaItem;
import org.betweensessions.agenda.SessionAgenda;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.consent.ConsentProperties;
import org.betweensessions.consent.ConsentRequest;
import org.betweensessions.consent.ConsentRequestRepository;
import org.betweensessions.consent.ConsentReviewRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.sla.ResponseSla;
import org.betweensessions.sla.ResponseSlaRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * "My work" for the signed-in user, most urgent first: crises to acknowledge, then answers due
 * soonest, then consent reviews (clinicians); administrative messages (coordinators); breaches of
 * the practice and crises escalated to them (supervisors); and every other open user task assigned to
 * them or offered to their group, whatever process it belongs to (check-ins, crisis documentation,
 * coverage, termination...), named after its BPMN element and linked to its form. The same checks as
 * the API: a user sees only their practice, a clinician only their own clients and crises they were
 * alerted to.
 */
@Service
public class MyWork {

    private static final Logger LOG = LoggerFactory.getLogger(MyWork.class);

    /** Breaches older than this are reported (docs/sla.md), not listed as work. */
    private static final Duration BREACHES_LISTED = Duration.ofDays(30);

    private final MessageService messages;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final PracticeRepository practices;
    private final ClientAccess access;
    private final ConsentRequestRepository consentRequests;
    private final ConsentReviewRepository consentReviews;
    private final ResponseSlaRepository slas;
    private final SafetyPlanCheckins checkins;
    private final SessionAgenda agenda;
    private final Clock clock;
    private final UserTasks userTasks;
    private final MessageRepository messageRows;
    private final ConsentProperties consent;

    MyWork(
            MessageService messages,
            ClientRepository clients,
            ClinicianRepository clinicians,
            PracticeRepository practices,
            ClientAccess access,
            ConsentRequestRepository consentRequests,
            ConsentReviewRepository consentReviews,
            ResponseSlaRepository slas,
            SafetyPlanCheckins checkins,
            SessionAgenda agenda,
            Clock clock,
            UserTasks userTasks,
            ConsentProperties consent,
            MessageRepository messageRows) {
        this.checkins = checkins;
        this.agenda = agenda;
        this.userTasks = userTasks;
        this.messageRows = messageRows;
        this.consent = consent;
        this.messages = messages;
        this.clients = clients;
        this.clinicians = clinicians;
        this.practices = practices;
        this.access = access;
        this.consentRequests = consentRequests;
        this.consentReviews = consentReviews;
        this.slas = slas;
        this.clock = clock;
    }

    /** The zone a user reads times in: a clinician's own, everyone else's practice's. */
    public ZoneId zoneOf(CurrentUser user) {
        return clinicians
                .findByUsername(user.username())
                .map(Clinician::getTimeZone)
                .orElseGet(() -> practices
                        .findById(access.practiceOf(user))
                        .map(p -> p.getTimeZone())
                        .orElse(ZoneId.of("UTC")));
    }

    public List<WorkItem> of(CurrentUser user) {
        Map<UUID, Optional<Client>> known = new HashMap<>();
        List<WorkItem> items = new ArrayList<>();
        for (Message m : messages.openWork(user)) {
            Optional<Client> client = m.getClientId() == null
                    ? Optional.empty()
                    : known.computeIfAbsent(m.getClientId(), clients::findById);
            WorkItem.Kind kind = "CRISIS".equals(m.getCategory())
                    ? WorkItem.Kind.CRISIS
                    : "COORDINATOR".equals(m.getRoute()) ? WorkItem.Kind.ADMINISTRATIVE : WorkItem.Kind.ANSWER;
            items.add(new WorkItem(
                    kind,
                    m.getId(),
                    m.getClientId(),
                    client.map(Client::getDisplayName).orElse("Unknown sender"),
                    words(m.getChannel().name()),
                    m.getReceivedAt(),
                    kind == WorkItem.Kind.CRISIS ? null : m.getDueAt(),
                    null,
                    "/messages/" + m.getId(),
                    null));
        }
        if (user.is(StaffRole.CLINICIAN)) {
            clinicians.findByUsername(user.username()).ifPresent(c -> {
                items.addAll(consentReviews(c));
                items.addAll(riskLevelReviews(c, known));
            });
        }
        if (user.is(StaffRole.SUPERVISOR) || user.is(StaffRole.ADMIN)) {
            items.addAll(breaches(access.practiceOf(user), known));
        }
        items.addAll(checkinWork(user, known));
        items.addAll(tasks(user, known));
        // Messages come sorted by urgency; the other kinds follow in their own order.
        List<WorkItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(WorkItem::kind, (a, b) -> rank(a) - rank(b)));
        return sorted;
    }

    /**
     * Crises and missed check-ins, then post-crisis reviews and safety plans, answers and
     * administrative messages (in due order), breaches, risk re-ratings, consent reviews.
     */
    private static int rank(WorkItem.Kind kind) {
        return switch (kind) {
            case CRISIS, WELFARE_DECISION, OUTREACH_CALL, CHECKIN_CALL -> 0;
            case POST_CRISIS_REVIEW, SAFETY_PLAN_REVIEW, REVIEW_RISK_LEVEL -> 1;
            case ANSWER, ADMINISTRATIVE, TASK -> 2;
            case SLA_BREACH -> 3;
            case RE_RATE_RISK -> 4;
            case CONSENT_REVIEW -> 5;
        };
    }

    /**
     * A crisis from a client not rated high risk: "Review risk level" (the session agenda's item) until
     * it is discussed or the client is raised to high risk.
     */
    private List<WorkItem> riskLevelReviews(Clinician clinician, Map<UUID, Optional<Client>> known) {
        List<WorkItem> items = new ArrayList<>();
        Set<UUID> listed = new HashSet<>();
        for (AgendaItem item : agenda.openOfKind(clinician.getId(), SessionAgenda.REVIEW_RISK_LEVEL)) {
            Optional<Client> client = known.computeIfAbsent(item.getClientId(), clients::findById);
            if (client.isEmpty()
                    || client.get().getRiskLevel() == RiskLevel.HIGH
                    || client.get().getStatus() == ClientStatus.TERMINATED
                    || !listed.add(item.getClientId())) {
                continue;
            }
            items.add(new WorkItem(
                    WorkItem.Kind.REVIEW_RISK_LEVEL,
                    item.getMessageId(),
                    item.getClientId(),
                    client.get().getDisplayName(),
                    null,
                    item.getCreatedAt(),
                    null,
                    null,
                    item.getMessageId() == null ? null : "/messages/" + item.getMessageId(),
                    "a message was handled as a crisis; raise the risk with a reason if needed"));
        }
        return items;
    }

    /** The high-risk check-ins' tasks for this user; done in Tasks (Camunda user tasks). */
    private List<WorkItem> checkinWork(CurrentUser user, Map<UUID, Optional<Client>> known) {
        UUID practice = access.practiceOf(user);
        List<WorkItem> items = new ArrayList<>();
        for (SafetyPlanCheckins.Work w : checkins.workFor(user.username())) {
            Optional<Client> client = known.computeIfAbsent(w.clientId(), clients::findById);
            if (client.isEmpty() || !client.get().getPracticeId().equals(practice)) {
                continue;
            }
            items.add(new WorkItem(
                    WorkItem.Kind.valueOf(w.kind().name()),
                    null,
                    w.clientId(),
                    client.get().getDisplayName(),
                    null,
                    w.since(),
                    w.dueAt(),
                    null,
                    "/tasks",
                    w.note()));
        }
        return items;
    }

    /** The groups whose unassigned tasks a user may take: coordinators the intake coordinators'. */
    public List<String> groupsOf(CurrentUser user) {
        return user.is(StaffRole.COORDINATOR) ? List.of(consent.coordinatorGroup()) : List.of();
    }

    /** User tasks "My work" already shows as message or consent rows. */
    private static final Set<String> SHOWN_AS_MESSAGES = Set.copyOf(Stream.of(
                    ProcessIds.ANSWER_TASKS,
                    ProcessIds.CRISIS_ACKNOWLEDGEMENT_TASKS,
                    List.of(ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK))
            .flatMap(List::stream)
            .toList());

    /**
     * Every other open user task of the user, from any process: generic over the BPMN, so a new
     * process's tasks appear here without a code change. Soonest due first.
     */
    private List<WorkItem> tasks(CurrentUser user, Map<UUID, Optional<Client>> known) {
        List<UserTasks.TaskView> open;
        try {
            open = userTasks.openTasksFor(user.username(), groupsOf(user));
        } catch (RuntimeException engineUnreachable) {
            // Crises, answers and consent reviews come from the database and still show; the other
            // tasks wait for the engine (or the cluster's REST API) to answer again.
            LOG.warn("Open user tasks could not be read from the engine: {}", engineUnreachable.toString());
            return List.of();
        }
        UUID practice = access.practiceOf(user);
        List<WorkItem> items = new ArrayList<>();
        for (UserTasks.TaskView t : open) {
            if (SHOWN_AS_MESSAGES.contains(t.elementId())
                    || ProcessIds.SAFETY_PLAN_CHECKINS.equals(t.bpmnProcessId())) {
                continue; // listed already: as messages, consent reviews, or check-in work of its own kind
            }
            Optional<UUID> messageId = uuid(t.variables().get("messageId"));
            Optional<Client> client = messageId
                    .flatMap(messageRows::findById)
                    .map(Message::getClientId)
                    .or(() -> uuid(t.variables().get("clientId")))
                    .flatMap(id -> known.computeIfAbsent(id, clients::findById));
            if (client.isPresent() && !client.get().getPracticeId().equals(practice)) {
                continue;
            }
            items.add(new WorkItem(
                    WorkItem.Kind.TASK,
                    messageId.orElse(null),
                    client.map(Client::getId).orElse(null),
                    client.map(Client::getDisplayName).orElse("Open the task"),
                    null,
                    null,
                    Times.parse(t.dueDate()),
                    null,
                    "/tasks/" + t.userTaskKey(),
                    taskName(t)));
        }
        items.sort(Comparator.comparing(WorkItem::dueAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return items;
    }

    /** The task's name as in the BPMN, else its id in words (DocumentCrisisTask: "Document crisis"). */
    public static String taskName(UserTasks.TaskView task) {
        if (task.name() != null && !task.name().isBlank()) {
            return task.name();
        }
        String words = task.elementId().replaceAll("Task$", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        return words.charAt(0) + words.substring(1).toLowerCase(Locale.ROOT);
    }

    static Optional<UUID> uuid(Object value) {
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value.toString()));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private List<WorkItem> consentReviews(Clinician clinician) {
        List<WorkItem> items = new ArrayList<>();
        for (Client client : consentRequests.clientsOf(clinician.getId())) {
            if (client.getStatus() == ClientStatus.TERMINATED) {
                continue;
            }
            List<ConsentRequest> requests = consentRequests.findByClientIdOrderByCreatedAtAsc(client.getId());
            if (requests.isEmpty()) {
                continue;
            }
            ConsentRequest latest = requests.getLast();
            if (consentReviews.findByRequestId(latest.getId()).isEmpty()) {
                items.add(new WorkItem(
                        WorkItem.Kind.CONSENT_REVIEW,
                        null,
                        client.getId(),
                        client.getDisplayName(),
                        words(client.getPreferredChannel().name()),
                        latest.getCreatedAt(),
                        null,
                        null,
                        null,
                        "policy version " + latest.getPolicyVersion()));
            }
        }
        items.sort(Comparator.comparing(WorkItem::receivedAt));
        return items;
    }

    private List<WorkItem> breaches(UUID practice, Map<UUID, Optional<Client>> known) {
        Instant now = clock.instant();
        List<WorkItem> items = new ArrayList<>();
        for (ResponseSla sla : slas.findBreaches(now.minus(BREACHES_LISTED), now.plusSeconds(1), null)) {
            if (sla.getReviewedAt() != null) {
                continue;
            }
            Optional<Client> client = sla.getClientId() == null
                    ? Optional.empty()
                    : known.computeIfAbsent(sla.getClientId(), clients::findById);
            if (client.isPresent() && !client.get().getPracticeId().equals(practice)) {
                continue;
            }
            items.add(new WorkItem(
                    WorkItem.Kind.SLA_BREACH,
                    sla.getMessageId(),
                    sla.getClientId(),
                    client.map(Client::getDisplayName).orElse("Unknown sender"),
                    null,
                    sla.getReceivedAt(),
                    sla.getDueAt(),
                    sla.getBreachedAt(),
                    "/messages/" + sla.getMessageId(),
                    sla.getAnsweredAt() == null
                            ? "still unanswered, with " + sla.getAssignee()
                            : "answered late by " + sla.getAnsweredBy()));
        }
        return items;
    }

    /** PORTAL -> "Portal", VOICEMAIL_TRANSCRIPT -> "Voicemail transcript". */
    static String words(String constant) {
        String s = constant.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
