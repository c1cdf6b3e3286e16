package org.betweensessions.sla;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.betweensessions.sla.SlaFixtures.advance;
import static org.betweensessions.sla.SlaFixtures.advanceTo;
import static org.betweensessions.sla.SlaFixtures.at;
import static org.betweensessions.sla.SlaFixtures.next;
import static org.betweensessions.sla.SlaFixtures.timerEvents;
import static org.betweensessions.sla.SlaFixtures.userTaskCreated;

import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.inbox.ReplyRequest;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.sla.SlaFixtures.TestClinician;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Response SLAs of message-triage on the real engine, driven by the engine clock (and the
 * application clock with it): due times on the clinician's business calendar, the reminder, the
 * breach with the supervisor's review task and the metric, and timers cancelled by an on-time answer.
 * Each test moves both clocks forward to the weekday and hour it needs, so test order does not
 * matter. Moves the engine clock, so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ResponseSlaProcessTest extends EmbeddedStackTest {

    @Autowired
    AnswerOutcome outcomes;

    static final String SUPPORT =
            "Could we talk this week? Things with my sister have been hard" + " and I could use some advice.";

    @Autowired
    MovableClock clock;

    @Autowired
    SlaFixtures fixtures;

    @Autowired
    MessageService service;

    @Autowired
    UserTasks userTasks;

    @Autowired
    ResponseSlaRepository slas;

    @Autowired
    AuditTrail audit;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ResponseSlas slaService;

    private Message send(TestClinician who, Instant receivedAt) {
        Message m = service.accept(new InboundMessageRequest(
                        Channel.PORTAL, "sla-" + UUID.randomUUID(), who.client().getId(), null, SUPPORT, receivedAt))
                .message();
        Message routed = awaitMessage(m.getId(), x -> x.getRoute() != null);
        assertThat(routed.getCategory()).isEqualTo("SUPPORT_SEEKING");
        eventually(() -> assertThat(instance(routed)).isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK));
        return routed;
    }

    private InspectedProcessInstance instance(Message m) {
        assertThat(incidents(m.getProcessInstanceKey())).as("incidents").isEmpty();
        return new InspectedProcessInstance(m.getProcessInstanceKey());
    }

    private Message answer(Message m, TestClinician who) {
        return service.reply(
                m.getId(),
                new ReplyRequest("Thank you for telling me. " + UUID.randomUUID()),
                new CurrentUser(who.username(), StaffRole.CLINICIAN));
    }

    private ResponseSla sla(Message m) {
        return slas.findById(m.getId()).orElseThrow();
    }

    private long breachedAdministrative(String coordinator) {
        return slas.findAll().stream()
                .filter(s -> coordinator.equals(s.getAssignee())
                        && "ADMINISTRATIVE".equals(s.getCategory())
                        && s.getBreachedAt() != null)
                .count();
    }

    private double breaches(TestClinician who) {
        var counter = meters.find("sla.breaches")
                .tags("category", "SUPPORT_SEEKING", "clinician", who.username())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** A date on which the clinician's office is open (no holiday, no leave). */
    private static Predicate<LocalDate> businessDays(BusinessCalendar calendar, int... offsets) {
        return d -> {
            for (int o : offsets) {
                if (!calendar.isBusinessDay(d.plusDays(o))) {
                    return false;
                }
            }
            return true;
        };
    }

    private interface Predicate<T> extends java.util.function.Predicate<T> {}

    @Test
    void aMessageOnFridayAt1655With24BusinessHoursIsDueWednesdayAt1655() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        // A Friday followed by an ordinary Monday to Wednesday.
        LocalDate friday = next(clock, DayOfWeek.FRIDAY, businessDays(calendar, 0, 3, 4, 5));
        Instant received = at(friday, 16, 55);
        advanceTo(engine, clock, received.plusSeconds(1));

        Message m = send(who, received);

        // 5 min Friday + 8 h Monday + 8 h Tuesday + 7 h 55 Wednesday.
        Instant due = at(friday.plusDays(5), 16, 55);
        // 75 % of 24 h = 18 h: 5 min + 8 h + 8 h + 1 h 55 on Wednesday.
        Instant reminder = at(friday.plusDays(5), 10, 55);
        assertThat(m.getDueAt()).isEqualTo(due);
        assertThat(sla(m).getDueAt()).isEqualTo(due);
        assertThat(sla(m).getReminderAt()).isEqualTo(reminder);
        assertThat(sla(m).getWindowKey()).isEqualTo("24BH");
        assertThat(instance(m))
                .hasVariableWithValue("responseDueAt", due.toString())
                .hasVariableWithValue("responseReminderAt", reminder.toString())
                .hasPassedElement(ProcessIds.DECIDE_REMINDER_POINT_TASK);
        UserTaskRecordValue task = userTaskCreated(
                        engine, m.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .orElseThrow();
        assertThat(ZonedDateTime.parse(task.getDueDate()).toInstant()).isEqualTo(due);
        assertThat(ZonedDateTime.parse(task.getFollowUpDate()).toInstant()).isEqualTo(reminder);
        assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.SLA_DEADLINE_TIMER))
                .containsExactly(due);
        assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.RESPONSE_REMINDER_TIMER))
                .containsExactly(reminder);
    }

    @Test
    void aHolidayMondayMovesTheDueTimeByOneBusinessDay() throws Exception {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar before = fixtures.calendar(who.clinician());
        LocalDate friday = next(clock, DayOfWeek.FRIDAY, businessDays(before, 0, 3, 4, 5, 6));
        LocalDate monday = friday.plusDays(3);
        fixtures.addPracticeHoliday(monday, "Test holiday");
        try {
            Instant received = at(friday, 16, 55);
            advanceTo(engine, clock, received.plusSeconds(1));

            Message m = send(who, received);

            // Monday closed: 5 min Friday + Tuesday + Wednesday + 7 h 55 Thursday.
            Instant due = at(friday.plusDays(6), 16, 55);
            assertThat(m.getDueAt()).isEqualTo(due);
            assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.SLA_DEADLINE_TIMER))
                    .containsExactly(due);

            // 75 %: 5 min Friday + Tuesday + Wednesday + 1 h 55 Thursday.
            assertThat(sla(m).getReminderAt()).isEqualTo(at(friday.plusDays(6), 10, 55));

            // Where the due time would have been without the holiday, nothing has happened yet.
            advanceTo(engine, clock, at(friday.plusDays(5), 17, 0));
            engine.waitForIdleState(Duration.ofSeconds(10));
            assertThat(instance(m))
                    .hasNotPassedElement(ProcessIds.RESPONSE_REMINDER_TIMER)
                    .hasNotPassedElement(ProcessIds.RESPONSE_SLA_BREACHED);
            advanceTo(engine, clock, due.plusSeconds(60));
            eventually(() -> assertThat(instance(m)).hasPassedElement(ProcessIds.RESPONSE_SLA_BREACHED));
        } finally {
            fixtures.removePracticeHoliday(monday);
        }
    }

    @Test
    void aMessageOnSaturdayNightStartsCountingOnMondayMorning() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate saturday = next(clock, DayOfWeek.SATURDAY, businessDays(calendar, 2, 3, 4));
        Instant received = at(saturday, 23, 0);
        advanceTo(engine, clock, received.plusSeconds(1));

        Message m = send(who, received);

        // Counting starts Monday 09:00: 8 h Monday + 8 h Tuesday + 8 h Wednesday = Wednesday 17:00.
        assertThat(m.getDueAt()).isEqualTo(at(saturday.plusDays(4), 17, 0));
        assertThat(sla(m).getReminderAt()).isEqualTo(at(saturday.plusDays(4), 11, 0));
        // The client hears when to expect the answer (after-hours auto-reply).
        eventually(() -> assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()))
                .extracting(Message::getTemplateKey)
                .contains("after-hours"));
        assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.SLA_DEADLINE_TIMER))
                .containsExactly(m.getDueAt());
    }

    @Test
    void theReminderFiresAtTheReminderPointAndTheTaskStaysWithTheClinician() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate monday = next(clock, DayOfWeek.MONDAY, businessDays(calendar, 0, 1, 2, 3));
        Instant received = at(monday, 10, 0);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = send(who, received);
        Instant reminder = sla(m).getReminderAt();
        // 18 business hours: 7 h Monday + 8 h Tuesday + 3 h Wednesday.
        assertThat(reminder).isEqualTo(at(monday.plusDays(2), 12, 0));

        advanceTo(engine, clock, reminder.minusSeconds(60));
        assertThat(instance(m)).hasNotPassedElement(ProcessIds.RESPONSE_REMINDER_TIMER);
        advance(engine, clock, Duration.ofMinutes(2));

        eventually(() -> assertThat(instance(m))
                .hasPassedElementsInOrder(
                        ProcessIds.RESPONSE_REMINDER_TIMER, ProcessIds.REMIND_CLINICIAN_TASK, "ClinicianRemindedEvent")
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .hasNotPassedElement(ProcessIds.RESPONSE_SLA_BREACHED));
        assertThat(sla(m).getRemindedAt()).isNotNull();
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .containsOnlyOnce("SLA_REMINDER_SENT");
        assertThat(userTasks.findOpenTask(m.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(who.username()));

        // Answered after the reminder but before the due time: on time, the deadline never fires.
        answer(m, who);
        eventually(() -> assertThat(instance(m)).isCompleted().hasNotPassedElement(ProcessIds.RESPONSE_SLA_BREACHED));
        assertThat(timerEvents(engine, m.getProcessInstanceKey()))
                .contains(ProcessIds.SLA_DEADLINE_TIMER + ":CANCELED");
        assertThat(sla(m).getOnTime()).isTrue();
    }

    @Test
    void atTheDueTimeTheBreachIsRecordedCountedAndReviewedWhileTheClinicianKeepsTheTask() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate tuesday = next(clock, DayOfWeek.TUESDAY, businessDays(calendar, 0, 1, 2, 3));
        Instant received = at(tuesday, 9, 30);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = send(who, received);
        Instant due = m.getDueAt();
        assertThat(due).isEqualTo(at(tuesday.plusDays(3), 9, 30));
        double before = breaches(who);

        advanceTo(engine, clock, due.plusSeconds(60));

        eventually(() -> assertThat(instance(m))
                .hasPassedElementsInOrder(
                        ProcessIds.SLA_DEADLINE_TIMER,
                        "AnswerOverdueGateway",
                        ProcessIds.RESPONSE_SLA_BREACHED,
                        ProcessIds.RECORD_SLA_BREACH_TASK)
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK, ProcessIds.REVIEW_SLA_BREACH_TASK));
        ResponseSla breached = sla(m);
        assertThat(breached.getBreachedAt()).isAfterOrEqualTo(due);
        assertThat(breached.getAssignee()).isEqualTo(who.username());
        assertThat(breaches(who)).isEqualTo(before + 1);
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .containsOnlyOnce("SLA_BREACHED");
        var review = userTasks
                .findOpenTask(m.getProcessInstanceKey(), ProcessIds.REVIEW_SLA_BREACH_TASK)
                .orElseThrow();
        assertThat(review.assignee()).isEqualTo("sam");
        assertThat(userTaskCreated(engine, m.getProcessInstanceKey(), ProcessIds.REVIEW_SLA_BREACH_TASK)
                        .orElseThrow()
                        .getFormKey())
                .isPositive();
        assertThat(userTasks.findOpenTask(m.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(who.username()));
        // Admins see it on /actuator/prometheus under the exact name sla_breaches_total.
        Api.Response scrape = new Api(port).get("admin", "/actuator/prometheus");
        assertThat(scrape.body())
                .containsPattern("sla_breaches_total\\{category=\"SUPPORT_SEEKING\"," + "clinician=\"" + who.username()
                        + "\"[^}]*} 1\\.0");

        userTasks.complete(review.userTaskKey(), Map.of("breachCause", "WORKLOAD", "clientContacted", true));
        eventually(() -> assertThat(instance(m)).hasPassedElement("SlaBreachReviewedEvent"));
        assertThat(sla(m).getReviewOutcome()).isEqualTo("WORKLOAD");
        assertThat(sla(m).getReviewedBy()).isEqualTo("sam");
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .filteredOn(e -> e.getEventType().equals("SLA_BREACH_REVIEWED"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails()).contains("\"clientContacted\":\"true\""));

        // The late answer still completes the clinician's task; it is recorded as not on time.
        advance(engine, clock, Duration.ofHours(1));
        answer(m, who);
        eventually(() -> assertThat(instance(m)).isCompleted().hasPassedElement("MessageAnsweredEvent"));
        ResponseSla answered = sla(m);
        assertThat(answered.getOnTime()).isFalse();
        assertThat(answered.getBusinessSeconds())
                .isGreaterThan(Duration.ofHours(24).toSeconds());
        assertThat(breaches(who)).isEqualTo(before + 1);
    }

    @Test
    void anOnTimeAnswerCancelsTheReminderAndTheDeadline() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate wednesday = next(clock, DayOfWeek.WEDNESDAY, businessDays(calendar, 0, 1, 2));
        Instant received = at(wednesday, 11, 0);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = send(who, received);

        advance(engine, clock, Duration.ofHours(3));
        answer(m, who);

        eventually(() -> assertThat(instance(m))
                .isCompleted()
                .hasPassedElement("MessageAnsweredEvent")
                .hasNotPassedElement(ProcessIds.RESPONSE_REMINDER_TIMER)
                .hasNotPassedElement(ProcessIds.RESPONSE_SLA_BREACHED));
        assertThat(timerEvents(engine, m.getProcessInstanceKey()))
                .containsExactlyInAnyOrder(
                        ProcessIds.RESPONSE_REMINDER_TIMER + ":CREATED", ProcessIds.SLA_DEADLINE_TIMER + ":CREATED",
                        ProcessIds.RESPONSE_REMINDER_TIMER + ":CANCELED", ProcessIds.SLA_DEADLINE_TIMER + ":CANCELED");
        // Moving past the old due time changes nothing.
        advanceTo(engine, clock, m.getDueAt().plus(Duration.ofHours(1)));
        assertThat(instance(m)).hasNotPassedElement(ProcessIds.RESPONSE_SLA_BREACHED);
        ResponseSla sla = sla(m);
        assertThat(sla.getOnTime()).isTrue();
        assertThat(sla.getBreachedAt()).isNull();
        assertThat(sla.getRemindedAt()).isNull();
        assertThat(sla.getAnsweredBy()).isEqualTo(who.username());
        assertThat(sla.getBusinessSeconds())
                .isBetween(
                        Duration.ofHours(3).toSeconds(),
                        Duration.ofHours(3).plusMinutes(1).toSeconds());
        assertThat(sla.getOutsideOfficeHours()).isFalse();
    }

    @Test
    void aDbtSkillsCoachingClientGetsTheModalityWindowFromTheRoutingTable() {
        // The clinician's own policy offers DBT skills coaching; the intake review chose it for this client.
        PolicyDocument offersCoaching = fixtures.practicePolicy()
                .overriddenBy(new PolicyDocument(
                        null, null, null, null, null, null, new PolicyDocument.ModalityExceptions(true, true), null));
        TestClinician coached = fixtures.newClinicianWithClient(offersCoaching, "DBT_SKILLS_COACHING");
        // Same arrangement on record, but the policy in force no longer offers coaching: standard window.
        PolicyDocument noCoaching = fixtures.practicePolicy()
                .overriddenBy(new PolicyDocument(
                        null, null, null, null, null, null, new PolicyDocument.ModalityExceptions(false, true), null));
        TestClinician notOffered = fixtures.newClinicianWithClient(noCoaching, "DBT_SKILLS_COACHING");
        BusinessCalendar calendar = fixtures.calendar(coached.clinician());
        LocalDate monday = next(clock, DayOfWeek.MONDAY, businessDays(calendar, 0, 1, 2, 3));
        Instant received = at(monday, 10, 0);
        advanceTo(engine, clock, received.plusSeconds(1));

        Message m = send(coached, received);
        Message standard = send(notOffered, received);

        // message-route, rule "DBT skills coaching": 4 business hours.
        Instant due = at(monday, 14, 0);
        assertThat(m.getDueAt()).isEqualTo(due);
        assertThat(sla(m).getWindowKey()).isEqualTo("4BH");
        assertThat(instance(m))
                .hasVariableWithValue("modality", "DBT_SKILLS_COACHING")
                .hasVariableWithValue("responseWindowKey", "4 business hours")
                .hasVariableWithValue("responseDueAt", due.toString());
        assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.SLA_DEADLINE_TIMER))
                .containsExactly(due);
        assertThat(instance(standard))
                .hasVariableWithValue("modality", "STANDARD")
                .hasVariableWithValue("responseWindowKey", "policy window");
        assertThat(sla(standard).getWindowKey()).isEqualTo("24BH");
        assertThat(standard.getDueAt()).isEqualTo(at(monday.plusDays(3), 10, 0));
    }

    @Test
    void aTaskCompletedInTasklistWithoutAReplyRecordsTheResponseTimeOnce() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate tuesday = next(clock, DayOfWeek.TUESDAY, businessDays(calendar, 0, 1, 2, 3));
        Instant received = at(tuesday, 9, 30);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = send(who, received);

        // The clinician phoned the client and closes the task in Tasklist two business hours later.
        Instant completed = at(tuesday, 11, 30);
        advanceTo(engine, clock, completed);
        long taskKey = userTaskCreated(engine, m.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .orElseThrow()
                .getUserTaskKey();
        userTasks.complete(taskKey, Map.of("answerOutcome", "PHONE"));

        eventually(() -> assertThat(instance(m))
                .isCompleted()
                .hasPassedElementsInOrder(
                        ProcessIds.RESPOND_TO_MESSAGE_TASK,
                        ProcessIds.RECORD_RESPONSE_TIME_TASK,
                        "MessageAnsweredEvent"));
        ResponseSla sla = sla(m);
        assertThat(sla.getAnsweredBy()).isEqualTo(who.username());
        // The engine's time at completion (its clock may have moved a few ms while the test waited, and
        // with -Dbsc.test.clock the two clocks were aligned a few ms apart).
        assertThat(sla.getAnsweredAt()).isBetween(completed.minusSeconds(1), completed.plusSeconds(5));
        assertThat(sla.getBusinessSeconds())
                .isBetween(
                        Duration.ofHours(2).minusSeconds(1).toSeconds(),
                        Duration.ofHours(2).plusSeconds(5).toSeconds());
        assertThat(sla.getOnTime()).isTrue();
        assertThat(sla.getOutsideOfficeHours()).isFalse();
        assertThat(messages.findById(m.getId()).orElseThrow().getStatus()).isEqualTo(MessageStatus.ANSWERED);
        // How the clinician answered, as the task's form said, is in the audit trail.
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .filteredOn(e -> e.getEventType().equals("ANSWER_RECORDED_FROM_TASK"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails()).contains("\"how\":\"PHONE\""));

        // A second delivery of the job changes nothing (idempotent).
        assertThat(slaService.recordTaskCompletion(
                        m.getId(), "someone-else", completed.plus(Duration.ofHours(1)), "PHONE"))
                .isFalse();
        assertThat(sla(m).getAnsweredAt()).isEqualTo(sla.getAnsweredAt());
        assertThat(sla(m).getAnsweredBy()).isEqualTo(who.username());
    }

    @Test
    void theAnswerTaskCompletesOnlyWithAStoredReplyOrAnExplicitAuditedOutcome() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate wednesday = next(clock, DayOfWeek.WEDNESDAY, businessDays(calendar, 0, 1, 2));
        Instant received = at(wednesday, 9, 30);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = send(who, received);
        advanceTo(engine, clock, at(wednesday, 10, 0));
        long first = userTaskCreated(engine, m.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .orElseThrow()
                .getUserTaskKey();

        // An older form's "Reply sent through the secure portal", with no reply stored: sent back.
        userTasks.complete(first, Map.of("answeredBy", "PORTAL_REPLY"));
        eventually(() -> assertThat(instance(m))
                .hasPassedElement("AnswerNotRecordedEvent")
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .hasVariableWithValue(
                        "answerProblem", outcomes.problem(m.getId(), null, null).orElseThrow()));
        assertThat(messages.findById(m.getId()).orElseThrow().getStatus()).isEqualTo(MessageStatus.AWAITING_RESPONSE);
        assertThat(sla(m).getAnsweredAt()).isNull();
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("ANSWER_TASK_COMPLETED_WITHOUT_ANSWER")
                .doesNotContain("ANSWER_RECORDED_FROM_TASK");

        // "No answer needed" without a reason: sent back again, saying what is missing.
        long second = openTaskKey(m, first);
        userTasks.complete(second, Map.of("answerOutcome", "NO_ANSWER_NEEDED"));
        eventually(() -> assertThat(instance(m)).hasVariableWithValue("answerProblem", "Say why no answer is needed."));
        long third = openTaskKey(m, second);

        // With a reason it counts: audited with the outcome and the reason, never text.
        userTasks.complete(
                third, Map.of("answerOutcome", "NO_ANSWER_NEEDED", "noAnswerReason", "DISCUSS_IN_NEXT_SESSION"));
        eventually(() -> assertThat(instance(m))
                .isCompleted()
                .hasPassedElement("MessageAnsweredEvent")
                .hasVariableWithValue("answerProblem", ""));
        assertThat(sla(m).getAnsweredBy()).isEqualTo(who.username());
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .filteredOn(e -> e.getEventType().equals("ANSWERED_OUTSIDE_APPLICATION"))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.getDetails()).contains("NO_ANSWER_NEEDED").contains("DISCUSS_IN_NEXT_SESSION"));
    }

    /** The answer task created again after {@code previous} was sent back. */
    private long openTaskKey(Message m, long previous) {
        long[] key = new long[1];
        eventually(() -> {
            var task = userTasks
                    .findOpenTask(m.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK)
                    .orElseThrow();
            assertThat(task.userTaskKey()).isNotEqualTo(previous);
            key[0] = task.userTaskKey();
        });
        return key[0];
    }

    @Test
    void aReplyThroughTheApplicationIsRecordedByTheReplyAndNotAgainByTheTask() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate thursday = next(clock, DayOfWeek.THURSDAY, businessDays(calendar, 0, 1));
        Instant received = at(thursday, 13, 0);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = send(who, received);
        advanceTo(engine, clock, at(thursday, 14, 0));
        answer(m, who);
        eventually(() -> assertThat(instance(m)).isCompleted().hasPassedElement(ProcessIds.RECORD_RESPONSE_TIME_TASK));
        assertThat(sla(m).getAnsweredAt())
                .isBetween(at(thursday, 14, 0), at(thursday, 14, 0).plusSeconds(5));
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .doesNotContain("ANSWER_RECORDED_FROM_TASK");
    }

    @Test
    void anUnknownSendersDueTimeSkipsPracticeHolidays() {
        // Unknown senders are measured on the practice's front-desk calendar (weekdays 9-17).
        var zone = fixtures.practice().getTimeZone();
        BusinessCalendar weekdays =
                fixtures.calendar(fixtures.newClinicianWithClient().clinician());
        LocalDate friday = next(clock, DayOfWeek.FRIDAY, businessDays(weekdays, 4));
        LocalDate monday = friday.plusDays(3);
        fixtures.addPracticeHoliday(monday, "Test holiday");
        try {
            Instant received = friday.atTime(10, 0).atZone(zone).toInstant();
            advanceTo(engine, clock, received.plusSeconds(1));
            Message accepted = service.accept(new InboundMessageRequest(
                            Channel.EMAIL,
                            "sla-unknown-" + UUID.randomUUID(),
                            null,
                            "someone." + UUID.randomUUID() + "@example.net",
                            "Hello, do you have openings for new clients?",
                            received))
                    .message();
            Message m = awaitMessage(accepted.getId(), x -> x.getRoute() != null);
            assertThat(m.getClientId()).isNull();
            assertThat(m.getRoute()).isEqualTo("COORDINATOR");
            // 1BD from Friday: the close of the next business day; Monday is the practice's holiday.
            Instant due = monday.plusDays(1).atTime(17, 0).atZone(zone).toInstant();
            assertThat(m.getDueAt()).isEqualTo(due);
            assertThat(sla(m).getDueAt()).isEqualTo(due);
            eventually(
                    () -> assertThat(instance(m)).isWaitingAtElements(ProcessIds.HANDLE_ADMINISTRATIVE_MESSAGE_TASK));
            assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.ADMINISTRATIVE_SLA_DEADLINE_TIMER))
                    .containsExactly(due);
        } finally {
            fixtures.removePracticeHoliday(monday);
        }
    }

    @Test
    void anAdministrativeMessageRemindsTheCoordinatorThenBreachesToTheSupervisor() {
        TestClinician who = fixtures.newClinicianWithClient();
        // Administrative due times use the calendar of the client's clinician (docs/sla.md).
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate monday = next(clock, DayOfWeek.MONDAY, businessDays(calendar, 0, 1, 2));
        Instant received = at(monday, 10, 0);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message accepted = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "sla-admin-" + UUID.randomUUID(),
                        who.client().getId(),
                        null,
                        "Can you send me a receipt for last month's sessions for my insurance?",
                        received))
                .message();
        Message m = awaitMessage(accepted.getId(), x -> x.getRoute() != null);
        assertThat(m.getCategory()).isEqualTo("ADMINISTRATIVE");
        assertThat(m.getRoute()).isEqualTo("COORDINATOR");
        eventually(() -> assertThat(instance(m)).isWaitingAtElements(ProcessIds.HANDLE_ADMINISTRATIVE_MESSAGE_TASK));
        String coordinator = userTasks
                .findOpenTask(m.getProcessInstanceKey(), ProcessIds.HANDLE_ADMINISTRATIVE_MESSAGE_TASK)
                .orElseThrow()
                .assignee();
        assertThat(coordinator).isEqualTo("casey");
        // 1BD from Monday: close of Tuesday. 75 % of 15 business hours: 7 h Monday + 4 h 15 Tuesday.
        Instant due = at(monday.plusDays(1), 17, 0);
        Instant reminder = at(monday.plusDays(1), 13, 15);
        assertThat(m.getDueAt()).isEqualTo(due);
        assertThat(sla(m).getReminderAt()).isEqualTo(reminder);
        assertThat(sla(m).getAssignee()).isEqualTo(coordinator);
        assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.ADMINISTRATIVE_REMINDER_TIMER))
                .containsExactly(reminder);
        assertThat(timerDueDates(m.getProcessInstanceKey(), ProcessIds.ADMINISTRATIVE_SLA_DEADLINE_TIMER))
                .containsExactly(due);
        var counter = meters.find("sla.breaches")
                .tags("category", "ADMINISTRATIVE", "clinician", coordinator)
                .counter();
        double before = counter == null ? 0 : counter.count();
        long breachedBefore = breachedAdministrative(coordinator);

        advanceTo(engine, clock, reminder.plusSeconds(60));
        eventually(() -> assertThat(instance(m))
                .hasPassedElementsInOrder(
                        ProcessIds.ADMINISTRATIVE_REMINDER_TIMER,
                        ProcessIds.REMIND_COORDINATOR_TASK,
                        "CoordinatorRemindedEvent")
                .isWaitingAtElements(ProcessIds.HANDLE_ADMINISTRATIVE_MESSAGE_TASK)
                .hasNotPassedElement(ProcessIds.RESPONSE_SLA_BREACHED));
        assertThat(sla(m).getRemindedAt()).isNotNull();

        advanceTo(engine, clock, due.plusSeconds(60));
        eventually(() -> assertThat(instance(m))
                .hasPassedElementsInOrder(
                        ProcessIds.ADMINISTRATIVE_SLA_DEADLINE_TIMER,
                        "AnswerOverdueGateway",
                        ProcessIds.RESPONSE_SLA_BREACHED,
                        ProcessIds.RECORD_SLA_BREACH_TASK)
                .isWaitingAtElements(ProcessIds.HANDLE_ADMINISTRATIVE_MESSAGE_TASK, ProcessIds.REVIEW_SLA_BREACH_TASK));
        assertThat(sla(m).getBreachedAt()).isAfterOrEqualTo(due);
        // One more per administrative message that breached meanwhile (other tests' may be open too).
        long newlyBreached = breachedAdministrative(coordinator) - breachedBefore;
        assertThat(newlyBreached).isPositive();
        eventually(() -> assertThat(meters.find("sla.breaches")
                        .tags("category", "ADMINISTRATIVE", "clinician", coordinator)
                        .counter()
                        .count())
                .isEqualTo(before + newlyBreached));
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .containsOnlyOnce("SLA_REMINDER_SENT")
                .containsOnlyOnce("SLA_BREACHED");
        assertThat(userTasks
                        .findOpenTask(m.getProcessInstanceKey(), ProcessIds.REVIEW_SLA_BREACH_TASK)
                        .orElseThrow()
                        .assignee())
                .isEqualTo("sam");

        // The coordinator answers late: recorded once, not on time, the process ends there.
        advance(engine, clock, Duration.ofMinutes(30));
        service.reply(
                m.getId(),
                new ReplyRequest("Your receipt is attached. " + UUID.randomUUID()),
                new CurrentUser(coordinator, StaffRole.COORDINATOR));
        eventually(() -> assertThat(instance(m))
                .hasPassedElementsInOrder(
                        ProcessIds.HANDLE_ADMINISTRATIVE_MESSAGE_TASK,
                        ProcessIds.RECORD_ADMINISTRATIVE_RESPONSE_TIME_TASK,
                        "AdministrativeMessageHandledEvent"));
        assertThat(sla(m).getOnTime()).isFalse();
        assertThat(sla(m).getAnsweredBy()).isEqualTo(coordinator);
    }
}
