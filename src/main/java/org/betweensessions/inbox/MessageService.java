package org.betweensessions.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.ClientDirectory;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.crisis.CrisisAcknowledgementRepository;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.engine.UserTasks.OpenUserTask;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.sla.AvailabilityCreep;
import org.betweensessions.sla.ResponseSlas;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Inbound messages in, replies out; the engine sees ids only. */
@Service
public class MessageService {

    private final MessageRepository messages;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final ClientDirectory directory;
    private final TriagePublisher publisher;
    private final CrisisOnReceipt crisisOnReceipt;
    private final UserTasks userTasks;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ResponseSlas responseSlas;
    private final AvailabilityCreep availabilityCreep;
    private final RoutineAdmission admission;
    private final ClientAccess clientAccess;
    private final AuditTrail audit;
    private final StaffAlertRepository alerts;
    private final IntakeProperties intake;
    private final CrisisAcknowledgementRepository acknowledgements;
    private final CrisisResponse crisisResponse;

    MessageService(
            MessageRepository messages,
            ClientRepository clients,
            ClinicianRepository clinicians,
            ClientDirectory directory,
            TriagePublisher publisher,
            CrisisOnReceipt crisisOnReceipt,
            UserTasks userTasks,
            TransactionTemplate tx,
            Clock clock,
            ResponseSlas responseSlas,
            AvailabilityCreep availabilityCreep,
            RoutineAdmission admission,
            ClientAccess clientAccess,
            AuditTrail audit,
            StaffAlertRepository alerts,
            CrisisAcknowledgementRepository acknowledgements,
            IntakeProperties intake,
            CrisisResponse crisisResponse) {
        this.crisisResponse = crisisResponse;
        this.messages = messages;
        this.clients = clients;
        this.clinicians = clinicians;
        this.directory = directory;
        this.publisher = publisher;
        this.crisisOnReceipt = crisisOnReceipt;
        this.userTasks = userTasks;
        this.tx = tx;
        this.clock = clock;
        this.responseSlas = responseSlas;
        this.availabilityCreep = availabilityCreep;
        this.admission = admission;
        this.clientAccess = clientAccess;
        this.audit = audit;
        this.alerts = alerts;
        this.acknowledgements = acknowledgements;
        this.intake = intake;
    }

    public record Accepted(Message message, boolean created) {}

    /** For trusted in-process callers (tests, the demo): no caller to check or record. */
    public Accepted accept(InboundMessageRequest request) {
        return accept(request, null);
    }

    /**
     * Stores the message (committed before anything else happens), then hands it to the engine. A
     * redelivered webhook (same channel and external id, same text) returns the stored message and
     * starts nothing, also when the redeliveries arrive at the same moment; the same id with a
     * different text is refused (409 naming the stored message) and audited, never silently dropped.
     *
     * @param enteredBy who posts it (checked: a clinician only for their own client; everyone only for
     *     clients of their own practice), recorded with the message; null for trusted callers
     */
    public Accepted accept(InboundMessageRequest request, CurrentUser enteredBy) {
        if (!request.channel().isInbound()) {
            throw new InvalidFieldException("channel", request.channel() + " does not deliver written messages");
        }
        if (request.clientId() == null
                && (request.sender() == null || request.sender().isBlank())) {
            throw new InvalidFieldException("clientId", "Either clientId or sender is required");
        }
        checkReceivedAt(request.receivedAt());
        if (enteredBy != null) {
            checkMayEnter(request, enteredBy);
        }
        // Screened before anything else, in memory: a crisis goes straight in and is alerted in this
        // request; routine messages take their turn (RoutineAdmission) so they cannot crowd it out.
        boolean crisis = crisisOnReceipt.isCrisis(request.body());
        String by = enteredBy == null ? null : enteredBy.username();
        Accepted accepted = crisis ? store(request, by) : admission.admit(() -> store(request, by));
        if (accepted.created()) {
            if (crisis) {
                crisisOnReceipt.respond(accepted.message());
            }
            publisher.publishSoon(accepted.message().getId());
        }
        return accepted;
    }

