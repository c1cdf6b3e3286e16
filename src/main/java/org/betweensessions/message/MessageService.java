package org.betweensessions.message;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientDirectory;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.engine.UserTasks.OpenUserTask;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.sla.AvailabilityCreep;
import org.betweensessions.sla.ResponseSlas;
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
  private final org.betweensessions.crisis.CrisisResponse crisisResponse;

  MessageService(MessageRepository messages, ClientRepository clients,
      ClinicianRepository clinicians, ClientDirectory directory, TriagePublisher publisher,
      CrisisOnReceipt crisisOnReceipt, UserTasks userTasks,
      TransactionTemplate tx, Clock clock, ResponseSlas responseSlas,
      AvailabilityCreep availabilityCreep, RoutineAdmission admission,
      org.betweensessions.crisis.CrisisResponse crisisResponse) {
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
  }

  public record Accepted(Message message, boolean created) {}

  /**
   * Stores the message (committed before anything else happens), then hands it to the engine. A
   * redelivered webhook (same channel and external id) returns the stored message and starts nothing.
   */
  public Accepted accept(InboundMessageRequest request) {
    if (!request.channel().isInbound()) {
      throw new InvalidFieldException("channel",
          request.channel() + " does not deliver written messages");
    }
    if (request.clientId() == null && (request.sender() == null || request.sender().isBlank())) {
      throw new InvalidFieldException("clientId", "Either clientId or sender is required");
    }
    // Screened before anything else, in memory: a crisis goes straight in and is alerted in this
    // request; routine messages take their turn (RoutineAdmission) so they cannot crowd it out.
    boolean crisis = crisisOnReceipt.isCrisis(request.body());
    Accepted accepted = crisis ? store(request) : admission.admit(() -> store(request));
    if (accepted.created()) {
      if (crisis) {
        crisisOnReceipt.respond(accepted.message());
      }
      publisher.publishSoon(accepted.message().getId());
    }
    return accepted;
  }

  private Accepted store(InboundMessageRequest request) {
    return tx.execute(s -> {
      var existing = messages.findByChannelAndExternalId(request.channel(), request.externalId());
      if (existing.isPresent()) {
        return new Accepted(existing.get(), false);
      }
      Instant now = clock.instant();
      Instant receivedAt = request.receivedAt() == null ? now : request.receivedAt();
      Optional<Client> client = request.clientId() != null
          ? Optional.of(clients.findById(request.clientId()).orElseThrow(
              () -> new InvalidFieldException("clientId", "No client with this id")))
          : directory.bySender(request.channel(), request.sender());
      Message message = client
          .map(c -> Message.inbound(request.channel(), request.externalId(), c.getId(),
              c.getClinicianId(), request.body(), receivedAt, now))
          // Kept, not dropped: the coordinator finds out who wrote (and crisis screening still runs).
          .orElseGet(() -> Message.inboundFromUnknownSender(request.channel(),
              request.externalId(), request.sender(), request.body(), receivedAt, now));
      return new Accepted(messages.saveAndFlush(message), true);
    });
  }

  public Message get(UUID id, CurrentUser user) {
    Message message = messages.findById(id)
        .orElseThrow(() -> new NotFoundException("id", "No message with this id"));
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
      Message original = messages.findById(id)
          .orElseThrow(() -> new NotFoundException("id", "No message with this id"));
      checkMayAnswer(original, user);
      if (original.getStatus() == MessageStatus.ANSWERED) {
        throw new ConflictException("This message has already been answered");
      }
      if ("CRISIS".equals(original.getCategory())) {
        throw new ConflictException("Crisis messages are acknowledged, not answered: use "
            + "/api/messages/" + id + "/crisis-acknowledgement");
      }
      if (original.getStatus() != MessageStatus.AWAITING_RESPONSE
          || original.getProcessInstanceKey() == null) {
        throw new ConflictException("This message is still being triaged; try again in a moment");
      }
      OpenUserTask task = openTask(original, ProcessIds.ANSWER_TASKS)
          .orElseThrow(() -> new ConflictException(
              "No open response task for this message yet (the engine may be picking it up again after a restart); try again in a moment"));
      Instant now = clock.instant();
      Message reply = messages.save(Message.reply(original, request.body(), user.username(), now));
      original.answered(now);
      responseSlas.recordAnswer(original, user.username(), now);
      // Written (and its row locked) before the engine hears of it: completing the task starts the
      // task-completion worker, which must wait for this commit and then find the answer recorded.
      messages.flush();
      userTasks.complete(task.userTaskKey(), Map.of(
          "replyMessageId", reply.getId().toString(),
          "answeredAt", now.toString()));
      return reply;
    });
    availabilityCreep.check(user.username());
    return sent;
  }

  /**
   * Completes whichever crisis acknowledgement task is open (the clinician's, the covering
   * clinician's or the supervisor's). Structured facts only. Like a reply, the acknowledgement is
   * recorded in the database in the same transaction, before the engine hears of it: if the engine
   * then loses the instance (a crash), the acknowledgement is not lost, and the crisis is not driven
   * again. If the engine refuses, nothing is recorded.
   */
  public void acknowledgeCrisis(UUID id, CrisisAcknowledgementRequest request, CurrentUser user) {
    tx.executeWithoutResult(s -> {
      Message message = messages.findForUpdate(id)
          .orElseThrow(() -> new NotFoundException("id", "No message with this id"));
      if (!"CRISIS".equals(message.getCategory()) || message.getProcessInstanceKey() == null) {
        throw new ConflictException("This message is not an open crisis");
      }
      if (crisisResponse.isAcknowledged(id)) {
        throw new ConflictException("This crisis has already been acknowledged");
      }
      OpenUserTask task = openTask(message, ProcessIds.CRISIS_ACKNOWLEDGEMENT_TASKS)
          .orElseThrow(() -> new ConflictException(
              "The crisis is being handed to the engine again; try again in a moment"));
      if (!user.is(StaffRole.SUPERVISOR) && !user.username().equals(task.assignee())
          && !(user.is(StaffRole.CLINICIAN) && isOwnClient(message, user))) {
        throw new AccessDeniedException("not this user's crisis");
      }
      crisisResponse.recordAcknowledgement(id, user.username(), request.contactMade(),
          request.safetyAssessed(), request.nextStep());
      messages.flush();
      userTasks.complete(task.userTaskKey(), Map.of(
          "contactMade", request.contactMade().name(),
          "safetyAssessed", request.safetyAssessed(),
          "nextStep", request.nextStep().name(),
          "acknowledgedBy", user.username()));
    });
  }

  public List<Message> search(UUID clientId, MessageStatus status, CurrentUser user) {
    if (user.is(StaffRole.CLINICIAN)) {
      if (clientId == null) {
        throw new InvalidFieldException("clientId", "Clinicians list messages per client");
      }
      Client client = clients.findById(clientId)
          .orElseThrow(() -> new NotFoundException("clientId", "No client with this id"));
      boolean own = clinicians.findById(client.getClinicianId())
          .map(c -> c.getUsername().equals(user.username())).orElse(false);
      if (!own) {
        throw new AccessDeniedException("not this user's client");
      }
    }
    return messages.search(clientId, status).stream()
        .filter(m -> !user.is(StaffRole.COORDINATOR) || mayCoordinatorSee(m))
        .toList();
  }

  private Optional<OpenUserTask> openTask(Message message, List<String> elementIds) {
    for (String elementId : elementIds) {
      Optional<OpenUserTask> task = userTasks.findOpenTask(message.getProcessInstanceKey(),
          elementId);
      if (task.isPresent()) {
        return task;
      }
    }
    return Optional.empty();
  }

  private static boolean mayCoordinatorSee(Message message) {
    return "COORDINATOR".equals(message.getRoute()) || "ADMINISTRATIVE".equals(message.getCategory());
  }

  private void checkMayRead(Message message, CurrentUser user) {
    if (user.is(StaffRole.SUPERVISOR) || user.is(StaffRole.ADMIN)) {
      return;
    }
    if (user.is(StaffRole.CLINICIAN) && isOwnClient(message, user)) {
      return;
    }
    if (user.is(StaffRole.COORDINATOR) && mayCoordinatorSee(message)) {
      return;
    }
    throw new AccessDeniedException("not this user's client");
  }

  private void checkMayAnswer(Message message, CurrentUser user) {
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

  private boolean isOwnClient(Message message, CurrentUser user) {
    return message.getClinicianId() != null && clinicians.findById(message.getClinicianId())
        .map(c -> c.getUsername().equals(user.username())).orElse(false);
  }
}
