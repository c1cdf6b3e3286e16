package org.betweensessions.reliability;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.crisis.CrisisAcknowledgementRepository;
import org.betweensessions.crisis.StaffAlert;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.CrisisAcknowledgementRequest;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.inbox.ReplyRequest;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.Reconciliation;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.sla.ResponseSla;
import org.betweensessions.sla.ResponseSlaRepository;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The engine loses an instance (here: cancelled, as a crash of the in-memory engine or a cancel in
 * Operate would); reconciliation drives the open message again from the database. It resumes where
 * it stood (same task, same assignee, same absolute deadlines, same escalation level) and nothing is
 * done twice (alerts, auto-replies, audit entries). Moves the engine clock: own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReconciliationProcessTest extends EmbeddedStackTest {

    static final String CRISIS = "I can't do this anymore. I have my pills saved up for tonight. ";
    static final String SUPPORT =
            "Could we talk this week? Things with my sister have been hard" + " and I could use some advice.";

    @Autowired
    MessageService service;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    CamundaClient camunda;

    @Autowired
    UserTasks userTasks;

    @Autowired
    StaffAlertRepository alerts;

    @Autowired
    ResponseSlaRepository slas;

    @Autowired
    AuditTrail audit;

    @Autowired
    CrisisAcknowledgementRepository acknowledgements;

    @Autowired
    MovableClock clock;

    @Test
    void anEscalatedCrisisResumesAtItsLevelWithItsStoredDeadlineAndAlertsNobodyTwice() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = accept(jordan, CRISIS + UUID.randomUUID());
        Message screened = awaitMessage(m.getId(), x -> x.getProcessInstanceKey() != null && x.getCategory() != null);
        long first = screened.getProcessInstanceKey();
        eventually(() -> assertThat(new InspectedProcessInstance(first))
                .isWaitingAtElements(ProcessIds.ACKNOWLEDGE_CRISIS_TASK));
        StaffAlert clinician =
                alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()).getFirst();
        assertThat(clinician.getEscalateAt()).isEqualTo(clinician.getCreatedAt().plus(Duration.ofMinutes(10)));
        assertThat(timerDueDates(first, "CrisisNotAcknowledgedTimer"))
                .containsExactly(millis(clinician.getEscalateAt()));

        engine.increaseTime(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        eventually(() -> assertThat(new InspectedProcessInstance(first))
                .isWaitingAtElements(ProcessIds.ACKNOWLEDGE_ESCALATED_CRISIS_TASK));
        StaffAlert covering =
                alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()).get(1);
        Map<String, Long> auditBefore = auditCounts(m.getId());
        int repliesBefore =
                messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()).size();

        lose(first);
        Reconciliation.Outcome outcome = reconciliation.reconcileMessages(List.of(m.getId()));

        assertThat(outcome.redriven()).isEqualTo(1);
        long second = messages.findById(m.getId()).orElseThrow().getProcessInstanceKey();
        assertThat(second).isNotEqualTo(first);
        eventually(() -> assertThat(new InspectedProcessInstance(second))
                .isWaitingAtElements(ProcessIds.ACKNOWLEDGE_ESCALATED_CRISIS_TASK));
        assertThat(userTasks.findOpenTask(second, ProcessIds.ACKNOWLEDGE_ESCALATED_CRISIS_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo("blair"));
        // The escalation to the supervisor keeps the covering alert's stored time.
        assertThat(timerDueDates(second, "EscalationNotAcknowledgedTimer"))
                .containsExactly(millis(covering.escalateAt(Duration.ofMinutes(10))));
        assertThat(alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()))
                .extracting(a -> a.getLevel() + ":" + a.getRecipient())
                .containsExactly("CLINICIAN:alex", "COVERING:blair");
        assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId())).hasSize(repliesBefore);
        Map<String, Long> expected = new TreeMap<>(auditBefore);
        expected.put("ENGINE_INSTANCE_RESTORED", 1L);
        assertThat(auditCounts(m.getId())).isEqualTo(expected);
        // Alive now: a second run starts nothing.
        assertThat(reconciliation.reconcileMessages(List.of(m.getId())).redriven())
                .isZero();

        service.acknowledgeCrisis(
                m.getId(),
                new CrisisAcknowledgementRequest(ContactMade.PHONE_CALL, true, NextStep.SAFETY_PLAN_REVIEWED),
                new CurrentUser("blair", StaffRole.CLINICIAN));
        eventually(() -> assertThat(new InspectedProcessInstance(second))
                .isCompleted()
                .hasPassedElement("CrisisDocumentedWithAcknowledgementEvent"));
        assertThat(auditCounts(m.getId())).containsEntry("CRISIS_ACKNOWLEDGED", 1L);
        assertThat(messages.findById(m.getId()).orElseThrow().getStatus()).isEqualTo(MessageStatus.ANSWERED);
    }

    @Test
    void anAcknowledgedButUndocumentedCrisisGetsItsDocumentationTaskBackWithItsStoredDeadline() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = accept(jordan, CRISIS + UUID.randomUUID());
        Message screened = awaitMessage(m.getId(), x -> x.getProcessInstanceKey() != null && x.getCategory() != null);
        long first = screened.getProcessInstanceKey();
        eventually(() -> assertThat(new InspectedProcessInstance(first))
                .isWaitingAtElements(ProcessIds.ACKNOWLEDGE_CRISIS_TASK));
        service.acknowledgeCrisis(
                m.getId(), CrisisAcknowledgementRequest.imOnIt(), new CurrentUser("alex", StaffRole.CLINICIAN));
        eventually(() ->
                assertThat(new InspectedProcessInstance(first)).isWaitingAtElements(ProcessIds.DOCUMENT_CRISIS_TASK));
        var ack = acknowledgements.findById(m.getId()).orElseThrow();
        int alertsBefore = alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()).size();

        lose(first);
        // The message counts as acknowledged (no longer awaiting anyone); the documentation is open.
        assertThat(reconciliation.reconcileMessages(List.of(m.getId())).redriven())
                .isZero();
        assertThat(reconciliation
                        .reconcileCrisisDocumentation(List.of(m.getId()))
                        .redriven())
                .isEqualTo(1);

        long second = messages.findById(m.getId()).orElseThrow().getProcessInstanceKey();
        assertThat(second).isNotEqualTo(first);
        eventually(() -> assertThat(new InspectedProcessInstance(second))
                .isWaitingAtElements(ProcessIds.DOCUMENT_CRISIS_TASK)
                .hasNotPassedElement(ProcessIds.ACKNOWLEDGE_CRISIS_TASK));
        assertThat(userTasks.findOpenTask(second, ProcessIds.DOCUMENT_CRISIS_TASK))
                .hasValueSatisfying(t -> {
                    assertThat(t.assignee()).isEqualTo("alex");
                    assertThat(ZonedDateTime.parse(t.dueDate()).toInstant()).isEqualTo(ack.getDocumentationDueAt());
                });
        assertThat(alerts.findByMessageIdOrderByCreatedAtAsc(m.getId())).hasSize(alertsBefore);
        assertThat(auditCounts(m.getId())).containsEntry("CRISIS_ACKNOWLEDGED", 1L);
        // Alive now: a second run starts nothing.
        assertThat(reconciliation
                        .reconcileCrisisDocumentation(List.of(m.getId()))
                        .redriven())
                .isZero();
    }

    @Test
    void aMessageAwaitingAnAnswerGetsItsTaskBackWithTheSameAssigneeAndDeadlines() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = accept(jordan, SUPPORT);
        Message routed = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        long first = routed.getProcessInstanceKey();
        eventually(() -> assertThat(new InspectedProcessInstance(first))
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK));
        ResponseSla sla = slas.findById(m.getId()).orElseThrow();
        var task = userTasks
                .findOpenTask(first, ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .orElseThrow();
        Map<String, Long> auditBefore = auditCounts(m.getId());
        int repliesBefore =
                messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()).size();

        lose(first);
        assertThat(reconciliation.reconcileMessages(List.of(m.getId())).redriven())
                .isEqualTo(1);

        long second = messages.findById(m.getId()).orElseThrow().getProcessInstanceKey();
        eventually(() -> assertThat(new InspectedProcessInstance(second))
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK));
        var again = userTasks
                .findOpenTask(second, ProcessIds.RESPOND_TO_MESSAGE_TASK)
                .orElseThrow();
        assertThat(again.assignee()).isEqualTo(task.assignee()).isEqualTo("alex");
        // The engine writes a due date on a whole minute without seconds ("2027-01-06T22:00Z").
        assertThat(ZonedDateTime.parse(again.dueDate()).toInstant())
                .isEqualTo(ZonedDateTime.parse(task.dueDate()).toInstant());
        assertThat(timerDueDates(second, ProcessIds.RESPONSE_REMINDER_TIMER))
                .containsExactly(millis(sla.getReminderAt()));
        assertThat(timerDueDates(second, ProcessIds.SLA_DEADLINE_TIMER)).containsExactly(millis(sla.getDueAt()));
        assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId())).hasSize(repliesBefore);
        Map<String, Long> expected = new TreeMap<>(auditBefore);
        expected.put("ENGINE_INSTANCE_RESTORED", 1L);
        assertThat(auditCounts(m.getId())).isEqualTo(expected);

        service.reply(
                m.getId(),
                new ReplyRequest("Thank you for writing. Let's talk on Thursday."),
                new CurrentUser("alex", StaffRole.CLINICIAN));
        eventually(() -> assertThat(new InspectedProcessInstance(second))
                .isCompleted()
                .hasPassedElement("MessageAnsweredEvent"));
        assertThat(slas.findById(m.getId()).orElseThrow().getAnsweredAt()).isNotNull();
    }

    @Test
    void aReminderAndABreachDueWhileTheEngineWasGoneFireAtOnceAndOnlyOnce() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = accept(jordan, SUPPORT);
        Message routed = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        long first = routed.getProcessInstanceKey();
        eventually(() -> assertThat(new InspectedProcessInstance(first))
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK));
        ResponseSla sla = slas.findById(m.getId()).orElseThrow();
        // The reminder fires in the first instance; then the instance is lost, and the due time passes.
        Duration toReminder =
                Duration.between(clock.instant(), sla.getReminderAt()).plusMinutes(1);
        engine.increaseTime(toReminder);
        clock.advance(toReminder);
        eventually(() -> assertThat(slas.findById(m.getId()).orElseThrow().getRemindedAt())
                .isNotNull());
        lose(first);
        Duration toDue = Duration.between(clock.instant(), sla.getDueAt()).plusMinutes(1);
        engine.increaseTime(toDue);
        clock.advance(toDue);

        assertThat(reconciliation.reconcileMessages(List.of(m.getId())).redriven())
                .isEqualTo(1);
        long second = messages.findById(m.getId()).orElseThrow().getProcessInstanceKey();
        eventually(() -> assertThat(new InspectedProcessInstance(second))
                .isWaitingAtElements(ProcessIds.RESPOND_TO_MESSAGE_TASK, ProcessIds.REVIEW_SLA_BREACH_TASK));
        assertThat(slas.findById(m.getId()).orElseThrow().getBreachedAt()).isNotNull();
        assertThat(auditCounts(m.getId()))
                .containsEntry("SLA_REMINDER_SENT", 1L)
                .containsEntry("SLA_BREACHED", 1L);
    }

    private Message accept(Client client, String text) {
        return service.accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL, "reconcile-" + UUID.randomUUID(), client.getId(), text))
                .message();
    }

    /** The engine loses the instance. */
    private void lose(long processInstanceKey) {
        camunda.newCancelInstanceCommand(processInstanceKey).send().join();
        eventually(() ->
                assertThat(new InspectedProcessInstance(processInstanceKey)).isTerminated());
    }

    private Map<String, Long> auditCounts(UUID messageId) {
        Map<String, Long> counts = new TreeMap<>();
        for (AuditEvent e : audit.eventsFor("MESSAGE", messageId)) {
            counts.merge(e.getEventType(), 1L, Long::sum);
        }
        return counts;
    }
}