    private void checkReceivedAt(Instant receivedAt) {
        if (receivedAt == null) {
            return;
        }
        Instant now = clock.instant();
        if (receivedAt.isAfter(now.plus(intake.clockSkew()))) {
            throw InvalidFieldException.outOfRange(
                    "receivedAt",
                    "receivedAt " + receivedAt
                            + " is in the future; it may be at most "
                            + intake.clockSkew().toMinutes()
                            + " minutes ahead of our clock (now " + now + "), or left out to mean now");
        }
        if (receivedAt.isBefore(now.minus(intake.maxDeliveryDelay()))) {
            throw InvalidFieldException.outOfRange(
                    "receivedAt",
                    "receivedAt " + receivedAt
                            + " is more than " + intake.maxDeliveryDelay().toDays() + " days ago"
                            + " (bsc.intake.max-delivery-delay); a message that old is not between-session contact:"
                            + " tell the practice directly");
        }
    }

    /**
     * Staff enter messages only for clients they may act for; an integration only for its practice's
     * clients. Checked before the text is screened or stored.
     */
    private void checkMayEnter(InboundMessageRequest request, CurrentUser user) {
        if (request.clientId() != null) {
            try {
                clientAccess.clientFor(request.clientId(), user);
            } catch (NotFoundException notOfThisPractice) {
                throw new InvalidFieldException("clientId", "No client with this id");
            }
        } else if (user.is(StaffRole.CLINICIAN)) {
            throw new InvalidFieldException(
                    "clientId", "A clinician enters a message for one of their clients: clientId is required");
        }
    }

    private Accepted store(InboundMessageRequest request, String enteredBy) {
        try {
            return storeOnce(request, enteredBy);
        } catch (RedeliveryConflict conflict) {
            // Documented in a transaction of its own: the refused one wrote nothing.
            tx.executeWithoutResult(s -> audit.record(
                    "intake",
                    "REDELIVERY_WITH_DIFFERENT_TEXT",
                    "MESSAGE",
                    conflict.storedId,
                    Map.of("channel", request.channel().name())));
            throw conflict;
        }
    }

    private Accepted storeOnce(InboundMessageRequest request, String enteredBy) {
        try {
            return tx.execute(s -> {
                var existing = messages.findByChannelAndExternalId(request.channel(), request.externalId());
                if (existing.isPresent()) {
                    return redelivered(existing.get(), request);
                }
                Instant now = clock.instant();
                Instant receivedAt = request.receivedAt() == null ? now : request.receivedAt();
                Optional<Client> client = request.clientId() != null
                        ? Optional.of(clients.findById(request.clientId())
                                .orElseThrow(() -> new InvalidFieldException("clientId", "No client with this id")))
                        : directory.bySender(request.channel(), request.sender());
                Message message = client.map(c -> Message.inbound(
                                request.channel(),
                                request.externalId(),
                                c.getId(),
                                c.getClinicianId(),
                                request.body(),
                                receivedAt,
                                now))
                        // Kept, not dropped: the coordinator finds out who wrote (and crisis screening runs).
                        .orElseGet(() -> Message.inboundFromUnknownSender(
                                request.channel(),
                                request.externalId(),
                                request.sender(),
                                request.body(),
                                receivedAt,
                                now));
                message.enteredBy(enteredBy);
                return new Accepted(messages.saveAndFlush(message), true);
            });
        } catch (DataIntegrityViolationException concurrentRedelivery) {
            // The same delivery arrived twice at once and the other request stored it first (unique key
            // channel + external id): this one is the redelivery.
            return tx.execute(s -> messages.findByChannelAndExternalId(request.channel(), request.externalId())
                    .map(stored -> redelivered(stored, request))
                    .orElseThrow(() -> concurrentRedelivery));
        }
    }

