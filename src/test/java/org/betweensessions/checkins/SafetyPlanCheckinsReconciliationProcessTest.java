package org.betweensessions.checkins;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.Reconciliation;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.betweensessions.workspace.MyWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The engine loses a safety-plan-checkins instance (cancelled, as an operator in Operate would, or as
 * the in-memory engine's restart does); reconciliation (REDRIVE) rebuilds it from the database. Each
 * branch resumes where it stood with the stored absolute times: the safety-plan task only while the
 * review is not recorded, the risk review at its stored date, the open check-in at its stored due,
 * reply window, outreach and welfare times. A step due while the instance was gone happens once at
 * the rebuild; nothing done before is sent, audited or escalated again. Moves the engine clock: own
 * context.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SafetyPlanCheckinsReconciliationProcessTest extends EmbeddedStackTest {

    @Autowired
    MovableClock clock;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    CamundaClient camunda;

    @Autowired
    SafetyPlanCheckins checkins;

    @Autowired
    RiskEpisodeRepository episodes;

    @Autowired
    SafetyCheckinRepository checkinRows;

    @Autowired
    OutboundNotificationRepository outbox;

    @Autowired
    UserTasks userTasks;

    @Autowired
    AuditTrail audit;

    @Autowired
    CareTeam careTeam;

    @Autowired
    ClinicianCalendars calendars;

    @Autowired
    MessageService messageService;

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

    private RiskEpisode raised(Client client) {
        RiskEpisode raised = checkins.raise(
                client, CssrsLevel.HIGH, "Reconciliation test: plan disclosed " + UUID.randomUUID(), "alex");
        RiskEpisode episode = reload(raised);
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> reload(raised), e -> e.getProcessInstanceKey() != null && e.getRiskReviewDueAt() != null);
        episode = reload(raised);
        long key = episode.getProcessInstanceKey();
        eventually(() -> assertThat(new InspectedProcessInstance(key))
                .isWaitingAtElements(ProcessIds.REVIEW_SAFETY_PLAN_TASK, ProcessIds.CHECKIN_DUE_TIMER));
        return episode;
    }

    private RiskEpisode reload(RiskEpisode episode) {
        return episodes.findById(episode.getId()).orElseThrow();
    }

    private SafetyCheckin checkin(RiskEpisode episode, int number) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> checkinRows.findByEpisodeIdAndNumber(episode.getId(), number), Optional::isPresent)
                .orElseThrow();
    }

    private SafetyCheckin reload(SafetyCheckin checkin) {
        return checkinRows.findById(checkin.getId()).orElseThrow();
    }

    private OutboundNotification sent(String key) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> outbox.findByIdempotencyKey(key), Optional::isPresent)
                .orElseThrow();
    }

    private InspectedProcessInstance instance(long key) {
        assertThat(incidents(key)).as("incidents").isEmpty();
        return new InspectedProcessInstance(key);
    }

    /** The engine loses the instance. */
    private void lose(long processInstanceKey) {
        camunda.newCancelInstanceCommand(processInstanceKey).send().join();
        eventually(() ->
                assertThat(new InspectedProcessInstance(processInstanceKey)).isTerminated());
    }

    /** Reconciliation drives the episode again; a second run finds it alive. Returns the new key. */
    private long rebuilt(RiskEpisode episode, long lostKey) {
        Reconciliation.Outcome outcome = reconciliation.reconcileRiskEpisodes(List.of(episode.getId()));
        assertThat(outcome.lost()).isEqualTo(1);
        assertThat(outcome.redriven()).isEqualTo(1);
        long key = reload(episode).getProcessInstanceKey();
        assertThat(key).isNotEqualTo(lostKey);
        assertThat(reconciliation
                        .reconcileRiskEpisodes(List.of(episode.getId()))
                        .lost())
                .isZero();
        return key;
    }

    private List<String> auditTypes(Client client) {
        return audit.eventsFor("CLIENT", client.getId()).stream()
                .map(AuditEvent::getEventType)
                .toList();
    }

    private long count(Client client, String type) {
        return auditTypes(client).stream().filter(type::equals).count();
    }

    private long outboxCount(Client client, String template) {
        return outbox.findByClientIdOrderByCreatedAtAsc(client.getId()).stream()
                .filter(n -> n.getTemplateKey().equals(template))
                .count();
    }

    private Instant onCalendar(Client client, Instant t) {
        BusinessCalendar calendar =
                calendars.of(clinicians.findById(client.getClinicianId()).orElseThrow());
        return calendar.isOpen(t) ? t : calendar.nextOpening(t);
    }

    @Test
    void aLostInstanceWaitingForAReplyResumesAtItsStoredTimesAndSendsNothingTwice() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        long first = episode.getProcessInstanceKey();
        SafetyCheckin one = checkin(episode, 1);
        advanceTo(one.getDueAt().plusSeconds(30));
        sent("checkin:" + one.getId());
        eventually(() -> assertThat(instance(first)).isWaitingAtElements("CheckinReplyGateway"));
        SafetyCheckin stored = reload(one);

        lose(first);
        long second = rebuilt(episode, first);

        // Each branch where it stood, every timer at the stored time.
        eventually(() -> assertThat(instance(second))
                .isWaitingAtElements(ProcessIds.REVIEW_SAFETY_PLAN_TASK, "RiskReviewDueTimer", "CheckinReplyGateway"));
        assertThat(timerDueDates(second, "RiskReviewDueTimer")).containsExactly(millis(episode.getRiskReviewDueAt()));
        assertThat(timerDueDates(second, ProcessIds.CHECKIN_DUE_TIMER)).containsExactly(millis(stored.getDueAt()));
        assertThat(timerDueDates(second, ProcessIds.CHECKIN_REPLY_WINDOW_TIMER))
                .containsExactly(millis(stored.getReplyBy()));
        var task = userTasks
                .findOpenTask(second, ProcessIds.REVIEW_SAFETY_PLAN_TASK)
                .orElseThrow();
        assertThat(task.assignee()).isEqualTo(careTeam.responsibleFor(client.getClinicianId()));
        // Nothing twice: one check-in message, one CHECKIN_SENT, one restore; no second check-in.
        assertThat(outboxCount(client, "checkin.message")).isEqualTo(1);
        assertThat(count(client, "CHECKIN_SENT")).isEqualTo(1);
        assertThat(count(client, "ENGINE_INSTANCE_RESTORED")).isEqualTo(1);
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("ENGINE_INSTANCE_RESTORED")))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains(
                                "\"lostInstance\":\"" + first + "\"",
                                "\"instance\":\"" + second + "\"",
                                "\"stood\":\"CHECKIN_1_AWAITING_REPLY\""));
        assertThat(checkinRows.findByEpisodeIdAndNumber(episode.getId(), 2)).isEmpty();
        assertThat(reload(one).getSentAt()).isEqualTo(stored.getSentAt());

        // The rebuilt instance hears the client's reply, and the schedule goes on from the stored due.
        messageService.accept(new InboundMessageRequest(
                Channel.PORTAL,
                "rec-" + UUID.randomUUID(),
                client.getId(),
                null,
                "Got your message, doing okay today.",
                null));
        eventually(() -> assertThat(reload(one).getAnsweredAt()).isNotNull());
        SafetyCheckin two = checkin(episode, 2);
        assertThat(two.getDueAt()).isEqualTo(onCalendar(client, one.getDueAt().plus(Duration.ofDays(7))));
        eventually(() -> assertThat(instance(second))
                .isWaitingAtElements(
                        ProcessIds.REVIEW_SAFETY_PLAN_TASK, "RiskReviewDueTimer", ProcessIds.CHECKIN_DUE_TIMER));

        // Lost again while waiting for check-in 2: it keeps its stored due time, no check-in 3.
        lose(second);
        // (An instance this application started within bsc.reconcile.grace counts as alive.)
        advance(Duration.ofMinutes(3));
        long third = rebuilt(episode, second);
        eventually(() -> assertThat(instance(third))
                .isWaitingAtElements(
                        ProcessIds.REVIEW_SAFETY_PLAN_TASK, "RiskReviewDueTimer", ProcessIds.CHECKIN_DUE_TIMER));
        assertThat(timerDueDates(third, ProcessIds.CHECKIN_DUE_TIMER)).containsExactly(millis(two.getDueAt()));
        assertThat(checkinRows.findByEpisodeIdOrderByNumberAsc(episode.getId())).hasSize(2);
        advanceTo(two.getDueAt().plusSeconds(30));
        sent("checkin:" + two.getId());
        assertThat(outboxCount(client, "checkin.message")).isEqualTo(2);

        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(third)).isCompleted());
    }

    @Test
    void aLostInstanceInOutreachAndAtTheWelfareDecisionResumesWithoutRepeatingAnAttempt() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        long first = episode.getProcessInstanceKey();
        // The safety plan is reviewed: a rebuilt instance does not put the task back.
        userTasks.complete(
                userTasks
                        .findOpenTask(first, ProcessIds.REVIEW_SAFETY_PLAN_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("safetyPlanReviewedWithClient", true, "lethalMeansCounselled", true));
        eventually(() -> assertThat(reload(episode).getSafetyPlanReviewedAt()).isNotNull());
        SafetyCheckin one = checkin(episode, 1);
        advanceTo(one.getDueAt().plusSeconds(30));
        sent("checkin:" + one.getId());
        eventually(() -> assertThat(instance(first)).isWaitingAtElements("CheckinReplyGateway"));
        advance(Duration.ofHours(24).plusMinutes(1));
        sent("checkin-outreach:" + one.getId() + ":1");
        eventually(() -> assertThat(instance(first)).isWaitingAtElements("OutreachReplyGateway"));
        Instant secondAttemptAt = reload(one).getNextOutreachAt();

        // Lost; the second attempt falls due while it is gone.
        lose(first);
        advance(Duration.ofHours(4).plusMinutes(1));
        long second = rebuilt(episode, first);

        // The second attempt goes out once, at the rebuild; the first is not sent again.
        sent("checkin-outreach:" + one.getId() + ":2");
        eventually(
                () -> assertThat(instance(second)).isWaitingAtElements("RiskReviewDueTimer", "OutreachReplyGateway"));
        assertThat(userTasks.findOpenTask(second, ProcessIds.REVIEW_SAFETY_PLAN_TASK))
                .isEmpty();
        assertThat(timerDueDates(second, ProcessIds.CHECKIN_REPLY_WINDOW_TIMER))
                .containsExactly(millis(reload(one).getReplyBy()));
        assertThat(timerDueDates(second, "OutreachWaitTimer")).first().isEqualTo(millis(secondAttemptAt));
        assertThat(reload(one).getOutreachAttempts()).isEqualTo(2);
        assertThat(outboxCount(client, "checkin.outreach")).isEqualTo(2);
        assertThat(count(client, "CHECKIN_OUTREACH_ATTEMPT")).isEqualTo(2);
        assertThat(count(client, "CHECKIN_MISSED")).isEqualTo(1);
        assertThat(count(client, "SAFETY_PLAN_REVIEWED")).isEqualTo(1);

        // Third attempt, then the welfare decision with the clinician, then the covering clinician.
        advance(Duration.ofHours(4).plusMinutes(1));
        sent("checkin-outreach:" + one.getId() + ":3");
        eventually(
                () -> assertThat(instance(second)).isWaitingAtElements("RiskReviewDueTimer", "OutreachReplyGateway"));
        advance(Duration.ofHours(4).plusMinutes(1));
        eventually(() -> assertThat(instance(second))
                .isWaitingAtElements("RiskReviewDueTimer", ProcessIds.DECIDE_WELFARE_ACTION_TASK));
        advance(Duration.ofMinutes(61));
        eventually(() -> assertThat(reload(one).getWelfareLevel()).isEqualTo("COVERING"));
        eventually(() -> assertThat(userTasks.findOpenTask(second, ProcessIds.DECIDE_WELFARE_ACTION_TASK))
                .hasValueSatisfying(
                        t -> assertThat(t.assignee()).isEqualTo(reload(one).getWelfareAssignee())));
        SafetyCheckin atCovering = reload(one);

        // Lost at the covering level (a message from the client now does not close the decision).
        lose(second);
        messageService.accept(new InboundMessageRequest(
                Channel.PORTAL, "rec-" + UUID.randomUUID(), client.getId(), null, "sorry, phone was off", null));
        long third = rebuilt(episode, second);

        eventually(() -> assertThat(instance(third))
                .isWaitingAtElements("RiskReviewDueTimer", ProcessIds.DECIDE_WELFARE_ACTION_TASK));
        var task = userTasks
                .findOpenTask(third, ProcessIds.DECIDE_WELFARE_ACTION_TASK)
                .orElseThrow();
        assertThat(task.assignee()).isEqualTo(atCovering.getWelfareAssignee());
        assertThat(timerDueDates(third, ProcessIds.WELFARE_DECISION_NOT_ACKNOWLEDGED_TIMER))
                .containsExactly(millis(atCovering.getWelfareEscalateAt()));
        assertThat(reload(one).getWelfareLevel()).isEqualTo("COVERING");
        assertThat(reload(one).getAnsweredAt()).isNull();
        assertThat(outboxCount(client, "checkin.outreach")).isEqualTo(3);
        assertThat(count(client, "CHECKIN_OUTREACH_ATTEMPT")).isEqualTo(3);
        assertThat(count(client, "WELFARE_DECISION_REQUESTED")).isEqualTo(1);
        assertThat(count(client, "WELFARE_DECISION_ESCALATED")).isEqualTo(1);
        assertThat(count(client, "ENGINE_INSTANCE_RESTORED")).isEqualTo(2);

        // At the stored time it escalates to the supervisor, once.
        advanceTo(atCovering.getWelfareEscalateAt().plusSeconds(30));
        String supervisor = careTeam.supervisorOf(client.getPracticeId());
        eventually(() -> assertThat(reload(one).getWelfareLevel()).isEqualTo("SUPERVISOR"));
        eventually(() -> assertThat(userTasks.findOpenTask(third, ProcessIds.DECIDE_WELFARE_ACTION_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(supervisor)));
        assertThat(count(client, "WELFARE_DECISION_ESCALATED")).isEqualTo(2);

        userTasks.complete(
                userTasks
                        .findOpenTask(third, ProcessIds.DECIDE_WELFARE_ACTION_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("welfareOutcome", "REACHED_AND_SAFE"));
        eventually(() -> assertThat(reload(one).getWelfareOutcome()).isEqualTo("REACHED_AND_SAFE"));
        checkin(episode, 2);
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(third)).isCompleted());
    }

    @Autowired
    PostCrisisReviewRepository postCrisisReviews;

    @Test
    void anOpenPostCrisisReviewComesBackWithItsStoredDueDate() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        long first = episode.getProcessInstanceKey();
        var crisis = messageService
                .accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "rec-" + UUID.randomUUID(),
                        client.getId(),
                        null,
                        "I want to end my life tonight, I have the pills here.",
                        null))
                .message();
        PostCrisisReview review = Awaitility.await()
                .atMost(WAIT)
                .until(() -> postCrisisReviews.findByMessageId(crisis.getId()), Optional::isPresent)
                .orElseThrow();
        eventually(() -> assertThat(userTasks.findOpenTask(first, ProcessIds.POST_CRISIS_REVIEW_TASK))
                .isPresent());

        lose(first);
        advance(Duration.ofMinutes(3));
        long second = rebuilt(episode, first);

        eventually(() -> assertThat(userTasks.findOpenTask(second, ProcessIds.POST_CRISIS_REVIEW_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(review.getAssignee())));
        var task = StreamSupport.stream(
                        engine.getRecordStreamSource().getRecords().spliterator(), false)
                .filter(r -> r.getValueType() == ValueType.USER_TASK && r.getIntent() == UserTaskIntent.CREATED)
                .map(r -> (UserTaskRecordValue) r.getValue())
                .filter(t -> t.getProcessInstanceKey() == second
                        && t.getElementId().equals(ProcessIds.POST_CRISIS_REVIEW_TASK))
                .findFirst()
                .orElseThrow();
        assertThat(ZonedDateTime.parse(task.getDueDate()).toInstant()).isEqualTo(review.getDueAt());
        assertThat(postCrisisReviews
                        .findByMessageId(crisis.getId())
                        .orElseThrow()
                        .getDueAt())
                .isEqualTo(review.getDueAt());
        assertThat(count(client, "POST_CRISIS_REVIEW_REQUESTED")).isEqualTo(1);
        // The safety-plan task and the first check-in are back as well, once.
        assertThat(userTasks.findOpenTask(second, ProcessIds.REVIEW_SAFETY_PLAN_TASK))
                .isPresent();
        assertThat(checkinRows.findByEpisodeIdOrderByNumberAsc(episode.getId())).hasSize(1);

        userTasks.complete(
                userTasks
                        .findOpenTask(second, ProcessIds.POST_CRISIS_REVIEW_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("postCrisisReviewedWithClient", true));
        eventually(() -> assertThat(
                        postCrisisReviews.findById(review.getId()).orElseThrow().getReviewedAt())
                .isNotNull());
        assertThat(count(client, "POST_CRISIS_REVIEW_DONE")).isEqualTo(1);
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(second)).isCompleted());
    }

    @Autowired
    OutreachCallRepository outreachCalls;

    @Autowired
    MyWork myWork;

    /** A client of alex's who prefers the phone (the demo clients write). */
    private Client phoneClient() {
        Client template = demoClient("alex", ClientStatus.ACTIVE);
        Client client = new Client(
                template.getPracticeId(),
                template.getClinicianId(),
                "Phone client " + UUID.randomUUID().toString().substring(0, 8),
                Channel.PHONE,
                "en");
        client.activate();
        client.setRiskLevel(template.getRiskLevel());
        client = clients.save(client);
        UUID id = client.getId();
        consents.findFirstByClientIdOrderByConsentedAtDesc(template.getId())
                .ifPresent(c -> consents.save(new ClientConsent(
                        id,
                        c.getPolicyId(),
                        c.getPolicyVersion(),
                        c.getConsentedAt(),
                        c.getChannel(),
                        c.getRecordedBy())));
        return client;
    }

    @Test
    void outreachByPhoneIsDocumentedCallsAndARebuiltInstanceKeepsTheOpenCall() {
        Client client = phoneClient();
        RiskEpisode episode = raised(client);
        long first = episode.getProcessInstanceKey();
        SafetyCheckin one = checkin(episode, 1);
        advanceTo(one.getDueAt().plusSeconds(30));
        sent("checkin:" + one.getId());
        eventually(() -> assertThat(instance(first))
                .isWaitingAtElements(ProcessIds.REVIEW_SAFETY_PLAN_TASK, "CheckinReplyGateway"));
        advance(Duration.ofHours(24).plusMinutes(1));

        // Attempt 1 is a call for the clinician (table checkin-outreach: prefers the phone), due before
        // the next attempt; no outreach message goes out.
        String clinician = careTeam.responsibleFor(client.getClinicianId());
        eventually(() -> assertThat(userTasks.findOpenTask(first, ProcessIds.CALL_CLIENT_FOR_OUTREACH_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(clinician)));
        assertThat(outboxCount(client, "checkin.outreach")).isZero();
        assertThat(myWork.of(new CurrentUser(clinician, StaffRole.CLINICIAN)).stream()
                        .filter(i -> client.getId().equals(i.clientId()))
                        .map(i -> i.kind().name()))
                .contains("OUTREACH_CALL");
        userTasks.complete(
                userTasks
                        .findOpenTask(first, ProcessIds.CALL_CLIENT_FOR_OUTREACH_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("outreachCallOutcome", "NO_ANSWER"));
        eventually(() -> assertThat(outreachCalls
                        .findByCheckinIdAndAttempt(one.getId(), 1)
                        .orElseThrow()
                        .getOutcome())
                .isEqualTo("NO_ANSWER"));
        eventually(() -> assertThat(instance(first))
                .isWaitingAtElements(ProcessIds.REVIEW_SAFETY_PLAN_TASK, "OutreachReplyGateway"));

        // Attempt 2 at its time; the instance is lost while the call is open, and rebuilt.
        advanceTo(reload(one).getNextOutreachAt().plusSeconds(30));
        eventually(() -> assertThat(outreachCalls.findByCheckinIdAndAttempt(one.getId(), 2))
                .isPresent());
        eventually(() -> assertThat(userTasks.findOpenTask(first, ProcessIds.CALL_CLIENT_FOR_OUTREACH_TASK))
                .isPresent());
        lose(first);
        advance(Duration.ofMinutes(3));
        long second = rebuilt(episode, first);
        eventually(() -> assertThat(userTasks.findOpenTask(second, ProcessIds.CALL_CLIENT_FOR_OUTREACH_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(clinician)));
        assertThat(outreachCalls.findByCheckinIdOrderByAttemptAsc(one.getId())).hasSize(2);
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("CHECKIN_OUTREACH_ATTEMPT")))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"channel\":\"PHONE\"", "\"outcome\":\"NO_ANSWER\"", "\"attempt\":1"));

        // Reached on the second call: the check-in is answered, no welfare decision, the next one comes.
        userTasks.complete(
                userTasks
                        .findOpenTask(second, ProcessIds.CALL_CLIENT_FOR_OUTREACH_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("outreachCallOutcome", "REACHED"));
        eventually(() -> assertThat(reload(one).getAnsweredAt()).isNotNull());
        checkin(episode, 2);
        eventually(() -> assertThat(instance(second))
                .hasPassedElement("ClientReachedGateway")
                .hasNotPassedElement("RequestWelfareDecisionTask"));
        assertThat(count(client, "CHECKIN_OUTREACH_ATTEMPT")).isEqualTo(2);
        assertThat(count(client, "CHECKIN_ANSWERED")).isEqualTo(1);
        assertThat(outboxCount(client, "checkin.outreach")).isZero();
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(second)).isCompleted());
    }
}
