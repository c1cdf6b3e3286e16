package org.betweensessions.sla;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.betweensessions.sla.SlaFixtures.advance;
import static org.betweensessions.sla.SlaFixtures.advanceTo;
import static org.betweensessions.sla.SlaFixtures.at;
import static org.betweensessions.sla.SlaFixtures.next;

import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
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
 * Consistency and availability creep on the real stack: answers outside office hours or far faster
 * than the window lead to one gentle reset prompt (a Tasklist task with the seeds' reset language),
 * and the daily digest goes out once at the start of the clinician's office hours. Moves the engine
 * clock (with the application clock), so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AvailabilityCreepProcessTest extends EmbeddedStackTest {

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
    AvailabilityPromptRepository prompts;

    @Autowired
    AvailabilityCreep creep;

    @Autowired
    DailyDigest digest;

    @Autowired
    SlaDigestRepository digests;

    @Autowired
    AuditTrail audit;

    private Message send(TestClinician who, Instant receivedAt) {
        Message m = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "creep-" + UUID.randomUUID(),
                        who.client().getId(),
                        null,
                        "Could we talk about how this week went? I could use some " + "support with it.",
                        receivedAt))
                .message();
        Message routed = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        // AWAITING_RESPONSE is committed a moment before the engine creates the task.
        eventually(() -> assertThat(
                        userTasks.findOpenTask(routed.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .isPresent());
        return routed;
    }

    private void answer(Message m, TestClinician who) {
        service.reply(
                m.getId(),
                new ReplyRequest("Thanks, let's find a time. " + UUID.randomUUID()),
                new CurrentUser(who.username(), StaffRole.CLINICIAN));
    }

    private List<AvailabilityPrompt> promptsFor(TestClinician who) {
        return prompts.findByClinicianIdOrderByCreatedAtDesc(who.clinician().getId());
    }

    @Test
    void answersAt11pmRepeatedlyPromptTheClinicianOnceToResetExpectations() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate monday = next(clock, DayOfWeek.MONDAY, d -> calendar.isBusinessDay(d));

        for (int night = 0; night < 3; night++) {
            assertThat(promptsFor(who))
                    .as("no prompt before the third late answer")
                    .isEmpty();
            Instant received = at(monday.plusDays(night), 22, 30);
            advanceTo(engine, clock, received.plusSeconds(1));
            Message m = send(who, received);
            advanceTo(engine, clock, at(monday.plusDays(night), 23, 0));
            answer(m, who);
            ResponseSla sla = slas.findById(m.getId()).orElseThrow();
            assertThat(sla.getOutsideOfficeHours()).isTrue();
            assertThat(sla.getOnTime()).isTrue();
            assertThat(sla.getBusinessSeconds()).isZero();
        }

        List<AvailabilityPrompt> found = promptsFor(who);
        assertThat(found).hasSize(1);
        AvailabilityPrompt prompt = found.getFirst();
        assertThat(prompt.getReason()).isEqualTo(AvailabilityCreep.OUTSIDE_OFFICE_HOURS);
        assertThat(prompt.getOutsideHoursCount()).isEqualTo(3);
        InspectedProcessInstance instance = new InspectedProcessInstance(prompt.getProcessInstanceKey());
        eventually(() -> assertThat(instance)
                .isWaitingAtElements(ProcessIds.RESET_RESPONSE_EXPECTATIONS_TASK)
                .hasVariableWithValue("clinicianAssignee", who.username())
                .hasVariableWithValue(
                        "resetNoteEn",
                        "I notice I have answered some messages outside "
                                + "my office hours lately, such as late in the evening. I want to reset expectations "
                                + "that my typical response time is within 24 business hours, during office hours. "
                                + "I may sometimes answer sooner; please don't count on it. If you ever need help "
                                + "right away, call or text 988 or call 911."));
        var task = userTasks
                .findOpenTask(prompt.getProcessInstanceKey(), ProcessIds.RESET_RESPONSE_EXPECTATIONS_TASK)
                .orElseThrow();
        assertThat(task.assignee()).isEqualTo(who.username());

        // A fourth late answer within the cool-down starts no second prompt.
        Instant received = at(monday.plusDays(3), 22, 30);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message fourth = send(who, received);
        advance(engine, clock, Duration.ofMinutes(20));
        answer(fourth, who);
        assertThat(promptsFor(who)).hasSize(1);

        userTasks.complete(task.userTaskKey(), Map.of("resetPlan", "SEND_RESET_NOTE"));
        eventually(() -> assertThat(instance)
                .isCompleted()
                .hasPassedElementsInOrder(
                        ProcessIds.RESET_RESPONSE_EXPECTATIONS_TASK,
                        "RecordAvailabilityResetTask",
                        "ExpectationsResetEvent"));
        eventually(
                () -> assertThat(prompts.findById(prompt.getId()).orElseThrow().getOutcome())
                        .isEqualTo("SEND_RESET_NOTE"));
        assertThat(audit.eventsFor("CLINICIAN", who.clinician().getId()))
                .extracting(AuditEvent::getEventType)
                .containsExactly("AVAILABILITY_RESET_PROMPTED");
    }

    @Test
    void manyAnswersFarFasterThanTheWindowAlsoPromptAReset() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate tuesday = next(clock, DayOfWeek.TUESDAY, d -> calendar.isBusinessDay(d));
        advanceTo(engine, clock, at(tuesday, 10, 0));

        // Five answers, each within 10 minutes of a 24-business-hour window, all in office hours.
        for (int i = 0; i < 5; i++) {
            Message m = send(who, clock.instant());
            advance(engine, clock, Duration.ofMinutes(10));
            answer(m, who);
        }

        assertThat(creep.drift(who.username())).isEqualTo(new AvailabilityCreep.Drift(5, 0, 5));
        assertThat(promptsFor(who)).singleElement().satisfies(p -> {
            assertThat(p.getReason()).isEqualTo(AvailabilityCreep.FAST_ANSWERS);
            assertThat(p.getProcessInstanceKey()).isNotNull();
        });
    }

    @Test
    void theDailyDigestGoesOutOnceAtTheStartOfOfficeHoursWithWhatIsDueToday() {
        TestClinician who = fixtures.newClinicianWithClient();
        BusinessCalendar calendar = fixtures.calendar(who.clinician());
        LocalDate monday = next(
                clock,
                DayOfWeek.MONDAY,
                d -> calendar.isBusinessDay(d)
                        && calendar.isBusinessDay(d.plusDays(1))
                        && calendar.isBusinessDay(d.plusDays(2))
                        && calendar.isBusinessDay(d.plusDays(3)));
        Instant received = at(monday, 10, 0);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = send(who, received);
        LocalDate thursday = monday.plusDays(3);
        assertThat(m.getDueAt()).isEqualTo(at(thursday, 10, 0));

        advanceTo(engine, clock, at(thursday, 8, 59));
        assertThat(digest.sendDue())
                .noneMatch(d -> d.getId().clinicianId().equals(who.clinician().getId()));

        advanceTo(engine, clock, at(thursday, 9, 1));
        List<SlaDigest> sent = digest.sendDue();
        SlaDigest mine = sent.stream()
                .filter(d -> d.getId().clinicianId().equals(who.clinician().getId()))
                .findFirst()
                .orElseThrow();
        assertThat(mine.getId().digestDate()).isEqualTo(thursday);
        assertThat(mine.getDueToday()).isEqualTo(1);
        assertThat(mine.getOverdue()).isZero();
        assertThat(mine.getMessageIds()).isEqualTo(m.getId().toString());

        advance(engine, clock, Duration.ofMinutes(30));
        assertThat(digest.sendDue())
                .noneMatch(d -> d.getId().clinicianId().equals(who.clinician().getId()));
        assertThat(digests.findById(new SlaDigest.Key(who.clinician().getId(), thursday)))
                .isPresent();
    }

    @Test
    void theClinicianReadsTheirOwnDigestAndNobodyElseCan() {
        // A clinician with a login of their own (the demo's alex collects open messages across runs).
        TestClinician who = fixtures.clinicianWithLogin("digest-clinician");
        var alex = who.clinician();
        var jordan = who.client();
        // The database outlives runs and each run's clocks start from today again: an earlier run's
        // digest for the same date would stand in for this one (a digest is made once per date).
        digests.deleteAll(digests.findAll().stream()
                .filter(d -> d.getId().clinicianId().equals(alex.getId()))
                .toList());
        BusinessCalendar calendar = fixtures.calendar(alex);
        LocalDate monday = next(
                clock,
                DayOfWeek.MONDAY,
                d -> calendar.isBusinessDay(d)
                        && calendar.isBusinessDay(d.plusDays(1))
                        && calendar.isBusinessDay(d.plusDays(2))
                        && calendar.isBusinessDay(d.plusDays(3)));
        Instant received = at(monday, 10, 0);
        advanceTo(engine, clock, received.plusSeconds(1));
        Message m = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "digest-" + UUID.randomUUID(),
                        jordan.getId(),
                        null,
                        "Could we talk about how this week " + "went? I could use some support with it.",
                        received))
                .message();
        Message routed = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        LocalDate thursday = monday.plusDays(3);
        advanceTo(engine, clock, at(thursday, 9, 1));
        digest.sendDue();

        Api api = new Api(port);
        Api.Response mine = api.get("digest-clinician", "/api/sla/digest");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("date").asText()).isEqualTo(thursday.toString());
        assertThat(mine.json().get("dueToday").asInt()).isPositive();
        var item = StreamSupport.stream(mine.json().get("items").spliterator(), false)
                .filter(i -> i.get("messageId").asText().equals(m.getId().toString()))
                .findFirst()
                .orElseThrow();
        assertThat(item.get("clientId").asText()).isEqualTo(jordan.getId().toString());
        assertThat(item.get("category").asText()).isEqualTo(routed.getCategory());
        assertThat(Instant.parse(item.get("dueAt").asText())).isEqualTo(routed.getDueAt());
        assertThat(mine.body()).doesNotContain("support with it");

        // Other clinicians see their own digest (or none), never this one; other roles get 403, no
        // login 401.
        for (String other : List.of("alex", "blair")) {
            Api.Response theirs = api.get(other, "/api/sla/digest");
            assertThat(theirs.status()).isIn(200, 404);
            assertThat(theirs.body()).doesNotContain(m.getId().toString());
        }
        assertThat(api.get("sam", "/api/sla/digest").status()).isEqualTo(403);
        assertThat(api.get("admin", "/api/sla/digest").status()).isEqualTo(403);
        assertThat(api.get("casey", "/api/sla/digest").status()).isEqualTo(403);
        assertThat(api.get("portal", "/api/sla/digest").status()).isEqualTo(403);
        assertThat(api.get(null, "/api/sla/digest").status()).isEqualTo(401);
    }
}