    /** The stored message again (200), or 409 if the "same" delivery carries another text. */
    private Accepted redelivered(Message stored, InboundMessageRequest request) {
        if (!stored.getBody().equals(request.body())) {
            throw new RedeliveryConflict(
                    stored.getId(),
                    "A message with channel " + request.channel()
                            + " and externalId '" + request.externalId() + "' is already stored with a different"
                            + " text (message " + stored.getId() + "); send a new message with its own externalId");
        }
        return new Accepted(stored, false);
    }

    private static final class RedeliveryConflict extends ConflictException {
        private final UUID storedId;

        RedeliveryConflict(UUID storedId, String detail) {
            super(detail, Map.of("messageId", storedId));
            this.storedId = storedId;
        }
    }

    public Message get(UUID id, CurrentUser user) {
        Message message =
                messages.findById(id).orElseThrow(() -> new NotFoundException("id", "No message with this id"));
        checkMayRead(message, user);
        return message;
    }

    public List<Message> replies(UUID id) {
        return messages.findByInReplyToIdOrderByCreatedAtAsc(id);
    }

    /**
     * Stores the reply encrypted and completes the clinician's "Respond to client message" task. Both
     * happen in one transaction: if the engine refuses, no reply is stored. The response time is
     * recorded with it; afterwards the clinician's answers are checked for availability creep.
     */
    public Message reply(UUID id, ReplyRequest request, CurrentUser user) {
        Message sent = tx.execute(s -> {
            Message original =
                    messages.findById(id).orElseThrow(() -> new NotFoundException("id", "No message with this id"));
            checkMayAnswer(original, user);
            if (original.getStatus() == MessageStatus.ANSWERED) {
                throw new ConflictException("This message was already answered at " + original.getAnsweredAt());
            }
            if ("CRISIS".equals(original.getCategory())) {
                throw new ConflictException("Crisis messages are acknowledged, not answered: use " + "/api/messages/"
                        + id + "/crisis-acknowledgement");
            }
            if (original.getStatus() != MessageStatus.AWAITING_RESPONSE || original.getProcessInstanceKey() == null) {
                throw new ConflictException(whyNotAwaitingAnswer(original));
            }
            OpenUserTask task = openTask(original, ProcessIds.ANSWER_TASKS)
                    .orElseThrow(() -> new ConflictException("This message awaits an answer, but its answer"
                            + " task is not open in the engine right now (the process is being started or"
                            + " restored); try again in a moment"));
            Instant now = clock.instant();
            Message reply = messages.save(Message.reply(original, request.body(), user.username(), now));
            original.answered(now);
            responseSlas.recordAnswer(original, user.username(), now);
            // Written (and its row locked) before the engine hears of it: completing the task starts the
            // task-completion worker, which must wait for this commit and then find the answer recorded.
            messages.flush();
            Map<String, Object> variables = new HashMap<>();
            variables.put("replyMessageId", reply.getId().toString());
            variables.put("answeredAt", now.toString());
            if (request.minutesSpent() != null) {
                variables.put("minutesSpent", request.minutesSpent());
            }
            userTasks.complete(task.userTaskKey(), variables);
            return reply;
        });
        availabilityCreep.check(user.username());
        return sent;
    }

