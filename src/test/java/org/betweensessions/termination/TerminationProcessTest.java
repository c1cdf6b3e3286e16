package org.betweensessions.termination;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.betweensessions.api.ConflictException;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.checkins.RiskEpisode;
import org.betweensessions.checkins.RiskEpisodeRepository;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.consent.ConsentRequest;
import org.betweensessions.consent.ConsentRequestRepository;
import org.betweensessions.consent.ConsentRequests;
import org.betweensessions.crisis.StaffAlert;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.practice.ReferralProperties;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.Reconciliation;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.betweensessions.termination.Termination.Status;
import org.betweensessions.termination.Termination.StopReason;
import org.betweensessions.workers.SendDropOutOutreachWorker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The termination process on the real engine, driven by the engine clock and the application clock
 * together: a planned ending with notice; a drop-out found by the daily check, one outreach, then
 * closure; a drop-out stopped by a reply and by a booked session; the safety gate holding and then
 * stopping an ending during a crisis; every other instance of the client ended through the engine
 * and not revived by reconciliation; after closure a crisis still screened and alerted (to the
 * supervisor once the clinician has left) and a routine message answered with referrals; re-opening;
 * a lost instance rebuilt at its stage. Moves the engine clock, so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TerminationProcessTest extends EmbeddedStackTest {

    @Autowired
    MovableClock clock;

    @Autowired
    Terminations terminations;

    @Autowired
    TerminationRepository rows;

    @Autowired
    OutboundNotificationRepository outbox;

    @Autowired
    UserTasks userTasks;

    @Autowired
    AuditTrail audit;

    @Autowired
    MessageService messageService;

    @Autowired
    SafetyPlanCheckins checkins;

    @Autowired
    RiskEpisodeRepository episodes;

    @Autowired
    ConsentRequests consentRequests;

    @Autowired
    ConsentRequestRepository consentRows;

    @Autowired
    PolicyService policies;

    @Autowired
    StaffAlertRepository alerts;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    ReferralProperties referrals;

    @Autowired
    JdbcTemplate jdbc;

    private void advance(Duration by) {
        engine.increaseTime(by);
        clock.advance(by);
    }

    private void advanceTo(Instant target) {
        Duration by = Duration.between(clock.instant(), target);
        if (by.isPositive()) {
            advance(by);
        }
    }

    private Termination awaitTermination(UUID id, Predicate<Termination> condition) {
        return Awaitility.await().atMost(WAIT).until(() -> rows.findById(id).orElseThrow(), condition::test);
    }

    /** Started, and the instance stands at {@code elementIds}. */
    private Termination standingAt(Termination started, String... elementIds) {
        Termination t = awaitTermination(started.getId(), x -> x.getProcessInstanceKey() != null);
        eventually(() -> assertThat(instance(t)).isWaitingAtElements(elementIds));
        return rows.findById(t.getId()).orElseThrow();
    }

    private InspectedProcessInstance instance(Termination t) {
        Long key = rows.findById(t.getId()).orElseThrow().getProcessInstanceKey();
        assertThat(incidents(key)).as("incidents").isEmpty();
        return new InspectedProcessInstance(key);
    }

    private void complete(Termination t, String elementId, Map<String, Object> variables) {
        long key = rows.findById(t.getId()).orElseThrow().getProcessInstanceKey();
        UserTasks.OpenUserTask task = Awaitility.await()
                .atMost(WAIT)
                .until(() -> userTasks.findOpenTask(key, elementId), Optional::isPresent)
                .orElseThrow();
        userTasks.complete(task.userTaskKey(), variables);
    }

    private Optional<UserTaskRecordValue> userTaskCreated(long instanceKey, String elementId) {
        UserTaskRecordValue last = null;
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.USER_TASK && r.getIntent() == UserTaskIntent.CREATED) {
                UserTaskRecordValue task = (UserTaskRecordValue) r.getValue();
                if (task.getProcessInstanceKey() == instanceKey
                        && task.getElementId().equals(elementId)) {
                    last = task;
                }
            }
        }
        return Optional.ofNullable(last);
    }

    /** Timers of the instance created and neither triggered nor cancelled. */
    private long openTimers(long instanceKey) {
        Set<Long> open = new HashSet<>();
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.TIMER
                    && r.getRecordType().name().equals("EVENT")
                    && ((TimerRecordValue) r.getValue()).getProcessInstanceKey() == instanceKey) {
                if (r.getIntent() == TimerIntent.CREATED) {
                    open.add(r.getKey());
                } else if (r.getIntent() == TimerIntent.TRIGGERED || r.getIntent() == TimerIntent.CANCELED) {
                    open.remove(r.getKey());
                }
            }
        }
        return open.size();
    }

    private OutboundNotification sent(String key) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> outbox.findByIdempotencyKey(key), Optional::isPresent)
                .orElseThrow();
    }

    private UUID clientWrites(Client client, String body) {
        return messageService
                .accept(new InboundMessageRequest(
                        Channel.PORTAL, "termination-" + UUID.randomUUID(), client.getId(), null, body, null))
                .message()
                .getId();
    }

    private List<String> auditTypes(Client client) {
        return audit.eventsFor("CLIENT", client.getId()).stream()
                .map(AuditEvent::getEventType)
                .toList();
    }

    private ZoneId zoneOf(Client client) {
        return clinicians.findById(client.getClinicianId()).orElseThrow().getTimeZone();
    }

    private LocalDate today(Client client) {
        return clock.instant().atZone(zoneOf(client)).toLocalDate();
    }

    /**
     * A planned ending with the last session today (short notice), driven to its end: discussed,
     * last session held, letter approved, grace period over. The client is a former client after.
     */
    private Termination endTreatment(Client client) {
        Termination t = standingAt(
                terminations.planned(client, today(client), Termination.Reason.GOALS_MET, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        complete(
                t,
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK,
                Map.of("endingDiscussed", true, "furtherCareAdvised", false));
        standingAt(t, ProcessIds.LAST_SESSION_TIMER);
        advanceTo(t.getLastSessionAt().plusSeconds(60));
        standingAt(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK);
        complete(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK, Map.of("letterApproved", true));
        Termination sent = standingAt(t, ProcessIds.CONTACT_GRACE_TIMER);
        advanceTo(sent.getContactClosesAt().plusSeconds(60));
        eventually(
                () -> assertThat(instance(t)).isCompleted().hasPassedElement(ProcessIds.TERMINATION_COMPLETED_EVENT));
        return rows.findById(t.getId()).orElseThrow();
    }

    @Test
    void aPlannedEndingGivesNoticeSendsTheReviewedLetterAndClosesContactAfterTheGracePeriod() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        LocalDate lastSession = today(client).plusDays(40);

        Termination started = terminations.planned(client, lastSession, Termination.Reason.GOALS_MET, "alex");

        // Low risk, no crisis, no check-ins: the gate is clear, and the ending is discussed in session
        // 30 days (termination-timing) before the last session.
        Termination t = standingAt(started, ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        assertThat(t.getSafetyGate()).isEqualTo("CLEAR");
        assertThat(t.getLastSessionAt())
                .isEqualTo(lastSession
                        .atTime(LocalTime.of(23, 59))
                        .atZone(zoneOf(client))
                        .toInstant());
        assertThat(t.getDiscussDueAt()).isEqualTo(t.getLastSessionAt().minus(Duration.ofDays(30)));
        UserTaskRecordValue discuss = userTaskCreated(
                        t.getProcessInstanceKey(), ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK)
                .orElseThrow();
        assertThat(ZonedDateTime.parse(discuss.getDueDate()).toInstant()).isEqualTo(t.getDiscussDueAt());
        assertThat(userTasks
                        .findOpenTask(t.getProcessInstanceKey(), ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK)
                        .orElseThrow()
                        .assignee())
                .isEqualTo("alex");
        assertThat(discuss.getFormKey()).isPositive();
        // One open ending per client.
        assertThatThrownBy(() -> terminations.planned(client, lastSession, Termination.Reason.CLIENT_CHOICE, "alex"))
                .isInstanceOf(ConflictException.class);

        complete(
                t,
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK,
                Map.of("endingDiscussed", true, "furtherCareAdvised", true));
        standingAt(t, ProcessIds.LAST_SESSION_TIMER);
        // What the clinician ticked on the form, not assumed.
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("ENDING_DISCUSSED"))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getDetails()).contains("\"endingDiscussed\":true", "\"furtherCareAdvised\":true"));
        assertThat(timerDueDates(t.getProcessInstanceKey(), ProcessIds.LAST_SESSION_TIMER))
                .containsExactly(t.getLastSessionAt());
        assertThat(outbox.findByClientIdOrderByCreatedAtAsc(client.getId()))
                .noneMatch(n -> n.getTemplateKey().startsWith("termination."));

        // After the last session: the letter is written and waits for the clinician.
        advanceTo(t.getLastSessionAt().plusSeconds(60));
        t = standingAt(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK);
        String letter = t.getLetter();
        assertThat(letter)
                .contains(client.getDisplayName())
                .contains("988")
                .contains("I recommend that you continue care")
                .contains("request a copy of your records");
        assertThat(referrals.referrals()).hasSizeGreaterThanOrEqualTo(3);
        referrals.referrals().forEach(r -> assertThat(letter).contains(r.name(), r.contact()));
        assertThat(t.getLetterWrittenConsent()).isTrue();
        assertThat(t.getLetterChannel()).isIn("PORTAL", "EMAIL");
        // The text is encrypted at rest and never in the engine.
        String stored = jdbc.queryForObject(
                "select letter_enc from termination where id = ?",
                String.class,
                t.getId().toString());
        assertThat(stored).doesNotContain(referrals.referrals().getFirst().name());
        assertThat(engineRecordsMentioning(client.getDisplayName())).isEmpty();
        assertThat(engineRecordsMentioning(referrals.referrals().getFirst().contact()))
                .isEmpty();

        complete(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK, Map.of("letterApproved", true));
        Termination sent = standingAt(t, ProcessIds.CONTACT_GRACE_TIMER);
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("CLOSING_LETTER_SENT"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails()).contains("\"letterApproved\":true"));
        OutboundNotification mailed = sent("closing-letter:" + t.getId());
        assertThat(mailed.getBody()).isEqualTo(letter);
        assertThat(mailed.getChannel().name()).isEqualTo(sent.getLetterChannel());
        assertThat(sent.getContactClosesAt()).isEqualTo(sent.getLetterSentAt().plus(Duration.ofDays(14)));
        assertThat(timerDueDates(t.getProcessInstanceKey(), ProcessIds.CONTACT_GRACE_TIMER))
                .containsExactly(sent.getContactClosesAt());
        // During the grace period contact is still open.
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);

        advanceTo(sent.getContactClosesAt().plusSeconds(60));
        eventually(() ->
                assertThat(instance(sent)).isCompleted().hasPassedElement(ProcessIds.TERMINATION_COMPLETED_EVENT));
        Termination done = rows.findById(t.getId()).orElseThrow();
        assertThat(done.getStatus()).isEqualTo(Status.COMPLETED);
        Client former = clients.findById(client.getId()).orElseThrow();
        assertThat(former.getStatus()).isEqualTo(ClientStatus.TERMINATED);
        // Retention: 7 years after the last service (the last session), shown in the client record.
        LocalDate retainUntil =
                t.getLastSessionAt().atZone(ZoneOffset.UTC).toLocalDate().plusYears(7);
        assertThat(former.getRetainUntil()).isEqualTo(retainUntil);
        assertThat(letter).contains("at least until " + retainUntil);
        Api.Response record = new Api(port).get("alex", "/api/clients/" + client.getId());
        assertThat(record.json().path("retainUntil").asText()).isEqualTo(retainUntil.toString());
        assertThat(record.json().path("status").asText()).isEqualTo("TERMINATED");
        assertThat(auditTypes(client))
                .containsSubsequence(
                        "TERMINATION_STARTED",
                        "TERMINATION_SAFETY_GATE",
                        "ENDING_DISCUSSION_SCHEDULED",
                        "ENDING_DISCUSSED",
                        "CLOSING_LETTER_GENERATED",
                        "CLOSING_LETTER_SENT",
                        "CONTACT_CLOSED",
                        "TERMINATION_COMPLETED");
        // The letter through the API, for the clinician only.
        Api.Response read = new Api(port).get("alex", "/api/terminations/" + t.getId() + "/letter");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("text").asText()).isEqualTo(letter);
        assertThat(new Api(port)
                        .get("blair", "/api/terminations/" + t.getId() + "/letter")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aDropOutFoundByTheDailyCheckGetsOneOutreachAndIsClosedOnTheClinicianDecision() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        // Thirty-one days without a message or a session.
        advance(Duration.ofDays(31));

        List<Termination> found = terminations.suspectDropOuts(List.of(client.getId()));
        assertThat(found).hasSize(1);
        // A second run the same day finds the ending under way and starts nothing.
        assertThat(terminations.suspectDropOuts(List.of(client.getId()))).isEmpty();

        Termination t = standingAt(found.getFirst(), ProcessIds.CONFIRM_DROP_OUT_TASK);
        assertThat(userTasks
                        .findOpenTask(t.getProcessInstanceKey(), ProcessIds.CONFIRM_DROP_OUT_TASK)
                        .orElseThrow()
                        .assignee())
                .isEqualTo("alex");
        // Nothing goes to the client before the clinician confirms.
        assertThat(outbox.findByIdempotencyKey("termination-outreach:" + t.getId()))
                .isEmpty();

        complete(t, ProcessIds.CONFIRM_DROP_OUT_TASK, Map.of("dropOutDecision", "CONFIRM"));
        t = standingAt(t, "OutreachReplyGateway");
        OutboundNotification outreach = sent("termination-outreach:" + t.getId());
        assertThat(outreach.getTemplateKey()).isEqualTo("termination.outreach");
        assertThat(outreach.getLanguage()).isEqualTo(client.getPreferredLanguage());
        assertThat(outreach.getChannel()).isEqualTo(Terminations.writtenChannel(client));
        assertThat(t.getOutreachReplyBy()).isEqualTo(t.getOutreachSentAt().plus(Duration.ofDays(10)));
        assertThat(timerDueDates(t.getProcessInstanceKey(), ProcessIds.OUTREACH_REPLY_WAIT_TIMER))
                .containsExactly(t.getOutreachReplyBy());

        advanceTo(t.getOutreachReplyBy().plusSeconds(60));
        standingAt(t, ProcessIds.DECIDE_CLOSE_OR_CONTINUE_TASK);
        complete(t, ProcessIds.DECIDE_CLOSE_OR_CONTINUE_TASK, Map.of("closeDecision", "CLOSE"));
        t = standingAt(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK);
        assertThat(t.getLetter()).contains("did not answer my message").contains("If you would like to continue care");
        complete(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK, Map.of("letterApproved", true));
        Termination sent = standingAt(t, ProcessIds.CONTACT_GRACE_TIMER);
        advanceTo(sent.getContactClosesAt().plusSeconds(60));
        Termination done = awaitTermination(t.getId(), x -> x.getStatus() == Status.COMPLETED);

        assertThat(done.getKind()).isEqualTo(Termination.Kind.UNPLANNED);
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.TERMINATED);
        assertThat(auditTypes(client))
                .containsSubsequence(
                        "DROP_OUT_SUSPECTED",
                        "DROP_OUT_CONFIRMED",
                        "TERMINATION_SAFETY_GATE",
                        "DROP_OUT_OUTREACH_SENT",
                        "DROP_OUT_DECIDED",
                        "CLOSING_LETTER_GENERATED",
                        "CLOSING_LETTER_SENT",
                        "CONTACT_CLOSED",
                        "TERMINATION_COMPLETED");
    }

    @Test
    void aReplyToTheOutreachStopsTheDropOutEnding() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Termination t = standingAt(terminations.dropOut(client, "alex"), "OutreachReplyGateway");
        sent("termination-outreach:" + t.getId());

        clientWrites(client, "Sorry I went quiet, things got busy. Can we find a time next week?");

        eventually(() -> assertThat(instance(t))
                .isCompleted()
                .hasPassedElement("ClientBackInContactEvent")
                .hasPassedElement(ProcessIds.TERMINATION_STOPPED_EVENT)
                .hasNotPassedElement(ProcessIds.DECIDE_CLOSE_OR_CONTINUE_TASK));
        Termination stopped = rows.findById(t.getId()).orElseThrow();
        assertThat(stopped.getStatus()).isEqualTo(Status.STOPPED);
        assertThat(stopped.getStopReason()).isEqualTo(StopReason.CLIENT_BACK_IN_CONTACT);
        assertThat(openTimers(t.getProcessInstanceKey())).isZero();
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);
        assertThat(auditTypes(client)).contains("TERMINATION_STOPPED");
        // A new ending may be started later.
        Termination again = standingAt(terminations.dropOut(client, "alex"), "OutreachReplyGateway");
        assertThat(again.getId()).isNotEqualTo(t.getId());
    }

    @Test
    void aHighRiskSpanishSpeakingClientsDropOutIsReviewedFirstAndTheOutreachGoesOutOnceInSpanish() {
        Client client = demoClient("blair", ClientStatus.ACTIVE);
        assertThat(client.getPreferredLanguage()).isEqualTo("es");

        Termination t = standingAt(terminations.dropOut(client, "blair"), ProcessIds.REVIEW_TERMINATION_SAFETY_TASK);
        assertThat(t.getSafetyGateReason()).isEqualTo("HIGH_RISK");
        complete(t, ProcessIds.REVIEW_TERMINATION_SAFETY_TASK, Map.of("safetyReviewDecision", "PROCEED"));
        t = standingAt(t, "OutreachReplyGateway");
        OutboundNotification outreach = sent("termination-outreach:" + t.getId());
        assertThat(outreach.getLanguage()).isEqualTo("es");
        assertThat(outreach.getBody()).startsWith("Hola").contains("988");

        // The engine delivers the job again: nothing is sent twice, the stored reply-by stands.
        var again = sendOutreachWorker.send(t.getId().toString(), "P3D");
        assertThat(again.outreachReplyBy()).isEqualTo(t.getOutreachReplyBy().toString());
        assertThat(outbox.findByClientIdOrderByCreatedAtAsc(client.getId()))
                .filteredOn(n -> n.getTemplateKey().equals("termination.outreach"))
                .hasSize(1);
        assertThat(auditTypes(client).stream().filter("DROP_OUT_OUTREACH_SENT"::equals))
                .hasSize(1);

        clientWrites(client, "Hola, perdón por no responder. ¿Podemos vernos la próxima semana?");
        Termination stopped = awaitTermination(t.getId(), x -> x.getStatus() == Status.STOPPED);
        assertThat(stopped.getStopReason()).isEqualTo(StopReason.CLIENT_BACK_IN_CONTACT);
    }

    @Test
    void aClientWhoWritesWhileTheSupervisorReviewsTheDropOutGetsNoOutreachAndTheEndingStops() {
        Client client = demoClient("blair", ClientStatus.ACTIVE);
        Termination t = standingAt(terminations.dropOut(client, "blair"), ProcessIds.REVIEW_TERMINATION_SAFETY_TASK);

        // Nothing listens for the client during the review; the outreach step reads the database.
        UUID wrote =
                clientWrites(client, "Hola, quisiera reservar una cita para el martes por la" + " tarde. Gracias.");
        assertThat(awaitMessage(wrote, m -> m.getCategory() != null).getCategory())
                .isNotEqualTo("CRISIS"); // a crisis would hold the ending at the review instead
        complete(t, ProcessIds.REVIEW_TERMINATION_SAFETY_TASK, Map.of("safetyReviewDecision", "PROCEED"));

        eventually(() -> assertThat(instance(t))
                .isCompleted()
                .hasPassedElement(ProcessIds.SEND_DROP_OUT_OUTREACH_TASK)
                .hasPassedElement(ProcessIds.TERMINATION_STOPPED_EVENT)
                .hasNotPassedElement("OutreachReplyGateway"));
        assertThat(rows.findById(t.getId()).orElseThrow().getStopReason()).isEqualTo(StopReason.CLIENT_BACK_IN_CONTACT);
        assertThat(outbox.findByIdempotencyKey("termination-outreach:" + t.getId()))
                .isEmpty();
        assertThat(auditTypes(client)).contains("DROP_OUT_CONTACT_MEANWHILE");
    }

    @Autowired
    SendDropOutOutreachWorker sendOutreachWorker;

    @Test
    void aBookedSessionStopsTheEndingWhileTheClinicianIsAskedToConfirm() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        advance(Duration.ofDays(31));
        Termination t = standingAt(
                terminations.suspectDropOuts(List.of(client.getId())).getFirst(), ProcessIds.CONFIRM_DROP_OUT_TASK);

        Api.Response booked = new Api(port)
                .post(
                        "casey",
                        "/api/clients/" + client.getId() + "/sessions",
                        "{\"sessionAt\":\"" + clock.instant().plus(Duration.ofDays(3)) + "\"}");
        assertThat(booked.status()).isEqualTo(201);

        eventually(() -> assertThat(instance(t))
                .isCompleted()
                .hasPassedElement("BackInContactBeforeConfirmationEvent")
                .hasPassedElement(ProcessIds.TERMINATION_STOPPED_EVENT));
        assertThat(rows.findById(t.getId()).orElseThrow().getStopReason()).isEqualTo(StopReason.SESSION_BOOKED);
        assertThat(userTasks.findOpenTask(t.getProcessInstanceKey(), ProcessIds.CONFIRM_DROP_OUT_TASK))
                .isEmpty();
        // The booked session counts as contact: the daily check does not ask again.
        assertThat(terminations.suspectDropOuts(List.of(client.getId()))).isEmpty();
    }

    @Test
    void theSafetyGateHoldsAnEndingDuringACrisisAndTheSupervisorStopsIt() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        UUID crisis = clientWrites(client, "I can't do this anymore. I have my pills saved up for tonight.");
        awaitMessage(crisis, m -> "CRISIS".equals(m.getCategory()));

        Termination t = standingAt(
                terminations.planned(client, today(client).plusDays(40), Termination.Reason.CLIENT_CHOICE, "alex"),
                ProcessIds.REVIEW_TERMINATION_SAFETY_TASK);
        assertThat(t.getSafetyGate()).isEqualTo("SUPERVISOR_REVIEW");
        assertThat(t.getSafetyGateReason()).isEqualTo("CRISIS_OPEN");
        assertThat(userTasks
                        .findOpenTask(t.getProcessInstanceKey(), ProcessIds.REVIEW_TERMINATION_SAFETY_TASK)
                        .orElseThrow()
                        .assignee())
                .isEqualTo("sam");

        // "Proceed" while the crisis is open: nothing terminates; the review is asked again.
        complete(t, ProcessIds.REVIEW_TERMINATION_SAFETY_TASK, Map.of("safetyReviewDecision", "PROCEED"));
        eventually(() -> assertThat(auditTypes(client)).contains("TERMINATION_HELD_CRISIS_OPEN"));
        eventually(() -> assertThat(instance(t))
                .isWaitingAtElements(ProcessIds.REVIEW_TERMINATION_SAFETY_TASK)
                .hasNotPassedElement(ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK));

        complete(t, ProcessIds.REVIEW_TERMINATION_SAFETY_TASK, Map.of("safetyReviewDecision", "STOP"));
        eventually(() -> assertThat(instance(t)).isCompleted().hasPassedElement(ProcessIds.TERMINATION_STOPPED_EVENT));
        Termination stopped = rows.findById(t.getId()).orElseThrow();
        assertThat(stopped.getStopReason()).isEqualTo(StopReason.SUPERVISOR_STOPPED);
        assertThat(stopped.getSafetyReviewDecision()).isEqualTo("STOP");
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);
        assertThat(auditTypes(client))
                .containsSubsequence(
                        "TERMINATION_SAFETY_GATE",
                        "TERMINATION_HELD_CRISIS_OPEN",
                        "TERMINATION_SAFETY_REVIEWED",
                        "TERMINATION_STOPPED");
    }

    @Test
    void closingContactEndsEveryOtherInstanceOfTheClientThroughTheEngineAndReconciliationLeavesThemEnded() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        // Check-ins running (high risk) ...
        RiskEpisode episode = checkins.raise(
                client, RiskEpisode.CssrsLevel.MODERATE, "Passive ideation disclosed " + UUID.randomUUID(), "alex");
        RiskEpisode raised = Awaitility.await()
                .atMost(WAIT)
                .until(() -> episodes.findById(episode.getId()).orElseThrow(), e -> e.getProcessInstanceKey() != null);
        // ... an answer task with its reminder and SLA timers ...
        UUID question =
                clientWrites(client, "Rough week with my sister again. Could you give me some advice before Thursday?");
        Message waiting = awaitMessage(
                question, m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE && m.getProcessInstanceKey() != null);
        // ... and consent reminders (a re-consent request).
        ConsentRequest request = consentRequests.open(
                clients.findById(client.getId()).orElseThrow(),
                policies.effectiveFor(client),
                ConsentRequest.Kind.RECONSENT,
                "casey");
        ConsentRequest published = Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> consentRows.findById(request.getId()).orElseThrow(),
                        r -> r.getProcessInstanceKey() != null);

        // High risk and check-ins running: the supervisor reviews first and lets it go ahead.
        Termination t = standingAt(
                terminations.planned(
                        clients.findById(client.getId()).orElseThrow(),
                        today(client),
                        Termination.Reason.REFERRED_ELSEWHERE,
                        "alex"),
                ProcessIds.REVIEW_TERMINATION_SAFETY_TASK);
        assertThat(t.getSafetyGateReason()).isEqualTo("HIGH_RISK");
        complete(t, ProcessIds.REVIEW_TERMINATION_SAFETY_TASK, Map.of("safetyReviewDecision", "PROCEED"));
        // The last session is today: less notice than the practice gives, so the task is due now.
        t = standingAt(t, ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        assertThat(t.getDiscussDueAt())
                .isBefore(t.getLastSessionAt())
                .isAfter(t.getLastSessionAt().minus(Duration.ofDays(30)));
        complete(
                t,
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK,
                Map.of("endingDiscussed", true, "furtherCareAdvised", true));
        standingAt(t, ProcessIds.LAST_SESSION_TIMER);
        advanceTo(t.getLastSessionAt().plusSeconds(60));
        standingAt(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK);
        complete(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK, Map.of("letterApproved", true));
        Termination sent = standingAt(t, ProcessIds.CONTACT_GRACE_TIMER);
        // Until contact closes, everything else goes on.
        assertThat(new InspectedProcessInstance(raised.getProcessInstanceKey())).isActive();
        assertThat(new InspectedProcessInstance(waiting.getProcessInstanceKey()))
                .isActive();
        assertThat(new InspectedProcessInstance(published.getProcessInstanceKey()))
                .isActive();

        advanceTo(sent.getContactClosesAt().plusSeconds(60));
        Termination done = awaitTermination(t.getId(), x -> x.getStatus() == Status.COMPLETED);
        assertThat(instance(done))
                .hasPassedElementsInOrder(
                        ProcessIds.CLOSE_CONTACT_TASK,
                        "EndSafetyCheckinsTask",
                        "WithdrawConsentRequestTask",
                        "CloseOpenMessagesTask",
                        "CompleteTerminationTask");

        // Check-ins: ended by message, the episode ended for termination.
        eventually(() -> assertThat(new InspectedProcessInstance(raised.getProcessInstanceKey()))
                .isCompleted()
                .hasPassedElement(ProcessIds.CHECKINS_ENDED_EVENT));
        assertThat(episodes.findById(episode.getId()).orElseThrow().getEndReason())
                .isEqualTo(RiskEpisode.EndReason.TERMINATED);
        // The answer task and its SLA timers: cancelled, the message closed with a reason.
        Message closed = messages.findById(question).orElseThrow();
        assertThat(closed.getStatus()).isEqualTo(MessageStatus.CLOSED);
        assertThat(new InspectedProcessInstance(waiting.getProcessInstanceKey()))
                .isTerminated();
        assertThat(openTimers(waiting.getProcessInstanceKey())).isZero();
        assertThat(audit.eventsFor("MESSAGE", question))
                .extracting(AuditEvent::getEventType)
                .contains("MESSAGE_CLOSED_WITHOUT_ANSWER");
        // Consent reminders: the instance cancelled, the request withdrawn.
        assertThat(consentRows.findById(request.getId()).orElseThrow().getStatus())
                .isEqualTo(ConsentRequest.Status.WITHDRAWN);
        assertThat(new InspectedProcessInstance(published.getProcessInstanceKey()))
                .isTerminated();
        assertThat(openTimers(published.getProcessInstanceKey())).isZero();
        assertThat(openTimers(raised.getProcessInstanceKey())).isZero();

        // Reconciliation finds none of them open: nothing is revived.
        assertThat(reconciliation.reconcileMessages(List.of(question)).open()).isZero();
        assertThat(reconciliation
                        .reconcileConsentRequests(List.of(request.getId()))
                        .open())
                .isZero();
        assertThat(reconciliation.reconcileTerminations(List.of(t.getId())).open())
                .isZero();
        assertThat(messages.findById(question).orElseThrow().getProcessInstanceKey())
                .isEqualTo(waiting.getProcessInstanceKey());
        assertThat(auditTypes(client)).doesNotContain("ENGINE_INSTANCE_RESTORED");
        assertThat(audit.eventsFor("MESSAGE", question))
                .extracting(AuditEvent::getEventType)
                .doesNotContain("ENGINE_INSTANCE_RESTORED");
    }

    @Test
    void contactDoesNotCloseWhileACrisisIsOpenAndClosesOnceItIsAcknowledged() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Termination t = standingAt(
                terminations.planned(client, today(client), Termination.Reason.CLIENT_CHOICE, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        complete(
                t,
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK,
                Map.of("endingDiscussed", true, "furtherCareAdvised", true));
        standingAt(t, ProcessIds.LAST_SESSION_TIMER);
        advanceTo(t.getLastSessionAt().plusSeconds(60));
        complete(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK, Map.of("letterApproved", true));
        Termination grace = standingAt(t, ProcessIds.CONTACT_GRACE_TIMER);

        // A crisis during the grace period: it does not stop a planned ending, but holds its closing.
        UUID crisis = clientWrites(client, "I can't do this anymore. I have my pills saved up for tonight.");
        awaitMessage(crisis, m -> "CRISIS".equals(m.getCategory()));
        advanceTo(grace.getContactClosesAt().plusSeconds(60));

        Termination held =
                awaitTermination(t.getId(), x -> x.getContactClosesAt().isAfter(grace.getContactClosesAt()));
        assertThat(held.getContactClosesAt()).isAfter(grace.getContactClosesAt().plus(Duration.ofHours(23)));
        eventually(() -> assertThat(instance(held)).isWaitingAtElements(ProcessIds.CONTACT_GRACE_TIMER));
        assertThat(timerDueDates(held.getProcessInstanceKey(), ProcessIds.CONTACT_GRACE_TIMER))
                .containsExactly(grace.getContactClosesAt(), held.getContactClosesAt());
        assertThat(held.getContactClosedAt()).isNull();
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);
        assertThat(auditTypes(client)).contains("TERMINATION_HELD_CRISIS_OPEN");

        // Acknowledged: at the next look, contact closes. The fortnight the clock moved fired the
        // crisis escalation too; while it hands the task on, the task is briefly not open (409, "try
        // again in a moment"), so the acknowledgement is tried again as a clinician would.
        eventually(() -> {
            Api.Response ack = new Api(port)
                    .post(
                            "alex",
                            "/api/messages/" + crisis + "/crisis-acknowledgement",
                            "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,"
                                    + "\"nextStep\":\"SAFETY_PLAN_REVIEWED\"}");
            assertThat(ack.status()).as(ack.body()).isBetween(200, 202);
        });
        advanceTo(held.getContactClosesAt().plusSeconds(60));
        Termination done = awaitTermination(t.getId(), x -> x.getStatus() == Status.COMPLETED);
        assertThat(done.getContactClosedAt()).isAfterOrEqualTo(held.getContactClosesAt());
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.TERMINATED);
    }

    @Test
    void afterClosureACrisisIsStillScreenedAndAlertsTheFormerClinicianAndOtherMessagesGetReferrals() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        endTreatment(client);
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.TERMINATED);

        // A routine message: closed, answered with the practice's referrals.
        UUID routine = clientWrites(client, "Hi, just wanted to say things are going well, thanks.");
        Message closed = awaitMessage(routine, m -> m.getStatus() == MessageStatus.CLOSED);
        assertThat(closed.getRoute()).isEqualTo("CLOSED");
        Message reply = Awaitility.await()
                .atMost(WAIT)
                .until(() -> messages.findByInReplyToIdOrderByCreatedAtAsc(routine), l -> !l.isEmpty())
                .getFirst();
        assertThat(reply.getTemplateKey()).isEqualTo("closed.referrals");
        referrals.referrals().forEach(r -> assertThat(reply.getBody()).contains(r.name()));
        assertThat(reply.getBody()).contains("988");

        // A crisis: still screened, resources sent, and the former clinician alerted.
        UUID crisis = clientWrites(client, "I can't do this anymore. I have my pills saved up for tonight.");
        awaitMessage(crisis, m -> "CRISIS".equals(m.getCategory()));
        StaffAlert alert = Awaitility.await()
                .atMost(WAIT)
                .until(() -> alerts.findByMessageIdAndLevel(crisis, "CLINICIAN"), Optional::isPresent)
                .orElseThrow();
        assertThat(alert.getRecipient()).isEqualTo("alex");
        eventually(() -> assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(crisis))
                .extracting(Message::getTemplateKey)
                .contains("crisis.resources"));
        eventually(() -> assertThat(userTasks.findOpenTask(
                        messages.findById(crisis).orElseThrow().getProcessInstanceKey(),
                        ProcessIds.ACKNOWLEDGE_CRISIS_TASK))
                .hasValueSatisfying(task -> assertThat(task.assignee()).isEqualTo("alex")));
    }

    @Test
    void aFormerClientsCrisisAlertsTheSupervisorWhenTheClinicianHasLeft() {
        UUID practice = clinicians.findByUsername("alex").orElseThrow().getPracticeId();
        StaffMember member = staffMembers.save(new StaffMember(
                practice,
                "leaving-" + UUID.randomUUID().toString().substring(0, 8),
                "Dr. Leaving",
                StaffRole.CLINICIAN));
        Clinician clinician =
                new Clinician(practice, member, ZoneId.of("America/New_York"), "leaving@test.example", null);
        clinician.addOfficeHours(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(17, 0));
        // A colleague covers, as the practice's policy may require of every clinician.
        clinician.setBackupClinicianId(
                clinicians.findByUsername("blair").orElseThrow().getId());
        clinician = clinicians.save(clinician);
        Client client =
                new Client(practice, clinician.getId(), "Former client " + UUID.randomUUID(), Channel.PORTAL, "en");
        client.activate();
        client.terminate();
        clients.save(client);
        member.left(clock.instant());
        staffMembers.save(member);

        UUID crisis = clientWrites(client, "I can't do this anymore. I have my pills saved up for tonight.");

        StaffAlert alert = Awaitility.await()
                .atMost(WAIT)
                .until(() -> alerts.findByMessageIdAndLevel(crisis, "CLINICIAN"), Optional::isPresent)
                .orElseThrow();
        assertThat(alert.getRecipient()).isEqualTo("sam");
        eventually(() -> assertThat(userTasks.findOpenTask(
                        messages.findById(crisis).orElseThrow().getProcessInstanceKey(),
                        ProcessIds.ACKNOWLEDGE_CRISIS_TASK))
                .hasValueSatisfying(task -> assertThat(task.assignee()).isEqualTo("sam")));
    }

    @Test
    void aReturningFormerClientIsReopenedAndGoesThroughIntakeConsentAgain() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        // Only a former client can be re-opened.
        assertThat(new Api(port)
                        .post("alex", "/api/clients/" + client.getId() + "/reopen", "{}")
                        .status())
                .isEqualTo(409);
        Termination ended = endTreatment(client);

        Api.Response reopened = new Api(port).post("casey", "/api/clients/" + client.getId() + "/reopen", "{}");

        assertThat(reopened.status()).isEqualTo(200);
        assertThat(reopened.json().path("status").asText()).isEqualTo("INTAKE");
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.INTAKE);
        ConsentRequest request = consentRequests.openRequestOf(client.getId()).orElseThrow();
        assertThat(request.getKind()).isEqualTo(ConsentRequest.Kind.INTAKE);
        assertThat(request.getPolicyVersion())
                .isEqualTo(policies.effectiveFor(client).getVersion());
        ConsentRequest started = Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> consentRows.findById(request.getId()).orElseThrow(),
                        r -> r.getProcessInstanceKey() != null);
        eventually(() -> assertThat(new InspectedProcessInstance(started.getProcessInstanceKey()))
                .isActive()
                .hasPassedElement(ProcessIds.SEND_POLICY_TO_CLIENT_TASK));
        assertThat(auditTypes(client))
                .containsSubsequence("TERMINATION_COMPLETED", "CLIENT_REOPENED", "CONSENT_REQUESTED");
        // The record of the earlier ending stays; nothing was deleted.
        assertThat(rows.findById(ended.getId()).orElseThrow().getLetter()).isNotBlank();
        consentRequests.withdrawForClient(client.getId(), "test");
    }

    @Test
    void aLostInstanceIsRebuiltInTheGracePeriodWithItsStoredClosingTime() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Termination t = standingAt(terminations.dropOut(client, "alex"), "OutreachReplyGateway");
        advanceTo(t.getOutreachReplyBy().plusSeconds(60));
        complete(t, ProcessIds.DECIDE_CLOSE_OR_CONTINUE_TASK, Map.of("closeDecision", "CLOSE"));
        standingAt(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK);
        complete(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK, Map.of("letterApproved", true));
        Termination grace = standingAt(t, ProcessIds.CONTACT_GRACE_TIMER);
        long lost = grace.getProcessInstanceKey();

        // The instance is lost (cancelled, as an engine restart or Operate would).
        engineClient().newCancelInstanceCommand(lost).send().join();
        eventually(() -> assertThat(new InspectedProcessInstance(lost)).isTerminated());
        Reconciliation.Outcome outcome = reconciliation.reconcileTerminations(List.of(t.getId()));

        assertThat(outcome.redriven()).isEqualTo(1);
        Termination rebuilt = rows.findById(t.getId()).orElseThrow();
        assertThat(rebuilt.getProcessInstanceKey()).isNotEqualTo(lost);
        eventually(() -> assertThat(new InspectedProcessInstance(rebuilt.getProcessInstanceKey()))
                .isWaitingAtElements(ProcessIds.CONTACT_GRACE_TIMER));
        assertThat(timerDueDates(rebuilt.getProcessInstanceKey(), ProcessIds.CONTACT_GRACE_TIMER))
                .containsExactly(grace.getContactClosesAt());
        // Run again: the new instance is live, nothing more is started.
        assertThat(reconciliation.reconcileTerminations(List.of(t.getId())).redriven())
                .isZero();

        advanceTo(grace.getContactClosesAt().plusSeconds(60));
        awaitTermination(t.getId(), x -> x.getStatus() == Status.COMPLETED);
        // The letter went out once.
        assertThat(outbox.findByClientIdOrderByCreatedAtAsc(client.getId()))
                .filteredOn(n -> n.getTemplateKey().equals("termination.closing-letter"))
                .hasSize(1);
        assertThat(auditTypes(client).stream().filter("CLOSING_LETTER_SENT"::equals))
                .hasSize(1);
    }

    // ---- Retention for minors, the edited closing letter, cancelling an ending ----

    @Test
    void aMinorsRecordIsKeptUntilThreeYearsAfterComingOfAgeWhenThatIsLater() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        // Ten years old: of age in eight years, so 18 + 3 lies beyond the last session + 7.
        LocalDate dateOfBirth = LocalDate.of(today(client).getYear() - 10, 3, 15);
        Api api = new Api(port);
        Api.Response recorded = api.send(
                "casey",
                "PUT",
                "/api/clients/" + client.getId() + "/date-of-birth",
                "application/json",
                ("{\"dateOfBirth\":\"" + dateOfBirth + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        assertThat(recorded.json().path("dateOfBirthRecorded").asBoolean()).isTrue();
        assertThat(recorded.body()).doesNotContain(dateOfBirth.toString());
        // Encrypted at rest, not in the audit trail.
        assertThat(jdbc.queryForObject(
                        "select date_of_birth_enc from client where id = ?",
                        String.class,
                        client.getId().toString()))
                .isNotBlank()
                .doesNotContain(dateOfBirth.toString());
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("DATE_OF_BIRTH_RECORDED"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails()).doesNotContain(dateOfBirth.toString()));

        Termination done = endTreatment(clients.findById(client.getId()).orElseThrow());

        LocalDate adultRule =
                done.getLastSessionAt().atZone(ZoneOffset.UTC).toLocalDate().plusYears(7);
        LocalDate minorRule = dateOfBirth.plusYears(18 + 3);
        assertThat(minorRule).isAfter(adultRule);
        assertThat(done.getRetainUntil()).isEqualTo(minorRule);
        assertThat(clients.findById(client.getId()).orElseThrow().getRetainUntil())
                .isEqualTo(minorRule);
        assertThat(done.getLetter()).contains("at least until " + minorRule);
        Api.Response record = api.get("alex", "/api/clients/" + client.getId());
        assertThat(record.json().path("retainUntil").asText()).isEqualTo(minorRule.toString());
        assertThat(record.json().path("dateOfBirthRecorded").asBoolean()).isTrue();
        assertThat(record.body()).doesNotContain(dateOfBirth.toString());
        assertThat(engineRecordsMentioning(dateOfBirth.toString())).isEmpty();
        // Past the point of no return: contact has closed, there is nothing to cancel.
        Api.Response late = api.post(
                "alex",
                "/api/clients/" + client.getId() + "/termination/cancellation",
                "{\"reason\":\"CLINICAL_JUDGEMENT\"}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(rows.findById(done.getId()).orElseThrow().getStatus()).isEqualTo(Status.COMPLETED);
    }

    private static String without(String letter, Predicate<String> line) {
        return letter.lines().filter(line.negate()).collect(Collectors.joining("\n"));
    }

    @Test
    void theClinicianEditsTheClosingLetterAndTheLatestVersionIsTheOneSent() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Termination t = standingAt(
                terminations.planned(client, today(client), Termination.Reason.CLIENT_CHOICE, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        complete(
                t,
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK,
                Map.of("endingDiscussed", true, "furtherCareAdvised", true));
        standingAt(t, ProcessIds.LAST_SESSION_TIMER);
        advanceTo(t.getLastSessionAt().plusSeconds(60));
        t = standingAt(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK);
        Api api = new Api(port);
        String path = "/api/terminations/" + t.getId() + "/letter";
        Api.Response read = api.get("alex", path);
        assertThat(read.json().path("version").asInt()).isEqualTo(1);
        assertThat(read.json().path("versions")).hasSize(1);
        String generated = read.json().path("text").asText();
        String practiceContact = generated.substring(
                generated.indexOf("practice office (") + "practice office (".length(),
                generated.indexOf(")", generated.indexOf("practice office (")));

        // Every required element, taken out one at a time: 422 naming it, nothing stored.
        Map<String, String> broken = Map.of(
                "referrals",
                without(generated, l -> referrals.referrals().stream().anyMatch(r -> l.contains(r.contact()))),
                "crisis resources",
                without(generated, l -> l.contains("988") || l.contains("Emergency services")),
                "records request",
                without(generated, l -> l.contains(practiceContact)),
                "end of contact statement",
                without(generated, l -> l.startsWith("Between-session contact ends on")));
        broken.forEach((element, text) -> {
            Api.Response refused = api.send(
                    "alex",
                    "PUT",
                    path,
                    "application/json",
                    Api.json(Map.of("text", text)).getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).as(element).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).as(element).contains(element).contains("text");
        });
        Api.Response avoided = api.send(
                "alex",
                "PUT",
                path,
                "application/json",
                Api.json(Map.of("text", generated + "\nI am too busy to continue."))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(avoided.status()).isEqualTo(422);
        assertThat(avoided.body()).contains("too busy");
        assertThat(api.send(
                                "blair",
                                "PUT",
                                path,
                                "application/json",
                                Api.json(Map.of("text", generated)).getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(403);
        assertThat(api.get("alex", path).json().path("version").asInt()).isEqualTo(1);

        String marker = "It was a privilege to work with you " + UUID.randomUUID() + ".";
        String edited = generated.replace("Thank you for the work you have done.", "Thank you. " + marker);
        assertThat(edited).isNotEqualTo(generated);
        Api.Response saved = api.send(
                "alex",
                "PUT",
                path,
                "application/json",
                Api.json(Map.of("text", edited, "baseVersion", 1)).getBytes(StandardCharsets.UTF_8));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().path("version").asInt()).isEqualTo(2);
        assertThat(saved.json().path("text").asText()).isEqualTo(edited);
        assertThat(saved.json().path("versions").get(1).path("writtenBy").asText())
                .isEqualTo("alex");
        // Someone editing version 1 meanwhile: 409, not a lost edit.
        Api.Response stale = api.send(
                "sam",
                "PUT",
                path,
                "application/json",
                Api.json(Map.of("text", generated, "baseVersion", 1)).getBytes(StandardCharsets.UTF_8));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        // Encrypted at rest, never in the engine or the audit trail.
        assertThat(jdbc.queryForObject(
                        "select text_enc from termination_letter_version where termination_id = ? and version = 2",
                        String.class,
                        t.getId().toString()))
                .doesNotContain(marker);
        assertThat(engineRecordsMentioning(marker)).isEmpty();
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("CLOSING_LETTER_EDITED"))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getDetails()).contains("\"version\":2").doesNotContain(marker));

        complete(t, ProcessIds.REVIEW_CLOSING_LETTER_TASK, Map.of("letterApproved", true));
        Termination sent = standingAt(t, ProcessIds.CONTACT_GRACE_TIMER);
        assertThat(sent("closing-letter:" + t.getId()).getBody()).isEqualTo(edited);
        assertThat(sent.getLetterSentVersion()).isEqualTo(2);
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("CLOSING_LETTER_SENT"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails()).contains("\"letterVersion\":2"));
        // Sent: no more edits.
        Api.Response afterSending = api.send(
                "alex",
                "PUT",
                path,
                "application/json",
                Api.json(Map.of("text", edited + "\nP.S.")).getBytes(StandardCharsets.UTF_8));
        assertThat(afterSending.status()).isEqualTo(409);
    }

    @Test
    void aCancelledEndingEndsThroughTheEngineTheClientStaysActiveAndNothingElseStops() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        UUID question =
                clientWrites(client, "Rough week with my sister again. Could you give me some advice before Thursday?");
        Message waiting = awaitMessage(
                question, m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE && m.getProcessInstanceKey() != null);
        Termination t = standingAt(
                terminations.planned(client, today(client).plusDays(40), Termination.Reason.GOALS_MET, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        long key = t.getProcessInstanceKey();
        Api api = new Api(port);
        String path = "/api/clients/" + client.getId() + "/termination/cancellation";

        assertThat(api.post("blair", path, "{\"reason\":\"CLINICAL_JUDGEMENT\"}")
                        .status())
                .isEqualTo(403);
        Api.Response noNote = api.post("alex", path, "{\"reason\":\"OTHER\"}");
        assertThat(noNote.status()).isEqualTo(422);
        assertThat(noNote.body()).contains("note");
        Api.Response noReason = api.post("alex", path, "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        assertThat(rows.findById(t.getId()).orElseThrow().isOpen()).isTrue();

        String note = "Client asked to keep going with new goals " + UUID.randomUUID();
        Api.Response cancelled =
                api.post("alex", path, Api.json(Map.of("reason", "CLIENT_WANTS_TO_CONTINUE", "note", note)));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("STOPPED");
        assertThat(cancelled.json().path("stopReason").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("cancelReason").asText()).isEqualTo("CLIENT_WANTS_TO_CONTINUE");
        assertThat(cancelled.json().path("stoppedBy").asText()).isEqualTo("alex");
        assertThat(cancelled.body()).doesNotContain(note);

        // The instance ends through the engine (its "Ending cancelled" event sub-process), task and
        // timers with it.
        eventually(() -> assertThat(new InspectedProcessInstance(key))
                .isCompleted()
                .hasPassedElement(ProcessIds.ENDING_CANCELLED_EVENT)
                .hasNotPassedElement(ProcessIds.STOP_TERMINATION_TASK));
        assertThat(userTasks.findOpenTask(key, ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK))
                .isEmpty();
        assertThat(openTimers(key)).isZero();
        assertThat(incidents(key)).isEmpty();
        Termination stopped = rows.findById(t.getId()).orElseThrow();
        assertThat(stopped.getCancelPublishedAt()).isNotNull();
        // The client stays in treatment; the open question and its SLA go on.
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);
        assertThat(messages.findById(question).orElseThrow().getStatus()).isEqualTo(MessageStatus.AWAITING_RESPONSE);
        assertThat(new InspectedProcessInstance(waiting.getProcessInstanceKey()))
                .isActive();
        // Audited with the reason; the note only encrypted in the record.
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("TERMINATION_CANCELLED"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("CLIENT_WANTS_TO_CONTINUE", "ENDING_DISCUSSION")
                        .doesNotContain(note));
        assertThat(jdbc.queryForObject(
                        "select cancel_note_enc from termination where id = ?",
                        String.class,
                        t.getId().toString()))
                .isNotBlank()
                .doesNotContain(note);
        assertThat(stopped.getCancelNote()).isEqualTo(note);
        assertThat(engineRecordsMentioning(note)).isEmpty();

        // Nothing left to cancel: 409.
        Api.Response again = api.post("sam", path, "{\"reason\":\"CLINICAL_JUDGEMENT\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        // Reconciliation does not revive it.
        assertThat(reconciliation.reconcileTerminations(List.of(t.getId())).open())
                .isZero();
        terminations.publishPending();
        assertThat(rows.findById(t.getId()).orElseThrow().getProcessInstanceKey())
                .isEqualTo(key);
        assertThat(rows.findById(t.getId()).orElseThrow().getStatus()).isEqualTo(Status.STOPPED);
        assertThat(auditTypes(client)).doesNotContain("TERMINATION_INSTANCE_LOST", "ENGINE_INSTANCE_RESTORED");

        // A later ending of the same client is not touched by the earlier cancellation.
        Termination next = standingAt(
                terminations.planned(client, today(client).plusDays(40), Termination.Reason.GOALS_MET, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        assertThat(next.isOpen()).isTrue();
        terminations.cancel(client, Termination.CancelReason.ENTERED_IN_ERROR, null, "alex");
        eventually(() -> assertThat(new InspectedProcessInstance(next.getProcessInstanceKey()))
                .isCompleted()
                .hasPassedElement(ProcessIds.ENDING_CANCELLED_EVENT));
    }

    @Test
    void aCancellationTheEngineDidNotTakeIsPublishedAgainByReconciliation() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Termination t = standingAt(
                terminations.planned(client, today(client).plusDays(40), Termination.Reason.GOALS_MET, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        // As if the engine had been unreachable at the moment of the cancellation: the row is stopped,
        // the instance still runs.
        jdbc.update(
                "update termination set status = 'STOPPED', stage = 'DONE', stop_reason = 'CANCELLED',"
                        + " cancel_reason = 'CLINICAL_JUDGEMENT', stopped_by = 'alex', stopped_at = ?,"
                        + " open_client_id = null where id = ?",
                Timestamp.from(clock.instant().minusSeconds(60)),
                t.getId().toString());
        assertThat(new InspectedProcessInstance(t.getProcessInstanceKey())).isActive();

        assertThat(terminations.publishPending()).isGreaterThanOrEqualTo(1);

        eventually(() -> assertThat(new InspectedProcessInstance(t.getProcessInstanceKey()))
                .isCompleted()
                .hasPassedElement(ProcessIds.ENDING_CANCELLED_EVENT));
        assertThat(rows.findById(t.getId()).orElseThrow().getCancelPublishedAt())
                .isNotNull();
        assertThat(clients.findById(client.getId()).orElseThrow().getStatus()).isEqualTo(ClientStatus.ACTIVE);

        // The same, but a later ending of the client started before the engine was back: the earlier
        // instance is cancelled by its key, and the later ending goes on.
        Client other = demoClient("alex", ClientStatus.ACTIVE);
        Termination earlier = standingAt(
                terminations.planned(other, today(other).plusDays(40), Termination.Reason.GOALS_MET, "alex"),
                ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        jdbc.update(
                "update termination set status = 'STOPPED', stage = 'DONE', stop_reason = 'CANCELLED',"
                        + " cancel_reason = 'ENTERED_IN_ERROR', stopped_by = 'alex', stopped_at = ?,"
                        + " open_client_id = null where id = ?",
                Timestamp.from(clock.instant().minusSeconds(60)),
                earlier.getId().toString());
        // The engine holds the later start message while an instance of the same client runs.
        Termination laterStarted =
                terminations.planned(other, today(other).plusDays(50), Termination.Reason.GOALS_MET, "alex");
        awaitTermination(laterStarted.getId(), x -> x.getPublishedAt() != null);

        terminations.publishPending();

        eventually(() -> assertThat(new InspectedProcessInstance(earlier.getProcessInstanceKey()))
                .isTerminated());
        assertThat(rows.findById(earlier.getId()).orElseThrow().getCancelPublishedAt())
                .isNotNull();
        Termination later = standingAt(laterStarted, ProcessIds.DISCUSS_ENDING_IN_SESSION_TASK);
        assertThat(later.isOpen()).isTrue();
        assertThat(later.getProcessInstanceKey()).isNotEqualTo(earlier.getProcessInstanceKey());
    }

    @Autowired
    CamundaClient camundaClient;

    private CamundaClient engineClient() {
        return camundaClient;
    }
}
