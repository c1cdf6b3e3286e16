package org.betweensessions.process;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.betweensessions.agenda.SessionAgenda;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.billing.TimeSpentRepository;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.crisis.CrisisAcknowledgementRepository;
import org.betweensessions.crisis.StaffAlert;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.CrisisAcknowledgementRequest;
import org.betweensessions.inbox.CrisisDocumentationRequest;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The crisis path of message-triage on the real engine: resources and alert at once, escalation by
 * the engine clock, acknowledgement documented. Moves the engine clock, so it gets its own engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CrisisResponseProcessTest extends EmbeddedStackTest {

    static final String IDEATION = "I don't want to be alive anymore. I have the pills ready for tonight.";

    @Autowired
    MessageService service;

    @Autowired
    UserTasks userTasks;

    @Autowired
    StaffAlertRepository alerts;

    @Autowired
    CrisisAcknowledgementRepository acknowledgements;

    @Autowired
    SessionAgenda agenda;

    @Autowired
    AuditTrail audit;

    @Autowired
    TimeSpentRepository times;
    /**
     * Moved with the engine clock: escalation times are stored application-clock instants, so an
     * engine clock ahead of the application's would escalate later crises at once.
     */
    @Autowired
    MovableClock clock;

    private Message crisis(Client client, String text) {
        Message m = service.accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL, "crisis-" + UUID.randomUUID(), client.getId(), text))
                .message();
        // Alerted at receipt already; wait until the triage process has screened it too.
        return awaitMessage(m.getId(), x -> x.getProcessInstanceKey() != null && x.getCategory() != null);
    }

    private List<String> alertedLevels(Message m) {
        return alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()).stream()
                .map(a -> a.getLevel() + ":" + a.getRecipient())
                .toList();
    }

    @Test
    void aCrisisBypassesRoutingSendsResourcesAlertsTheClinicianAndIsDocumented() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = crisis(jordan, IDEATION + " " + UUID.randomUUID());
        InspectedProcessInstance instance = new InspectedProcessInstance(m.getProcessInstanceKey());

        assertThat(m.getCategory()).isEqualTo("CRISIS");
        assertThat(m.getCrisisKind()).isEqualTo("SUICIDAL_IDEATION");
        assertThat(m.getSignals()).isNotEmpty();
        eventually(() -> assertThat(instance)
                .isWaitingAtElements("AcknowledgeCrisisTask")
                .hasPassedElement("SendCrisisResourcesTask")
                .hasPassedElement("AlertResponsibleClinicianTask")
                .hasNotPassedElement("DecideRouteTask"));
        assertThat(alertedLevels(m)).containsExactly("CLINICIAN:alex");
        StaffAlert alert = alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()).getFirst();
        assertThat(Duration.between(m.getReceivedAt(), alert.getCreatedAt())).isLessThan(Duration.ofSeconds(5));
        // The alert made on receipt waits as long as the decision table crisis-escalation says, fixed
        // when the process reached it.
        assertThat(instance).hasPassedElementsInOrder("DecideCrisisEscalationTask", "AlertResponsibleClinicianTask");
        assertThat(alert.getEscalateAt()).isEqualTo(alert.getCreatedAt().plus(Duration.ofMinutes(10)));
        Message resources =
                messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()).getFirst();
        assertThat(resources.getTemplateKey()).isEqualTo("crisis.resources");
        assertThat(resources.getBody()).contains("988").contains("911");
        assertThat(userTasks.findOpenTask(m.getProcessInstanceKey(), "AcknowledgeCrisisTask"))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo("alex"));

        service.acknowledgeCrisis(
                m.getId(),
                new CrisisAcknowledgementRequest(ContactMade.PHONE_CALL, true, NextStep.SAFETY_PLAN_REVIEWED),
                new CurrentUser("alex", StaffRole.CLINICIAN));

        eventually(() -> assertThat(instance)
                .isCompleted()
                .hasPassedElement("RecordCrisisAcknowledgementTask")
                .hasPassedElement("CrisisDocumentedWithAcknowledgementEvent")
                .hasNotPassedElement("AlertCoveringClinicianTask"));
        assertThat(acknowledgements.findById(m.getId())).hasValueSatisfying(a -> {
            assertThat(a.getAcknowledgedBy()).isEqualTo("alex");
            assertThat(a.getContactMade()).isEqualTo("PHONE_CALL");
            assertThat(a.isSafetyAssessed()).isTrue();
        });
        assertThat(messages.findById(m.getId()).orElseThrow().getStatus()).isEqualTo(MessageStatus.ANSWERED);
        assertThat(agenda.forClient(jordan.getId()))
                .anyMatch(
                        i -> i.getMessageId().equals(m.getId()) && i.getKind().equals(SessionAgenda.CRISIS_FOLLOW_UP));
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("CRISIS_DETECTED", "CRISIS_RESOURCES_SENT", "CRISIS_ALERT", "CRISIS_ACKNOWLEDGED");
        assertThat(engineRecordsMentioning("pills ready for tonight")).isEmpty();
    }

    @Test
    void nobodyAcknowledgesSoItEscalatesToTheCoveringClinicianThenTheSupervisor() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = crisis(jordan, "kms. cant do this anymore, tonight is the night " + UUID.randomUUID());
        InspectedProcessInstance instance = new InspectedProcessInstance(m.getProcessInstanceKey());
        eventually(() -> assertThat(instance).isWaitingAtElements("AcknowledgeCrisisTask"));

        engine.increaseTime(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        eventually(() -> assertThat(instance)
                .isWaitingAtElements("AcknowledgeEscalatedCrisisTask")
                .hasPassedElement("CrisisNotAcknowledgedTimer"));
        assertThat(alertedLevels(m)).containsExactly("CLINICIAN:alex", "COVERING:blair");
        // The covering clinician must read what she is alerted about (not another of alex's
        // messages), and that reading is documented.
        CurrentUser blair = new CurrentUser("blair", StaffRole.CLINICIAN);
        assertThat(service.get(m.getId(), blair).getBody()).startsWith("kms.");
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("CRISIS_READ_BY_ALERTED_COLLEAGUE");
        Message routine = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "routine-" + UUID.randomUUID(),
                        jordan.getId(),
                        null,
                        "Could we move Thursday to 3pm?",
                        null))
                .message();
        Assertions.assertThatThrownBy(() -> service.get(routine.getId(), blair))
                .isInstanceOf(AccessDeniedException.class);

        engine.increaseTime(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        eventually(() -> assertThat(instance).isWaitingAtElements("SupervisorAcknowledgeCrisisTask"));
        assertThat(alertedLevels(m)).containsExactly("CLINICIAN:alex", "COVERING:blair", "SUPERVISOR:sam");

        service.acknowledgeCrisis(
                m.getId(),
                new CrisisAcknowledgementRequest(
                        ContactMade.EMERGENCY_SERVICES, true, NextStep.EMERGENCY_SERVICES_CALLED),
                new CurrentUser("sam", StaffRole.SUPERVISOR));
        eventually(
                () -> assertThat(instance).isCompleted().hasPassedElement("CrisisDocumentedWithAcknowledgementEvent"));
        assertThat(acknowledgements.findById(m.getId()))
                .hasValueSatisfying(a -> assertThat(a.getAcknowledgedBy()).isEqualTo("sam"));
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("CRISIS_ESCALATED");
    }

    @Test
    void spanishCrisisForABlairClientAlertsBlairAndAnswersInSpanish() {
        Client maria = demoClient("blair", ClientStatus.ACTIVE);
        Message m = crisis(
                maria, "Ya no quiero vivir. Esta noche me voy a tomar todas las pastillas. " + UUID.randomUUID());

        assertThat(m.getCategory()).isEqualTo("CRISIS");
        eventually(() -> assertThat(alertedLevels(m)).containsExactly("CLINICIAN:blair"));
        eventually(() -> assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()))
                .anyMatch(r -> r.getBody().contains("988") && r.getBody().contains("Gracias")));
    }

    @Test
    void anotherCliniciansCrisisCannotBeAcknowledgedByThem() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = crisis(jordan, IDEATION + " " + UUID.randomUUID());
        eventually(() -> assertThat(new InspectedProcessInstance(m.getProcessInstanceKey()))
                .isWaitingAtElements("AcknowledgeCrisisTask"));

        Assertions.assertThatThrownBy(() -> service.acknowledgeCrisis(
                        m.getId(),
                        new CrisisAcknowledgementRequest(ContactMade.PHONE_CALL, true, NextStep.SESSION_SCHEDULED),
                        new CurrentUser("blair", StaffRole.CLINICIAN)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void imOnItStopsTheEscalationAtOnceThenTheDocumentationTaskIsDueTheSameDay() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = crisis(jordan, IDEATION + " " + UUID.randomUUID());
        InspectedProcessInstance instance = new InspectedProcessInstance(m.getProcessInstanceKey());
        eventually(() -> assertThat(instance).isWaitingAtElements("AcknowledgeCrisisTask"));
        StaffAlert alert = alerts.findByMessageIdOrderByCreatedAtAsc(m.getId()).getFirst();
        // The acknowledge task shows its deadline: the escalation time, stored with the alert.
        assertThat(userTasks.findOpenTask(m.getProcessInstanceKey(), "AcknowledgeCrisisTask"))
                .hasValueSatisfying(
                        t -> assertThat(millis(ZonedDateTime.parse(t.dueDate()).toInstant()))
                                .isEqualTo(millis(alert.getEscalateAt())));

        CurrentUser alex = new CurrentUser("alex", StaffRole.CLINICIAN);
        service.acknowledgeCrisis(m.getId(), CrisisAcknowledgementRequest.imOnIt(), alex);

        eventually(() -> assertThat(instance)
                .isWaitingAtElements("DocumentCrisisTask")
                .hasPassedElement("RecordCrisisAcknowledgementTask")
                .hasNotPassedElement("CrisisNotAcknowledgedTimer"));
        var ack = acknowledgements.findById(m.getId()).orElseThrow();
        assertThat(ack.getAcknowledgedBy()).isEqualTo("alex");
        assertThat(ack.isDocumented()).isFalse();
        assertThat(alerts.findByMessageIdOrderByCreatedAtAsc(m.getId())).allMatch(a -> a.getAcknowledgedAt() != null);
        // Due by the end of the acknowledging day in alex's zone (New York), at least an hour later.
        ZoneId ny = ZoneId.of("America/New_York");
        Instant endOfDay = ack.getAcknowledgedAt()
                .atZone(ny)
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(ny)
                .toInstant();
        assertThat(ack.getDocumentationDueAt())
                .isBefore(endOfDay.plus(Duration.ofHours(1)))
                .isAfterOrEqualTo(ack.getAcknowledgedAt().plus(Duration.ofMinutes(59)));
        assertThat(userTasks.findOpenTask(m.getProcessInstanceKey(), "DocumentCrisisTask"))
                .hasValueSatisfying(t -> {
                    assertThat(t.assignee()).isEqualTo("alex");
                    assertThat(ZonedDateTime.parse(t.dueDate()).toInstant()).isEqualTo(ack.getDocumentationDueAt());
                });
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("CRISIS_ACKNOWLEDGED")
                .doesNotContain("CRISIS_DOCUMENTED");
        assertThat(agenda.forClient(jordan.getId()))
                .noneMatch(
                        i -> i.getMessageId().equals(m.getId()) && i.getKind().equals(SessionAgenda.CRISIS_FOLLOW_UP));

        // The escalation time passes: nobody else is alerted.
        engine.increaseTime(Duration.ofMinutes(11));
        clock.advance(Duration.ofMinutes(11));
        eventually(() -> assertThat(instance).isWaitingAtElements("DocumentCrisisTask"));
        assertThat(alertedLevels(m)).containsExactly("CLINICIAN:alex");

        // Only the acknowledger documents (or a supervisor).
        Assertions.assertThatThrownBy(() -> service.documentCrisis(
                        m.getId(),
                        new CrisisDocumentationRequest(ContactMade.PHONE_CALL, true, NextStep.SESSION_SCHEDULED, 20),
                        new CurrentUser("blair", StaffRole.CLINICIAN)))
                .isInstanceOf(AccessDeniedException.class);
        service.documentCrisis(
                m.getId(),
                new CrisisDocumentationRequest(ContactMade.PHONE_CALL, true, NextStep.SAFETY_PLAN_REVIEWED, 25),
                alex);

        eventually(() -> assertThat(instance)
                .isCompleted()
                .hasPassedElement("RecordCrisisDocumentationTask")
                .hasPassedElement("CrisisHandledEvent"));
        assertThat(acknowledgements.findById(m.getId())).hasValueSatisfying(a -> {
            assertThat(a.isDocumented()).isTrue();
            assertThat(a.getDocumentedBy()).isEqualTo("alex");
            assertThat(a.getContactMade()).isEqualTo("PHONE_CALL");
            assertThat(a.getNextStep()).isEqualTo("SAFETY_PLAN_REVIEWED");
        });
        assertThat(agenda.forClient(jordan.getId()))
                .anyMatch(
                        i -> i.getMessageId().equals(m.getId()) && i.getKind().equals(SessionAgenda.CRISIS_FOLLOW_UP));
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .contains("CRISIS_DOCUMENTED");
    }

    @Test
    void anUndocumentedCrisisRemindsTheAcknowledgerBeforeTheDocumentationIsDue() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = crisis(jordan, IDEATION + " " + UUID.randomUUID());
        InspectedProcessInstance instance = new InspectedProcessInstance(m.getProcessInstanceKey());
        eventually(() -> assertThat(instance).isWaitingAtElements("AcknowledgeCrisisTask"));
        service.acknowledgeCrisis(
                m.getId(), CrisisAcknowledgementRequest.imOnIt(), new CurrentUser("alex", StaffRole.CLINICIAN));
        eventually(() -> assertThat(instance).isWaitingAtElements("DocumentCrisisTask"));
        var ack = acknowledgements.findById(m.getId()).orElseThrow();
        Instant remindAt = ack.getDocumentationReminderAt();
        // Two hours before the due time (bsc.triage.crisis-documentation-reminder-before), unless that
        // has passed already (acknowledged late in the evening): then no reminder.
        if (ack.getDocumentationDueAt().minus(Duration.ofHours(2)).isAfter(ack.getAcknowledgedAt())) {
            assertThat(remindAt).isEqualTo(ack.getDocumentationDueAt().minus(Duration.ofHours(2)));
        } else {
            assertThat(remindAt).isNull();
        }
        Instant timerAt = remindAt != null ? remindAt : ack.getDocumentationDueAt();
        assertThat(timerDueDates(m.getProcessInstanceKey(), "CrisisDocumentationReminderTimer"))
                .containsExactly(timerAt);

        Duration toTimer = Duration.between(now(), timerAt).plusSeconds(1);
        engine.increaseTime(toTimer);
        clock.advance(toTimer);

        if (remindAt != null) {
            eventually(() -> assertThat(instance)
                    .hasPassedElement("RemindToDocumentCrisisTask")
                    .isWaitingAtElements("DocumentCrisisTask"));
            assertThat(audit.eventsFor("MESSAGE", m.getId()))
                    .extracting(AuditEvent::getEventType)
                    .containsOnlyOnce("CRISIS_DOCUMENTATION_REMINDER");
        } else {
            eventually(() -> assertThat(instance)
                    .hasPassedElement("NoCrisisDocumentationReminderEvent")
                    .isWaitingAtElements("DocumentCrisisTask"));
        }
    }

    @Test
    void inTasklistTheAcknowledgementIsAnEmptyFormAndTheDocumentationTaskRecordsItAll() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = crisis(jordan, IDEATION + " " + UUID.randomUUID());
        InspectedProcessInstance instance = new InspectedProcessInstance(m.getProcessInstanceKey());
        eventually(() -> assertThat(instance)
                .isWaitingAtElements("AcknowledgeCrisisTask")
                .hasVariable("escalatesLabel")
                .hasVariableWithValue("clientLabel", jordan.getInitials())
                .hasVariable("workspaceLink"));

        // Tasklist completes the field-less form with no variables at all.
        long ackKey = userTasks
                .findOpenTask(m.getProcessInstanceKey(), "AcknowledgeCrisisTask")
                .orElseThrow()
                .userTaskKey();
        userTasks.complete(ackKey, Map.of());
        eventually(() ->
                assertThat(instance).isWaitingAtElements("DocumentCrisisTask").hasVariable("documentationDueLabel"));
        assertThat(acknowledgements.findById(m.getId()))
                .hasValueSatisfying(a -> assertThat(a.getAcknowledgedBy()).isEqualTo("alex"));
        assertThat(alertedLevels(m)).containsExactly("CLINICIAN:alex");

        long docKey = userTasks
                .findOpenTask(m.getProcessInstanceKey(), "DocumentCrisisTask")
                .orElseThrow()
                .userTaskKey();
        userTasks.complete(
                docKey,
                Map.of(
                        "contactMade",
                        "VIDEO_CALL",
                        "safetyAssessed",
                        true,
                        "nextStep",
                        "MONITOR_AND_CHECK_IN",
                        "minutesSpent",
                        35));
        eventually(() -> assertThat(instance)
                .isCompleted()
                .hasPassedElement("RecordCrisisDocumentationTask")
                .hasPassedElement("CrisisHandledEvent"));
        assertThat(acknowledgements.findById(m.getId())).hasValueSatisfying(a -> {
            assertThat(a.getDocumentedBy()).isEqualTo("alex");
            assertThat(a.getContactMade()).isEqualTo("VIDEO_CALL");
        });
        assertThat(times.findByMessageIdAndKind(m.getId(), "CRISIS")).hasValueSatisfying(t -> {
            assertThat(t.getMinutes()).isEqualTo(35);
            assertThat(t.getBillableUnits()).isEqualTo(3); // demo rule: over 10 minutes, 15-minute units
            assertThat(t.getCategory()).isEqualTo("CRISIS");
        });
    }
}