    /**
     * "I'm on it": completes whichever crisis acknowledgement task is open (the clinician's, the
     * covering clinician's or the supervisor's), which stops the escalation at once; documenting the
     * contact is the next task ({@link #documentCrisis}). A request that carries the documentation
     * facts acknowledges and documents in one step. Who may do it is checked before anything about the
     * message is revealed: a coordinator learns nothing about whether a message is a crisis.
     */
    public void acknowledgeCrisis(UUID id, CrisisAcknowledgementRequest request, CurrentUser user) {
        if (request.documents()
                && (request.contactMade() == null || request.nextStep() == null || request.safetyAssessed() == null)) {
            throw InvalidFieldException.outOfRange(
                    request.contactMade() == null
                            ? "contactMade"
                            : request.nextStep() == null ? "nextStep" : "safetyAssessed",
                    "To document while acknowledging, give contactMade, safetyAssessed and nextStep;"
                            + " or send an empty body to acknowledge only and document later");
        }
        tx.executeWithoutResult(status -> {
            // Locked: the reconciler re-driving this crisis waits, and sees the acknowledgement.
            Message message = crisisFor(id, user);
            var done = acknowledgements.findById(id);
            if (done.isPresent()) {
                throw new ConflictException("This crisis was acknowledged by "
                        + done.get().getAcknowledgedBy() + " at " + done.get().getAcknowledgedAt());
            }
            OpenUserTask task = message.getProcessInstanceKey() == null
                    ? null
                    : openTask(message, ProcessIds.CRISIS_ACKNOWLEDGEMENT_TASKS).orElse(null);
            if (task == null) {
                throw new ConflictException("This crisis is not acknowledged yet, but its acknowledgement"
                        + " task is not open in the engine right now (the process is being started or"
                        + " restored); try again in a moment");
            }
            // Recorded first: the database, not the engine, is the truth about who acknowledged.
            crisisResponse.recordAcknowledgement(id, user.username());
            Map<String, Object> variables = new HashMap<>();
            variables.put("acknowledgedBy", user.username());
            if (request.documents()) {
                crisisResponse.recordDocumentation(
                        id, user.username(), request.contactMade(), request.safetyAssessed(), request.nextStep());
                if (request.minutesSpent() != null) {
                    variables.put("minutesSpent", request.minutesSpent());
                }
            }
            messages.flush();
            userTasks.complete(task.userTaskKey(), variables);
        });
    }

    /**
     * Documents an acknowledged crisis (how the client was reached, safety, next step, minutes) and
     * completes the "Document crisis contact" task. Only the person who acknowledged it, or a
     * supervisor.
     */
    public void documentCrisis(UUID id, CrisisDocumentationRequest request, CurrentUser user) {
        tx.executeWithoutResult(status -> {
            Message message = crisisFor(id, user);
            var ack = acknowledgements
                    .findById(id)
                    .orElseThrow(() -> new ConflictException(
                            "This crisis is not acknowledged yet: acknowledge it first (empty POST to"
                                    + " /api/messages/" + id + "/crisis-acknowledgement)"));
            if (!user.is(StaffRole.SUPERVISOR) && !ack.getAcknowledgedBy().equals(user.username())) {
                throw new AccessDeniedException("acknowledged by someone else");
            }
            if (ack.isDocumented()) {
                throw new ConflictException(
                        "This crisis was documented by " + ack.getDocumentedBy() + " at " + ack.getDocumentedAt());
            }
            OpenUserTask task = message.getProcessInstanceKey() == null
                    ? null
                    : openTask(message, List.of(ProcessIds.DOCUMENT_CRISIS_TASK))
                            .orElse(null);
            if (task == null) {
                throw new ConflictException("The documentation task of this crisis is not open in the"
                        + " engine right now (the acknowledgement is being recorded, or the process restored);"
                        + " try again in a moment");
            }
            crisisResponse.recordDocumentation(
                    id, user.username(), request.contactMade(), request.safetyAssessed(), request.nextStep());
            messages.flush();
            Map<String, Object> variables = new HashMap<>();
            variables.put("contactMade", request.contactMade().name());
            variables.put("safetyAssessed", request.safetyAssessed());
            variables.put("nextStep", request.nextStep().name());
            if (request.minutesSpent() != null) {
                variables.put("minutesSpent", request.minutesSpent());
            }
            userTasks.complete(task.userTaskKey(), variables);
        });
    }

    /** The crisis message, locked, if this user may act on it (404/403/409 otherwise). */
    private Message crisisFor(UUID id, CurrentUser user) {
        Message message =
                messages.findForUpdate(id).orElseThrow(() -> new NotFoundException("id", "No message with this id"));
        checkPractice(message, user);
        if (!user.is(StaffRole.SUPERVISOR) && !isOwnClient(message, user) && !isAlerted(message, user)) {
            throw new AccessDeniedException("not this user's crisis");
        }
        if (!"CRISIS".equals(message.getCategory())) {
            throw new ConflictException(
                    message.getCategory() == null
                            ? "This message is still being screened; try again in a moment"
                            : "This message was screened as " + message.getCategory() + ", not as a crisis");
        }
        return message;
    }

