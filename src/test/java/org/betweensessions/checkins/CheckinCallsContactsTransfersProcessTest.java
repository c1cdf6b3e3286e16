package org.betweensessions.checkins;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
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
import org.awaitility.Awaitility;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.EmergencyContactDetails;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.ClinicianLeave;
import org.betweensessions.clinician.ClinicianLeaveRepository;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * safety-plan-checkins on the real engine and MariaDB, driven by the engine clock: check-ins by
 * scheduled call (decision checkin-by: a DBT skills-coaching client), reached and safe, not reached
 * (into the missed check-in outreach), not done in time, and during the clinician's leave for the
 * covering clinician; outreach to the emergency contact only with the client's consent (in the
 * client's language, nothing clinical, never in the engine); a transfer within the practice moves
 * the check-ins to the new clinician, a transfer out of it ends the instance with no timer left.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CheckinCallsContactsTransfersProcessTest extends EmbeddedStackTest {

    static final String REASON = "Plan with means disclosed; C-SSRS positive " + UUID.randomUUID();

    @Autowired
    MovableClock clock;

    @Autowired
    SafetyPlanCheckins checkins;

    @Autowired
    EmergencyContacts emergencyContacts;

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
    MessageService messageService;

    @Autowired
    ClinicianLeaveRepository leaves;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    MyWork myWork;

    @Autowired
    CamundaClient camunda;

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

    /**
     * Raised by alex. With {@code dbt}: the client's between-session arrangement is DBT skills
     * coaching by phone (as the intake review would record it), so checkin-by makes the check-ins
     * scheduled calls.
     */
    private RiskEpisode raised(Client client, boolean dbt) {
        RiskEpisode raised = tx.execute(s -> {
            RiskEpisode e = checkins.raise(client, CssrsLevel.HIGH, REASON, "alex");
            if (dbt) {
                jdbc.update(
                        "update risk_episode set modality = 'DBT_SKILLS_COACHING' where id = ?",
                        e.getId().toString());
            }
            return e;
        });
        RiskEpisode episode = Awaitility.await()
                .atMost(WAIT)
                .until(() -> episodes.findById(raised.getId()).orElseThrow(), e -> e.getProcessInstanceKey() != null);
        eventually(() -> assertThat(instance(episode))
                .isWaitingAtElements(ProcessIds.REVIEW_SAFETY_PLAN_TASK, ProcessIds.CHECKIN_DUE_TIMER));
        return episode;
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

    private SafetyCheckin reload(SafetyCheckin c) {
        return checkinRows.findById(c.getId()).orElseThrow();
    }

    private OutboundNotification sent(String key) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> outbox.findByIdempotencyKey(key), Optional::isPresent)
                .orElseThrow();
    }

    private UserTasks.OpenUserTask callTask(RiskEpisode episode) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.CHECKIN_CALL_TASK),
                        Optional::isPresent)
                .orElseThrow();
    }

    private List<String> auditTypes(Client client) {
        return audit.eventsFor("CLIENT", client.getId()).stream()
                .map(AuditEvent::getEventType)
                .toList();
    }

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

    private void clientWrites(Client client, String body) {
        messageService.accept(new InboundMessageRequest(
                Channel.PORTAL, "checkin-" + UUID.randomUUID(), client.getId(), null, body, null));
    }

    @Test
    void aScheduledCallNotReachedGoesIntoTheOutreachAndTellsTheConsentingEmergencyContact() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String contactName = "Robin Contact " + UUID.randomUUID().toString().substring(0, 6);
        emergencyContacts.record(
                client,
                new EmergencyContactDetails(contactName, "+1 555 0100", "robin@example.org", "sister", true),
                "casey");
        RiskEpisode episode = raised(client, true);
        SafetyCheckin first = checkin(episode, 1);
        assertThat(first.isByCall()).isTrue();

        advanceTo(first.getDueAt().plusSeconds(30));
        UserTasks.OpenUserTask task = callTask(episode);
        String clinician = careTeam.responsibleFor(client.getClinicianId());
        assertThat(task.assignee()).isEqualTo(clinician);
        assertThat(ZonedDateTime.parse(task.dueDate()).toInstant()).isEqualTo(first.getDueAt());
        // A call: no check-in message goes out.
        assertThat(outbox.findByIdempotencyKey("checkin:" + first.getId())).isEmpty();
        assertThat(reload(first).getReplyBy())
                .isEqualTo(reload(first).getSentAt().plus(Duration.ofHours(24)));
        assertThat(auditTypes(client)).contains("CHECKIN_CALL_DUE");
        // "My work": at the top for the clinician who holds the call.
        assertThat(myWork.of(new CurrentUser(clinician, StaffRole.CLINICIAN)).stream()
                        .filter(i -> client.getId().equals(i.clientId()))
                        .map(i -> i.kind().name()))
                .contains("CHECKIN_CALL");

        userTasks.complete(task.userTaskKey(), Map.of("checkinCallOutcome", "NOT_REACHED"));

        // Not reached: the missed check-in outreach, as for an unanswered message; the emergency
        // contact hears too, because the client consented.
        OutboundNotification toClient = sent("checkin-outreach:" + first.getId() + ":1");
        assertThat(toClient.getRecipient()).isNull();
        OutboundNotification toContact = sent("checkin-outreach-contact:" + first.getId() + ":1");
        assertThat(toContact.getRecipient()).isEqualTo("EMERGENCY_CONTACT");
        assertThat(toContact.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(toContact.getTemplateKey()).isEqualTo(EmergencyContacts.TEMPLATE);
        assertThat(toContact.getLanguage()).isEqualTo(client.getPreferredLanguage());
        assertThat(toContact.getBody())
                .contains(contactName, client.getDisplayName())
                .doesNotContainIgnoringCase("check-in")
                .doesNotContainIgnoringCase("risk")
                .doesNotContainIgnoringCase("safety")
                .doesNotContainIgnoringCase("therap");
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("OutreachReplyGateway"));
        assertThat(reload(first).getCallOutcome()).isEqualTo("NOT_REACHED");
        assertThat(myWork.of(new CurrentUser(clinician, StaffRole.CLINICIAN)).stream()
                        .filter(i -> client.getId().equals(i.clientId()))
                        .map(i -> i.kind().name()))
                .doesNotContain("CHECKIN_CALL");
        assertThat(reload(first).getMissedAt()).isNotNull();
        assertThat(auditTypes(client))
                .containsSubsequence(
                        "CHECKIN_CALL_DUE",
                        "CHECKIN_CALL_RECORDED",
                        "CHECKIN_MISSED",
                        "CHECKIN_OUTREACH_ATTEMPT",
                        "EMERGENCY_CONTACT_OUTREACH");

        // The second attempt reaches the contact too; then the client writes and the check-in closes.
        advance(Duration.ofHours(4).plusMinutes(1));
        sent("checkin-outreach-contact:" + first.getId() + ":2");
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("OutreachReplyGateway"));
        clientWrites(client, "Sorry, phone was off. I'm okay.");
        eventually(() -> assertThat(reload(first).getAnsweredAt()).isNotNull());
        SafetyCheckin second = checkin(episode, 2);
        assertThat(second.isByCall()).isTrue();
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("EMERGENCY_CONTACT_OUTREACH")))
                .hasSize(2);
        // Nothing of the contact in the engine.
        assertThat(engineRecordsMentioning(contactName)).isEmpty();
        assertThat(engineRecordsMentioning("robin@example.org")).isEmpty();

        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
        assertThat(openTimers(episode.getProcessInstanceKey())).isZero();
    }

    @Test
    void aCallReachedAndSafeClosesTheCheckInAndACallNotDoneInTimeCountsAsMissed() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        // An emergency contact without consent to contact them: never told.
        emergencyContacts.record(
                client, new EmergencyContactDetails("Sam Neighbour", null, "sam@example.org", null, false), "alex");
        RiskEpisode episode = raised(client, true);
        SafetyCheckin first = checkin(episode, 1);
        advanceTo(first.getDueAt().plusSeconds(30));
        userTasks.complete(callTask(episode).userTaskKey(), Map.of("checkinCallOutcome", "REACHED_AND_SAFE"));

        eventually(() -> assertThat(reload(first).getAnsweredAt()).isNotNull());
        assertThat(reload(first).getMissedAt()).isNull();
        assertThat(reload(first).getCallOutcome()).isEqualTo("REACHED_AND_SAFE");
        SafetyCheckin second = checkin(episode, 2);
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements(ProcessIds.CHECKIN_DUE_TIMER));
        assertThat(auditTypes(client)).containsSubsequence("CHECKIN_CALL_RECORDED", "CHECKIN_ANSWERED");

        // The second call is not done within the reply window: missed, and the outreach starts.
        advanceTo(second.getDueAt().plusSeconds(30));
        callTask(episode);
        SafetyCheckin opened = Awaitility.await().atMost(WAIT).until(() -> reload(second), c -> c.getReplyBy() != null);
        assertThat(timerDueDates(episode.getProcessInstanceKey(), ProcessIds.CHECKIN_CALL_NOT_DONE_TIMER))
                .last()
                .isEqualTo(millis(opened.getReplyBy()));
        advanceTo(opened.getReplyBy().plusSeconds(60));
        sent("checkin-outreach:" + second.getId() + ":1");
        eventually(() -> assertThat(instance(episode)).isWaitingAtElements("OutreachReplyGateway"));
        assertThat(userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.CHECKIN_CALL_TASK))
                .isEmpty();
        assertThat(reload(second).getMissedAt()).isNotNull();
        assertThat(reload(second).getCallOutcome()).isNull();
        // No consent: nothing to the emergency contact.
        assertThat(outbox.findByIdempotencyKey("checkin-outreach-contact:" + second.getId() + ":1"))
                .isEmpty();
        assertThat(auditTypes(client)).doesNotContain("EMERGENCY_CONTACT_OUTREACH");

        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void aCheckInCallDuringTheClinicianLeaveGoesToTheCoveringClinician() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        var alex = clinicians.findById(client.getClinicianId()).orElseThrow();
        var blair = clinicians.findByUsername("blair").orElseThrow();
        LocalDate today = clock.instant().atZone(alex.getTimeZone()).toLocalDate();
        var leave = leaves.save(new ClinicianLeave(alex.getId(), today, today.plusDays(14), blair.getId()));
        try {
            RiskEpisode episode = raised(client, true);
            SafetyCheckin first = checkin(episode, 1);
            advanceTo(first.getDueAt().plusSeconds(30));
            UserTasks.OpenUserTask task = callTask(episode);
            assertThat(task.assignee()).isEqualTo("blair");
            assertThat(reload(first).getCallAssignee()).isEqualTo("blair");
            assertThat(audit.eventsFor("CLIENT", client.getId()))
                    .filteredOn(e -> e.getEventType().equals("CHECKIN_CALL_DUE"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getDetails()).contains("\"assignee\":\"blair\""));
            userTasks.complete(task.userTaskKey(), Map.of("checkinCallOutcome", "OTHER"));
            eventually(() -> assertThat(reload(first).getAnsweredAt()).isNotNull());
            checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
            eventually(() -> assertThat(instance(episode)).isCompleted());
        } finally {
            leaves.delete(leave);
        }
    }

    @Test
    void aTransferWithinThePracticeMovesTheCheckInsToTheNewClinician() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        var blair = clinicians.findByUsername("blair").orElseThrow();
        RiskEpisode episode = raised(client, true);
        SafetyCheckin first = checkin(episode, 1);
        String alexNow = careTeam.responsibleFor(client.getClinicianId());
        assertThat(userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.REVIEW_SAFETY_PLAN_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(alexNow));

        checkins.transfer(client, ClientTransfer.Kind.WITHIN_PRACTICE, blair.getId(), "Moving to the DBT team", "alex");

        assertThat(clients.findById(client.getId()).orElseThrow().getClinicianId())
                .isEqualTo(blair.getId());
        assertThat(episodes.findById(episode.getId()).orElseThrow().getClinicianId())
                .isEqualTo(blair.getId());
        assertThat(auditTypes(client)).contains("CLIENT_TRANSFERRED", "SAFETY_CHECKINS_TRANSFERRED");
        String blairNow = careTeam.responsibleFor(blair.getId());
        // The instance's assignee for tasks to come (the risk re-rating) is the new clinician's.
        eventually(() -> assertThat(instance(episode)).hasVariableWithValue("clinicianAssignee", blairNow));
        // The safety-plan review open at the moment of the transfer moves too.
        eventually(() -> assertThat(
                        userTasks.findOpenTask(episode.getProcessInstanceKey(), ProcessIds.REVIEW_SAFETY_PLAN_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo(blairNow)));
        assertThat(userTasks.openTasksFor(alexNow, List.of()))
                .noneMatch(t -> t.processInstanceKey() == episode.getProcessInstanceKey());

        // The next task the check-ins create is the new clinician's.
        advanceTo(first.getDueAt().plusSeconds(30));
        assertThat(callTask(episode).assignee()).isEqualTo(blairNow);
        assertThat(engineRecordsMentioning("Moving to the DBT team")).isEmpty();

        checkins.endForClient(client.getId(), EndReason.TERMINATED, "blair");
        eventually(() -> assertThat(instance(episode)).isCompleted());
    }

    @Test
    void aTransferOutOfThePracticeEndsTheCheckInsWithNoTimerLeftAndNothingSentAfter() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client, false);
        SafetyCheckin first = checkin(episode, 1);

        checkins.transfer(client, ClientTransfer.Kind.OUT_OF_PRACTICE, null, "Moved to another state", "alex");

        eventually(() -> assertThat(instance(episode)).isCompleted().hasPassedElement(ProcessIds.CHECKINS_ENDED_EVENT));
        assertThat(openTimers(episode.getProcessInstanceKey())).isZero();
        RiskEpisode ended = episodes.findById(episode.getId()).orElseThrow();
        assertThat(ended.getEndReason()).isEqualTo(EndReason.TRANSFERRED);
        assertThat(ended.isOpen()).isFalse();
        assertThat(reload(first).getClosedAt()).isNotNull();
        assertThat(auditTypes(client)).contains("CLIENT_TRANSFERRED", "SAFETY_CHECKINS_ENDED");
        // Time passes beyond the check-in's due time: nothing goes out.
        advance(Duration.ofDays(8));
        assertThat(outbox.findByIdempotencyKey("checkin:" + first.getId())).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from outbox where client_id = ? and template_key like 'checkin%'",
                        Integer.class, client.getId().toString()))
                .isZero();
    }

    @Test
    void aLostInstanceAtACheckInCallIsRebuiltWithTheSameTaskAssigneeAndWindow() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = raised(client, true);
        long lost = episode.getProcessInstanceKey();
        SafetyCheckin first = checkin(episode, 1);
        advanceTo(first.getDueAt().plusSeconds(30));
        String assignee = callTask(episode).assignee();
        SafetyCheckin opened = reload(first);

        camunda.newCancelInstanceCommand(lost).send().join();
        eventually(() -> assertThat(new InspectedProcessInstance(lost)).isTerminated());
        Reconciliation.Outcome outcome = reconciliation.reconcileRiskEpisodes(List.of(episode.getId()));
        assertThat(outcome.redriven()).isEqualTo(1);
        RiskEpisode rebuilt = episodes.findById(episode.getId()).orElseThrow();
        assertThat(rebuilt.getProcessInstanceKey()).isNotEqualTo(lost);

        // The same call task again, for the same person, with the stored window; nothing audited twice.
        assertThat(callTask(rebuilt).assignee()).isEqualTo(assignee);
        eventually(
                () -> assertThat(timerDueDates(rebuilt.getProcessInstanceKey(), ProcessIds.CHECKIN_CALL_NOT_DONE_TIMER))
                        .containsExactly(millis(opened.getReplyBy())));
        assertThat(reload(first).getSentAt()).isEqualTo(opened.getSentAt());
        assertThat(auditTypes(client).stream().filter("CHECKIN_CALL_DUE"::equals))
                .hasSize(1);
        assertThat(checkinRows.findByEpisodeIdOrderByNumberAsc(episode.getId())).hasSize(1);

        userTasks.complete(callTask(rebuilt).userTaskKey(), Map.of("checkinCallOutcome", "REACHED_AND_SAFE"));
        eventually(() -> assertThat(reload(first).getAnsweredAt()).isNotNull());
        checkin(rebuilt, 2);
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(rebuilt)).isCompleted());
    }
}
