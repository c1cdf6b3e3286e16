package org.betweensessions.checkins;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.betweensessions.agenda.AgendaItem;
import org.betweensessions.agenda.SessionAgenda;
import org.betweensessions.api.ConflictException;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.clinician.ClinicianLeave;
import org.betweensessions.clinician.ClinicianLeaveRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.betweensessions.workers.SendCheckinWorker;
import org.betweensessions.workspace.MyWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * safety-plan-checkins on the real engine, driven by the engine clock and the application clock
 * together: raising the risk starts it with the safety-plan task; check-ins go out at the times of
 * checkin-schedule.dmn on the clinician's calendar; a reply closes a check-in; three unanswered
 * outreach attempts lead to the welfare decision; lowering the risk or termination ends it with no
 * timer left; a job run twice sends one check-in. Moves the engine clock, so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SafetyPlanCheckinsProcessTest extends EmbeddedStackTest {

    static final String REASON = "Disclosed a plan with means at home; C-SSRS screen positive " + UUID.randomUUID();

    @Autowired
    MovableClock clock;

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

    @Autowired
    SessionAgenda agenda;

    @Autowired
    SendCheckinWorker sendCheckinWorker;

    @Autowired
    MyWork myWork;

    /** The kinds of "My work" items the user has for this client. */
    private List<String> myWork(String username, StaffRole role, Client client) {
        return myWork.of(new CurrentUser(username, role)).stream()
                .filter(i -> client.getId().equals(i.clientId()))
                .map(i -> i.kind().name())
                .toList();
    }

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

    /** Raised by its clinician (alex); waits until the instance stands at the safety-plan task. */
    private RiskEpisode raised(Client client) {
        RiskEpisode raised = checkins.raise(client, CssrsLevel.HIGH, REASON, "alex");
        RiskEpisode episode = awaitEpisode(raised.getId(), e -> e.getProcessInstanceKey() != null);
        eventually(() -> assertThat(instance(episode))
                .isWaitingAtElements(ProcessIds.REVIEW_SAFETY_PLAN_TASK, ProcessIds.CHECKIN_DUE_TIMER));
        return episode;
    }

    private RiskEpisode awaitEpisode(UUID id, Predicate<RiskEpisode> condition) {
        return Awaitility.await().atMost(WAIT).until(() -> episodes.findById(id).orElseThrow(), condition::test);
    }

    private InspectedProcessInstance instance(RiskEpisode episode) {
        assertThat(incidents(episode.getProcessInstanceKey())).as("incidents").isEmpty();
        return new InspectedProcessInstance(episode.getProcessInstanceKey());
    }

    private SafetyCheckin checkin(RiskEpisode episode, int number) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> checkinRows.findByEpisodeIdAndNumber(episode.getId(), number), Optional::isPresent)
                .orElseThrow();
    }

    private OutboundNotification sent(String key) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> outbox.findByIdempotencyKey(key), Optional::isPresent)
                .orElseThrow();
    }

    private Instant onCalendar(Client client, Instant t) {
        BusinessCalendar calendar =
                calendars.of(clinicians.findById(client.getClinicianId()).orElseThrow());
        return calendar.isOpen(t) ? t : calendar.nextOpening(t);
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

    /** @return the stored message's id */
    private UUID clientWrites(Client client, String body) {
        return messageService
                .accept(new InboundMessageRequest(
                        Channel.PORTAL, "checkin-" + UUID.randomUUID(), client.getId(), null, body, null))
                .message()
                .getId();
    }

    private List<String> auditTypes(Client client) {
        return audit.eventsFor("CLIENT", client.getId()).stream()
                .map(AuditEvent::getEventType)
                .toList();
    }

    @Test
    void raisingTheRiskStartsTheProcessWithTheSafetyPlanTaskDueToday() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);

        RiskEpisode episode = raised(client);

        assertThat(clients.findById(client.getId()).orElseThrow().getRiskLevel())
                .isEqualTo(RiskLevel.HIGH);
        UserTaskRecordValue task = userTaskCreated(episode.getProcessInstanceKey(), ProcessIds.REVIEW_SAFETY_PLAN_TASK)
                .orElseThrow();
        assertThat(userTasks
                        .findOpenTask(episode.getProcessInstanceKey(), ProcessIds.REVIEW_SAFETY_PLAN_TASK)
                        .orElseThrow()
                        .assignee())
                .isEqualTo(careTeam.responsibleFor(client.getClinicianId()));
        assertThat(task.getPriority()).isEqualTo(80);
        assertThat(task.getFormKey()).isPositive();
        Instant due = ZonedDateTime.parse(task.getDueDate()).toInstant();
        assertThat(due).isEqualTo(episode.getSafetyPlanDueAt());
        var zone = clinicians.findById(client.getClinicianId()).orElseThrow().getTimeZone();
        assertThat(due.atZone(zone).toLocalDate())
                .isEqualTo(episode.getRaisedAt().atZone(zone).toLocalDate());
        // The 90-day review is stored and waited for as a date.
        assertThat(episode.getRiskReviewDueAt()).isEqualTo(episode.getRaisedAt().plus(Duration.ofDays(90)));
        assertThat(timerDueDates(episode.getProcessInstanceKey(), "RiskReviewDueTimer"))
                .containsExactly(episode.getRiskReviewDueAt());
        // Documented and audited; the reason is in the database (encrypted), never in the engine.
        assertThat(episodes.findById(episode.getId()).orElseThrow().getRaisedReason())
                .isEqualTo(REASON);
        assertThat(auditTypes(client)).contains("RISK_RAISED");
        assertThat(engineRecordsMentioning(REASON)).isEmpty();

        // A second raise while high risk is refused: one running instance per client.
        Assertions.assertThatThrownBy(() -> checkins.raise(client, null, "again", "alex"))
                .isInstanceOf(ConflictException.class);

        // "My work" lists it for the clinician.
        String clinician = careTeam.responsibleFor(client.getClinicianId());
        assertThat(myWork(clinician, StaffRole.CLINICIAN, client)).containsExactly("SAFETY_PLAN_REVIEW");
        userTasks.complete(
                userTasks
                        .findOpenTask(episode.getProcessInstanceKey(), ProcessIds.REVIEW_SAFETY_PLAN_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("safetyPlanReviewedWithClient", true, "lethalMeansCounselled", true));
        eventually(() -> assertThat(
                        episodes.findById(episode.getId()).orElseThrow().getSafetyPlanReviewedAt())
                .isNotNull());
        assertThat(myWork(clinician, StaffRole.CLINICIAN, client)).isEmpty();
        assertThat(auditTypes(client)).contains("SAFETY_PLAN_REVIEWED");
        // What the clinician ticked on the form, not assumed.
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("SAFETY_PLAN_REVIEWED"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"reviewedWithClient\":true", "\"lethalMeansCounselling\":true"));
        checkins.endForClient(client.getId(), EndReason.TRANSFERRED, "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void checkInsGoOutAtTheScheduleTimesAndAReplyClosesEach() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);

        // First check-in: a day after raising, in the clinician's office hours: within 72 hours.
        SafetyCheckin first = checkin(episode, 1);
        // (Unless a weekend and a holiday would push office hours past 72 hours: then it keeps its
        // scheduled time.)
        Instant scheduled = episode.getRaisedAt().plus(Duration.ofDays(1));
        Instant inOfficeHours = onCalendar(client, scheduled);
        assertThat(first.getDueAt())
                .isEqualTo(
                        inOfficeHours.isAfter(episode.getRaisedAt().plus(Duration.ofHours(72)))
                                ? scheduled
                                : inOfficeHours);
        assertThat(first.getDueAt()).isBefore(episode.getRaisedAt().plus(Duration.ofHours(72)));
        assertThat(timerDueDates(episode.getProcessInstanceKey(), ProcessIds.CHECKIN_DUE_TIMER))
                .containsExactly(first.getDueAt());

        advanceTo(first.getDueAt().plusSeconds(30));
        OutboundNotification message = sent("checkin:" + first.getId());
        assertThat(message.getTemplateKey()).isEqualTo("checkin.message");
        assertThat(message.getBody()).contains("checking in as we agreed");
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("CheckinReplyGateway"));
        assertThat(checkinRows.findById(first.getId()).orElseThrow().getReplyBy())
                .isEqualTo(checkinRows
                        .findById(first.getId())
                        .orElseThrow()
                        .getSentAt()
                        .plus(Duration.ofHours(24)));

        // The client answers: triaged as usual, and the check-in closes.
        clientWrites(client, "Thanks for checking in, I'm okay today. Went for a walk.");
        eventually(() -> assertThat(
                        checkinRows.findById(first.getId()).orElseThrow().getAnsweredAt())
                .isNotNull());
        eventually(() -> assertThat(instance(episode))
                .hasPassedElement(ProcessIds.RECORD_CHECKIN_ANSWERED_TASK)
                .hasNotPassedElement("RecordMissedCheckinTask"));

        // Then weekly (first 30 days): seven days after the first was due.
        SafetyCheckin second = checkin(episode, 2);
        assertThat(second.getDueAt())
                .isEqualTo(onCalendar(client, first.getDueAt().plus(Duration.ofDays(7))));
        eventually(() -> assertThat(timerDueDates(episode.getProcessInstanceKey(), ProcessIds.CHECKIN_DUE_TIMER))
                .containsExactly(first.getDueAt(), second.getDueAt()));
        advanceTo(second.getDueAt().plusSeconds(30));
        sent("checkin:" + second.getId());
        assertThat(outbox.findByClientIdOrderByCreatedAtAsc(client.getId()))
                .extracting(OutboundNotification::getTemplateKey)
                .filteredOn("checkin.message"::equals)
                .hasSize(2);

        checkins.lower(clients.findById(client.getId()).orElseThrow(), "Stable for a month", "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void threeUnansweredOutreachAttemptsLeadToTheWelfareDecisionEscalatingToTheSupervisor() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        SafetyCheckin first = checkin(episode, 1);
        advanceTo(first.getDueAt().plusSeconds(30));
        sent("checkin:" + first.getId());
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("CheckinReplyGateway"));

        // No answer within 24 hours: the first outreach at once, then every 4 hours.
        advance(Duration.ofHours(24).plusMinutes(1));
        sent("checkin-outreach:" + first.getId() + ":1");
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("OutreachReplyGateway"));
        advance(Duration.ofHours(4).plusMinutes(1));
        sent("checkin-outreach:" + first.getId() + ":2");
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("OutreachReplyGateway"));
        advance(Duration.ofHours(4).plusMinutes(1));
        sent("checkin-outreach:" + first.getId() + ":3");
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("OutreachReplyGateway"));
        assertThat(outbox.findByIdempotencyKey("checkin-outreach:" + first.getId() + ":4"))
                .isEmpty();
        advance(Duration.ofHours(4).plusMinutes(1));

        eventually(() -> assertThat(instance(episode)).isWaitingAtElements(ProcessIds.DECIDE_WELFARE_ACTION_TASK));
        UserTaskRecordValue task = userTaskCreated(
                        episode.getProcessInstanceKey(), ProcessIds.DECIDE_WELFARE_ACTION_TASK)
                .orElseThrow();
        assertThat(task.getPriority()).isEqualTo(100);
        String clinician = careTeam.responsibleFor(client.getClinicianId());
        assertThat(userTasks
                        .findOpenTask(episode.getProcessInstanceKey(), ProcessIds.DECIDE_WELFARE_ACTION_TASK)
                        .orElseThrow()
                        .assignee())
                .isEqualTo(clinician);
        assertThat(auditTypes(client))
                .containsSubsequence(
                        "CHECKIN_SENT",
                        "CHECKIN_MISSED",
                        "CHECKIN_OUTREACH_ATTEMPT",
                        "CHECKIN_OUTREACH_ATTEMPT",
                        "CHECKIN_OUTREACH_ATTEMPT",
                        "WELFARE_DECISION_REQUESTED");

        // Not taken within the hour: the covering clinician gets it.
        advance(Duration.ofMinutes(61));
        eventually(() -> assertThat(
                        checkinRows.findById(first.getId()).orElseThrow().getWelfareLevel())
                .isEqualTo("COVERING"));
        eventually(() -> assertThat(
                        userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.DECIDE_WELFARE_ACTION_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isNotEqualTo(clinician)));

        SafetyCheckin covering = checkinRows.findById(first.getId()).orElseThrow();
        assertThat(timerDueDates(episode.getProcessInstanceKey(), ProcessIds.WELFARE_DECISION_NOT_ACKNOWLEDGED_TIMER))
                .last()
                .isEqualTo(millis(covering.getWelfareEscalateAt()));

        // Not taken by the covering clinician either: the supervisor, notified again each window.
        String supervisor = careTeam.supervisorOf(client.getPracticeId());
        advanceTo(covering.getWelfareEscalateAt().plusSeconds(30));
        eventually(() -> assertThat(
                        checkinRows.findById(first.getId()).orElseThrow().getWelfareLevel())
                .isEqualTo("SUPERVISOR"));
        eventually(() -> assertThat(
                        userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.DECIDE_WELFARE_ACTION_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(supervisor)));
        SafetyCheckin atSupervisor = checkinRows.findById(first.getId()).orElseThrow();
        advanceTo(atSupervisor.getWelfareEscalateAt().plusSeconds(30));
        eventually(() -> assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("WELFARE_DECISION_ESCALATED")))
                .extracting(AuditEvent::getDetails)
                .hasSize(3)
                .anySatisfy(d -> assertThat(d).contains("\"level\":\"COVERING\""))
                .filteredOn(d -> d.contains("\"level\":\"SUPERVISOR\""))
                .hasSize(2)
                .allSatisfy(d -> assertThat(d).contains("\"assignee\":\"" + supervisor + "\"")));
        eventually(() -> assertThat(
                        userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.DECIDE_WELFARE_ACTION_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(supervisor)));
        assertThat(auditTypes(client).stream().filter("WELFARE_DECISION_REQUESTED"::equals))
                .hasSize(1);
        // "My work": the supervisor's, at the top; no longer the clinician's.
        assertThat(myWork(supervisor, StaffRole.SUPERVISOR, client)).contains("WELFARE_DECISION");
        assertThat(myWork.of(new CurrentUser(supervisor, StaffRole.SUPERVISOR))
                        .getFirst()
                        .kind()
                        .name())
                .isIn("CRISIS", "WELFARE_DECISION");
        assertThat(myWork(clinician, StaffRole.CLINICIAN, client)).doesNotContain("WELFARE_DECISION");
        // Three documented attempts, no fourth.
        assertThat(auditTypes(client).stream().filter("CHECKIN_OUTREACH_ATTEMPT"::equals))
                .hasSize(3);

        userTasks.complete(
                userTasks
                        .findOpenTask(episode.getProcessInstanceKey(), ProcessIds.DECIDE_WELFARE_ACTION_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("welfareOutcome", "WELFARE_CHECK_REQUESTED"));
        eventually(() -> assertThat(
                        checkinRows.findById(first.getId()).orElseThrow().getWelfareOutcome())
                .isEqualTo("WELFARE_CHECK_REQUESTED"));
        assertThat(auditTypes(client)).contains("WELFARE_ACTION_RECORDED");
        assertThat(myWork(supervisor, StaffRole.SUPERVISOR, client)).doesNotContain("WELFARE_DECISION");
        // The check-ins go on.
        checkin(episode, 2);
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements(ProcessIds.CHECKIN_DUE_TIMER));

        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void theNinetyDayReviewPutsReRateRiskAndLoweringItThenEndsTheCheckins() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        long key = episode.getProcessInstanceKey();
        userTasks.complete(
                userTasks
                        .findOpenTask(key, ProcessIds.REVIEW_SAFETY_PLAN_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("safetyPlanReviewedWithClient", true, "lethalMeansCounselled", true));
        Instant reviewDue = episode.getRiskReviewDueAt();
        assertThat(reviewDue).isEqualTo(episode.getRaisedAt().plus(Duration.ofDays(90)));

        // Day 89: no review yet.
        advanceTo(reviewDue.minus(Duration.ofDays(1)));
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("RiskReviewDueTimer"));
        assertThat(userTaskCreated(key, ProcessIds.RE_RATE_RISK_TASK)).isEmpty();

        // Day 90: "Re-rate risk" for the clinician, due at the stored review date.
        advanceTo(reviewDue.plusSeconds(30));
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements(ProcessIds.RE_RATE_RISK_TASK));
        UserTaskRecordValue task =
                userTaskCreated(key, ProcessIds.RE_RATE_RISK_TASK).orElseThrow();
        assertThat(task.getPriority()).isEqualTo(50);
        assertThat(myWork(careTeam.responsibleFor(client.getClinicianId()), StaffRole.CLINICIAN, client))
                .containsExactly("RE_RATE_RISK");
        assertThat(ZonedDateTime.parse(task.getDueDate()).toInstant()).isEqualTo(reviewDue);
        assertThat(userTasks
                        .findOpenTask(key, ProcessIds.RE_RATE_RISK_TASK)
                        .orElseThrow()
                        .assignee())
                .isEqualTo(careTeam.responsibleFor(client.getClinicianId()));

        // Kept high (C-SSRS moderate today): recorded, and the next review is 90 days from now.
        Instant reRatedAt = now();
        userTasks.complete(
                userTasks
                        .findOpenTask(key, ProcessIds.RE_RATE_RISK_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("rerateCssrsLevel", "MODERATE"));
        RiskEpisode kept =
                awaitEpisode(episode.getId(), e -> e.getRiskReviewDueAt().isAfter(reviewDue));
        assertThat(kept.getCssrsLevel()).isEqualTo(CssrsLevel.MODERATE);
        assertThat(Duration.between(reRatedAt, kept.getRiskReviewDueAt()))
                .isBetween(Duration.ofDays(90), Duration.ofDays(90).plusMinutes(1));
        eventually(() -> assertThat(timerDueDates(key, "RiskReviewDueTimer"))
                .containsExactly(millis(reviewDue), millis(kept.getRiskReviewDueAt())));
        assertThat(auditTypes(client)).containsOnlyOnce("RISK_RERATED");

        // At the next review the clinician lowers the risk (documented reason, over HTTP): the open
        // task is withdrawn, the check-ins end, no timer is left.
        advanceTo(kept.getRiskReviewDueAt().plusSeconds(30));
        eventually(() -> assertThat(userTasks.findOpenTask(key, ProcessIds.RE_RATE_RISK_TASK))
                .isPresent());
        var lowered = new Api(port)
                .post(
                        "alex",
                        "/api/clients/" + client.getId() + "/risk",
                        "{\"level\":\"LOW\",\"reason\":\"Six months stable; C-SSRS negative\"}");
        assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
        eventually(() -> assertThat(instance(episode)).isCompleted().hasPassedElement(ProcessIds.CHECKINS_ENDED_EVENT));
        assertThat(openTimers(key)).isZero();
        assertThat(userTasks.findOpenTask(key, ProcessIds.RE_RATE_RISK_TASK)).isEmpty();
        assertThat(episodes.findById(episode.getId()).orElseThrow().getEndReason())
                .isEqualTo(EndReason.RISK_LOWERED);
    }

    @Autowired
    ClinicianLeaveRepository leaves;

    @Test
    void aCheckInFallingInTheClinicianLeaveKeepsItsDayAndGoesToTheCoveringClinician() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        SafetyCheckin first = checkin(episode, 1);
        var alex = clinicians.findById(client.getClinicianId()).orElseThrow();
        var blair = clinicians.findByUsername("blair").orElseThrow();
        // Alex is away for two weeks around the second check-in's day; Blair covers.
        LocalDate secondDay = first.getDueAt()
                .plus(Duration.ofDays(7))
                .atZone(alex.getTimeZone())
                .toLocalDate();
        var leave = leaves.save(
                new ClinicianLeave(alex.getId(), secondDay.minusDays(3), secondDay.plusDays(10), blair.getId()));
        try {
            advanceTo(first.getDueAt().plusSeconds(30));
            sent("checkin:" + first.getId());
            eventually(() -> assertThat(instance(episode)).isWaitingAtElements("CheckinReplyGateway"));
            clientWrites(client, "Doing alright, thanks for asking.");
            SafetyCheckin second = checkin(episode, 2);

            // Not pushed past the leave: on its day, in the covering clinician's hours.
            BusinessCalendar blairs = calendars.of(blair);
            Instant scheduled = first.getDueAt().plus(Duration.ofDays(7));
            assertThat(second.getDueAt())
                    .isEqualTo(blairs.isOpen(scheduled) ? scheduled : blairs.nextOpening(scheduled));
            assertThat(second.getDueAt().atZone(alex.getTimeZone()).toLocalDate())
                    .isBefore(leave.getEndsOn());

            // Not answered: the outreach, then the welfare decision goes to Blair.
            advanceTo(second.getDueAt().plusSeconds(30));
            sent("checkin:" + second.getId());
            eventually(() -> assertThat(instance(episode)).isWaitingAtElements("CheckinReplyGateway"));
            advance(Duration.ofHours(24).plusMinutes(1));
            for (int attempt = 1; attempt <= 3; attempt++) {
                sent("checkin-outreach:" + second.getId() + ":" + attempt);
                eventually(() -> assertThat(instance(episode)).isWaitingAtElements("OutreachReplyGateway"));
                advance(Duration.ofHours(4).plusMinutes(1));
            }
            eventually(() -> assertThat(userTasks.findOpenTask(
                            episode.getProcessInstanceKey(), ProcessIds.DECIDE_WELFARE_ACTION_TASK))
                    .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo("blair")));
            assertThat(checkinRows.findById(second.getId()).orElseThrow().getWelfareAssignee())
                    .isEqualTo("blair");
        } finally {
            leaves.delete(leave);
            checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        }
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void loweringTheRiskEndsTheProcessWithNoTimerLeft() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        checkin(episode, 1);

        checkins.lower(
                clients.findById(client.getId()).orElseThrow(), "Re-rated with the client: low (C-SSRS)", "alex");

        eventually(() -> assertThat(instance(episode)).isCompleted().hasPassedElement(ProcessIds.CHECKINS_ENDED_EVENT));
        assertThat(openTimers(episode.getProcessInstanceKey())).isZero();
        assertThat(userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.REVIEW_SAFETY_PLAN_TASK))
                .isEmpty();
        RiskEpisode ended = episodes.findById(episode.getId()).orElseThrow();
        assertThat(ended.getEndReason()).isEqualTo(EndReason.RISK_LOWERED);
        assertThat(ended.getLoweredReason()).startsWith("Re-rated");
        assertThat(clients.findById(client.getId()).orElseThrow().getRiskLevel())
                .isEqualTo(RiskLevel.LOW);
        assertThat(checkinRows.findByEpisodeIdOrderByNumberAsc(episode.getId()))
                .allSatisfy(c -> assertThat(c.getClosedAt()).isNotNull());
        assertThat(auditTypes(client)).contains("RISK_LOWERED");

        // A new raise later starts a new instance.
        RiskEpisode again = raised(clients.findById(client.getId()).orElseThrow());
        assertThat(again.getProcessInstanceKey()).isNotEqualTo(episode.getProcessInstanceKey());
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(again)).isCompleted());
    }

    @Test
    void aCheckInJobRunTwiceSendsOneMessage() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        SafetyCheckin first = checkin(episode, 1);
        advanceTo(first.getDueAt().plusSeconds(30));
        OutboundNotification once = sent("checkin:" + first.getId());
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("CheckinReplyGateway"));
        String replyBy =
                checkinRows.findById(first.getId()).orElseThrow().getReplyBy().toString();

        // The engine delivers the job again (a worker that timed out after doing its work).
        var again = sendCheckinWorker.send(first.getId().toString(), "PT24H");
        advance(Duration.ofMinutes(5));
        var third = sendCheckinWorker.send(first.getId().toString(), "PT48H");

        assertThat(again.checkinReplyBy()).isEqualTo(replyBy);
        assertThat(third.checkinReplyBy()).isEqualTo(replyBy);
        assertThat(outbox.findByClientIdOrderByCreatedAtAsc(client.getId()))
                .filteredOn(n -> n.getTemplateKey().equals("checkin.message"))
                .extracting(OutboundNotification::getId)
                .containsExactly(once.getId());
        assertThat(auditTypes(client).stream().filter("CHECKIN_SENT"::equals)).hasSize(1);
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Autowired
    PostCrisisReviewRepository postCrisisReviews;

    @Autowired
    CheckinMessages checkinMessages;

    @Test
    void aCrisisDuringCheckInsStaysACrisisAndAddsAPostCrisisReview() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        long key = episode.getProcessInstanceKey();
        SafetyCheckin first = checkin(episode, 1);
        advanceTo(first.getDueAt().plusSeconds(30));
        sent("checkin:" + first.getId());
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("CheckinReplyGateway"));

        var crisis = messageService
                .accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "checkin-" + UUID.randomUUID(),
                        client.getId(),
                        null,
                        "I can't do this anymore. I have my pills saved up for tonight.",
                        null))
                .message();

        // A crisis stays a crisis (message-triage's crisis path), and it answers the check-in.
        awaitMessage(crisis.getId(), m -> "CRISIS".equals(m.getCategory()));
        eventually(() -> assertThat(
                        checkinRows.findById(first.getId()).orElseThrow().getAnswerMessageId())
                .isEqualTo(crisis.getId()));
        // The check-in process adds a post-crisis review for the clinician, due as the table says.
        PostCrisisReview review = Awaitility.await()
                .atMost(WAIT)
                .until(() -> postCrisisReviews.findByMessageId(crisis.getId()), Optional::isPresent)
                .orElseThrow();
        assertThat(review.getDueAt()).isEqualTo(review.getRequestedAt().plus(Duration.ofHours(24)));
        eventually(() -> assertThat(userTasks.findOpenTask(key, ProcessIds.POST_CRISIS_REVIEW_TASK))
                .hasValueSatisfying(
                        t -> assertThat(t.assignee()).isEqualTo(careTeam.responsibleFor(client.getClinicianId()))));
        UserTaskRecordValue task =
                userTaskCreated(key, ProcessIds.POST_CRISIS_REVIEW_TASK).orElseThrow();
        assertThat(task.getPriority()).isEqualTo(90);
        assertThat(myWork(review.getAssignee(), StaffRole.CLINICIAN, client)).contains("POST_CRISIS_REVIEW");
        assertThat(ZonedDateTime.parse(task.getDueDate()).toInstant()).isEqualTo(review.getDueAt());

        // The screening job delivered again: no second review task.
        checkinMessages.messageScreened(crisis.getId());
        eventually(() -> assertThat(instance(episode)).hasPassedElement("PostCrisisReviewAlreadyOpenEvent"));
        assertThat(StreamSupport.stream(
                                engine.getRecordStreamSource().getRecords().spliterator(), false)
                        .filter(r -> r.getValueType() == ValueType.USER_TASK
                                && r.getIntent() == UserTaskIntent.CREATED
                                && ((UserTaskRecordValue) r.getValue())
                                        .getElementId()
                                        .equals(ProcessIds.POST_CRISIS_REVIEW_TASK)
                                && ((UserTaskRecordValue) r.getValue()).getProcessInstanceKey() == key))
                .hasSize(1);

        userTasks.complete(
                userTasks
                        .findOpenTask(key, ProcessIds.POST_CRISIS_REVIEW_TASK)
                        .orElseThrow()
                        .userTaskKey(),
                Map.of("postCrisisReviewedWithClient", true, "postCrisisSafetyPlanUpdated", true));
        eventually(() -> assertThat(
                        postCrisisReviews.findById(review.getId()).orElseThrow().getReviewedAt())
                .isNotNull());
        assertThat(postCrisisReviews.findById(review.getId()).orElseThrow().getSafetyPlanUpdated())
                .isTrue();
        assertThat(auditTypes(client)).containsOnlyOnce("POST_CRISIS_REVIEW_REQUESTED", "POST_CRISIS_REVIEW_DONE");
        // What the clinician ticked on the form, not assumed.
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("POST_CRISIS_REVIEW_DONE"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"reviewedWithClient\":true", "\"safetyPlanUpdated\":true"));
        // The check-ins go on; the message text is not in the engine.
        checkin(episode, 2);
        assertThat(engineRecordsMentioning("pills saved up")).isEmpty();
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void openPostCrisisReviewsMoveWithATransferWithinThePractice() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client);
        long key = episode.getProcessInstanceKey();
        String alexNow = careTeam.responsibleFor(client.getClinicianId());
        UUID first = clientWrites(client, "I can't do this anymore. I have my pills saved up for tonight.");
        UUID second = clientWrites(client, "I cut myself again tonight and it won't stop bleeding.");
        // Two crises, two reviews open at once, both the clinician's.
        eventually(() -> assertThat(userTasks.findOpenTasks(key, ProcessIds.POST_CRISIS_REVIEW_TASK))
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.assignee()).isEqualTo(alexNow)));
        assertThat(postCrisisReviews.findByMessageId(first)).isPresent();
        assertThat(postCrisisReviews.findByMessageId(second)).isPresent();

        var blair = clinicians.findByUsername("blair").orElseThrow();
        checkins.transfer(client, ClientTransfer.Kind.WITHIN_PRACTICE, blair.getId(), "Moving to the DBT team", "alex");

        String blairNow = careTeam.responsibleFor(blair.getId());
        // The open review tasks move in the running instance, and the stored reviews (what "My work"
        // lists and what a rebuilt instance reads) name the new clinician.
        eventually(() -> assertThat(userTasks.findOpenTasks(key, ProcessIds.POST_CRISIS_REVIEW_TASK))
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.assignee()).isEqualTo(blairNow)));
        assertThat(postCrisisReviews.findByEpisodeIdOrderByRequestedAtAsc(episode.getId()))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getAssignee()).isEqualTo(blairNow));
        assertThat(myWork(blairNow, StaffRole.CLINICIAN, client)).contains("POST_CRISIS_REVIEW");
        assertThat(myWork(alexNow, StaffRole.CLINICIAN, client)).doesNotContain("POST_CRISIS_REVIEW");
        assertThat(userTasks.openTasksFor(alexNow, List.of())).noneMatch(t -> t.processInstanceKey() == key);
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("SAFETY_CHECKINS_TRANSFERRED"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails()).contains("\"openPostCrisisReviews\":2"));

        checkins.endForClient(client.getId(), EndReason.TERMINATED, "blair");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void aCrisisFromAClientNotRatedHighPutsReviewRiskLevelOnTheAgenda() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        clientWrites(client, "I can't do this anymore. I have my pills saved up for tonight.");
        eventually(() -> assertThat(agenda.forClient(client.getId()))
                .extracting(AgendaItem::getKind)
                .contains(SessionAgenda.REVIEW_RISK_LEVEL));
        // It does not raise the level by itself.
        assertThat(clients.findById(client.getId()).orElseThrow().getRiskLevel())
                .isEqualTo(RiskLevel.LOW);
        assertThat(episodes.findByOpenClientId(client.getId())).isEmpty();
        // It is on the clinician's list ("My work") until the client is raised to high risk.
        String clinician =
                clinicians.findById(client.getClinicianId()).orElseThrow().getUsername();
        assertThat(myWork(clinician, StaffRole.CLINICIAN, client)).containsOnlyOnce("REVIEW_RISK_LEVEL");
        RiskEpisode episode = raised(clients.findById(client.getId()).orElseThrow());
        assertThat(myWork(clinician, StaffRole.CLINICIAN, client)).doesNotContain("REVIEW_RISK_LEVEL");
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSafetyPlanIsVersionedAndEncryptedAtRest() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String signs = "Stops answering friends, sleeps all day " + UUID.randomUUID();
        checkins.writePlan(
                client,
                new SafetyPlan.Sections(signs, "music", "the park", "my sister", "988", "pills kept by my sister"),
                false,
                "alex");
        SafetyPlan second = checkins.writePlan(
                client,
                new SafetyPlan.Sections(
                        signs, "music, running", "the park", "my sister", "988", "pills kept by my sister"),
                true,
                "alex");

        assertThat(second.getVersion()).isEqualTo(2);
        assertThat(checkins.currentPlan(client.getId()).orElseThrow().sections().warningSigns())
                .isEqualTo(signs);
        assertThat(checkins.currentPlan(client.getId()).orElseThrow().getReviewedWithClientAt())
                .isNotNull();
        String stored = jdbc.queryForObject(
                "select warning_signs_enc from safety_plan where client_id = ?" + " and version = 2",
                String.class,
                client.getId().toString());
        assertThat(stored).doesNotContain("sleeps all day");
        assertThat(engineRecordsMentioning(signs)).isEmpty();
    }
}