    public List<Message> search(UUID clientId, MessageStatus status, CurrentUser user) {
        if (user.is(StaffRole.CLINICIAN) && clientId == null) {
            return openWork(user).stream()
                    .filter(m -> status == null || m.getStatus() == status)
                    .toList();
        }
        if (clientId != null) {
            clientAccess.clientFor(clientId, user); // 404 another practice's, 403 a colleague's client
        }
        UUID practice = clientAccess.practiceOf(user);
        Map<UUID, Boolean> ofPractice = new HashMap<>();
        return messages.search(clientId, status).stream()
                .filter(m -> m.getClientId() == null
                        || ofPractice.computeIfAbsent(
                                m.getClientId(),
                                id -> clients.findById(id)
                                        .map(c -> c.getPracticeId().equals(practice))
                                        .orElse(false)))
                .filter(m -> !user.is(StaffRole.COORDINATOR) || mayCoordinatorSee(m))
                .toList();
    }

    /**
     * The signed-in user's open messages, most urgent first: crises nobody acknowledged (oldest first),
     * then answers by due time (soonest first; none last). A clinician: their own clients', every
     * crisis they were alerted to (as covering clinician) and every answer they hold for someone else's
     * client (covering, or a client transferred to them); a coordinator: messages routed to the
     * coordinator; supervisors and admins: crises of the practice nobody acknowledged yet. Only
     * messages of the user's practice.
     */
    public List<Message> openWork(CurrentUser user) {
        UUID practice = clientAccess.practiceOf(user);
        LinkedHashMap<UUID, Message> found = new LinkedHashMap<>();
        if (user.is(StaffRole.CLINICIAN)) {
            clinicians
                    .findByUsername(user.username())
                    .ifPresent(c -> messages.findOpenOfClinician(c.getId()).forEach(m -> found.put(m.getId(), m)));
            messages.findUnacknowledgedCrisesAlertedTo(user.username()).forEach(m -> found.putIfAbsent(m.getId(), m));
            // Answers they hold for a colleague's client (covering a leave) or a client just transferred.
            messages.findAllById(responseSlas.unansweredAssignedTo(user.username())).stream()
                    .filter(m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE)
                    .forEach(m -> found.putIfAbsent(m.getId(), m));
        } else if (user.is(StaffRole.COORDINATOR)) {
            messages.findAwaitingCoordinator().forEach(m -> found.put(m.getId(), m));
        } else {
            messages.findUnacknowledgedCrisesAlertedTo(user.username()).forEach(m -> found.put(m.getId(), m));
        }
        Map<UUID, Boolean> ofPractice = new HashMap<>();
        return found.values().stream()
                .filter(m -> m.getClientId() == null
                        ? !user.is(StaffRole.CLINICIAN)
                        : ofPractice.computeIfAbsent(
                                m.getClientId(),
                                id -> clients.findById(id)
                                        .map(c -> c.getPracticeId().equals(practice))
                                        .orElse(false)))
                .sorted(URGENCY)
                .toList();
    }

    /** Crises first (oldest first), then by due time (soonest first, none last), then arrival. */
    public static final Comparator<Message> URGENCY = Comparator.comparing(
                    (Message m) -> !"CRISIS".equals(m.getCategory()))
            .thenComparing(
                    m -> "CRISIS".equals(m.getCategory()) ? null : m.getDueAt(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Message::getReceivedAt, Comparator.nullsLast(Comparator.naturalOrder()));

    /** A 409's detail that says what is actually the case, status by status. */
    private static String whyNotAwaitingAnswer(Message message) {
        return switch (message.getStatus()) {
            case RECEIVED, TRIAGING -> "This message is still being screened and routed; try again in a" + " moment";
            case CLOSED ->
                "This message needs no answer: it was routed to "
                        + (message.getRoute() == null ? "no one" : message.getRoute()) + " (category "
                        + message.getCategory() + ")"
                        + ("AGENDA".equals(message.getRoute()) || "SESSION_AGENDA".equals(message.getRoute())
                                ? "; it is on the agenda of the next session"
                                : "");
            default -> "This message is " + message.getStatus() + ", not awaiting an answer";
        };
    }

    private Optional<OpenUserTask> openTask(Message message, List<String> elementIds) {
        for (String elementId : elementIds) {
            Optional<OpenUserTask> task = userTasks.findOpenTask(message.getProcessInstanceKey(), elementId);
            if (task.isPresent()) {
                return task;
            }
        }
        return Optional.empty();
    }

    private static boolean mayCoordinatorSee(Message message) {
        return "COORDINATOR".equals(message.getRoute()) || "ADMINISTRATIVE".equals(message.getCategory());
    }

    /**
     * Supervisors and admins read every message of their practice, a clinician their own clients' and
     * any crisis they were alerted to (a covering colleague must read what they must act on; audited),
     * a coordinator administrative ones.
     */
    private void checkMayRead(Message message, CurrentUser user) {
        checkPractice(message, user);
        if (user.is(StaffRole.SUPERVISOR) || user.is(StaffRole.ADMIN)) {
            return;
        }
        if (user.is(StaffRole.CLINICIAN) && isOwnClient(message, user)) {
            return;
        }
        if (user.is(StaffRole.CLINICIAN) && isAlerted(message, user)) {
            audit.record(
                    user.username(),
                    "CRISIS_READ_BY_ALERTED_COLLEAGUE",
                    "MESSAGE",
                    message.getId(),
                    Map.of("clinicianOfClient", String.valueOf(message.getClinicianId())));
            return;
        }
        if (user.is(StaffRole.COORDINATOR) && mayCoordinatorSee(message)) {
            return;
        }
        throw new AccessDeniedException("not this user's client");
    }

    /** 404 for a message of another practice's client, as if it did not exist. */
    private void checkPractice(Message message, CurrentUser user) {
        if (message.getClientId() != null) {
            UUID practice = clients.findById(message.getClientId())
                    .map(Client::getPracticeId)
                    .orElse(null);
            if (practice != null && !practice.equals(clientAccess.practiceOf(user))) {
                throw new NotFoundException("id", "No message with this id");
            }
        }
    }

    private boolean isAlerted(Message message, CurrentUser user) {
        return alerts.existsByMessageIdAndRecipient(message.getId(), user.username());
    }

    private void checkMayAnswer(Message message, CurrentUser user) {
        checkPractice(message, user);
        if (user.is(StaffRole.SUPERVISOR)) {
            return;
        }
        if (user.is(StaffRole.COORDINATOR) && "COORDINATOR".equals(message.getRoute())) {
            return;
        }
        if (user.is(StaffRole.CLINICIAN) && isOwnClient(message, user)) {
            return;
        }
        throw new AccessDeniedException("not this user's client");
    }

    /**
     * The clinician the message came to; the client's clinician now (after a transfer); or whoever
     * answers it now (a covering clinician during a leave, the new clinician after a transfer): the
     * person who holds the answer task must be able to read and answer the message here.
     */
    private boolean isOwnClient(Message message, CurrentUser user) {
        return isClinician(message.getClinicianId(), user)
                || (message.getClientId() != null
                        && isClinician(
                                clients.findById(message.getClientId())
                                        .map(Client::getClinicianId)
                                        .orElse(null),
                                user))
                || responseSlas.isAssignee(message.getId(), user.username());
    }

    private boolean isClinician(UUID clinicianId, CurrentUser user) {
        return clinicianId != null
                && clinicians
                        .findById(clinicianId)
                        .map(c -> c.getUsername().equals(user.username()))
                        .orElse(false);
    }
}
