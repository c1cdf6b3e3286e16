package org.betweensessions.coverage;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.clinician.ClinicianLeaveRepository;
import org.betweensessions.coverage.Coverage.Reason;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What coverage tests arrange: clinicians and clients of their own (so no other test's routing for
 * alex or blair changes), a planned coverage, its tasks, and the clocks moved together.
 */
abstract class CoverageTestSupport extends EmbeddedStackTest {

    /** The event-based gateway that waits for the end timer, a date change or the cover failing. */
    static final String ABSENCE_EVENTS = "AbsenceEventsGateway";

    @Autowired
    MovableClock clock;

    @Autowired
    CoverageHandoff handoff;

    @Autowired
    CoverageRepository coverages;

    @Autowired
    CoverageSummaryRepository summaryRows;

    @Autowired
    ClinicianLeaveRepository leaves;

    @Autowired
    UserTasks userTasks;

    @Autowired
    AuditTrail audit;

    @Autowired
    CareTeam careTeam;

    @Autowired
    ClinicianCalendars calendars;

    @Autowired
    OutboundNotificationRepository outbox;

    @Autowired
    MessageService messageService;

    @Autowired
    StaffAlertRepository alerts;

    // ---- arrangement ----

    protected void advance(Duration by) {
        engine.increaseTime(by);
        clock.advance(by);
    }

    protected void advanceTo(Instant target) {
        Duration by = Duration.between(clock.instant(), target);
        if (by.isPositive()) {
            advance(by.plusMillis(5));
        }
    }

    /** A clinician of the demo practice of their own: weekday office hours 9-17, New York. */
    protected Clinician newClinician(String prefix) {
        UUID practice = clinicians.findByUsername("alex").orElseThrow().getPracticeId();
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        StaffMember member = staffMembers.save(new StaffMember(
                practice,
                username,
                "Dr. " + prefix + " " + username.substring(username.length() - 4),
                StaffRole.CLINICIAN));
        Clinician c = new Clinician(
                practice, member, ZoneId.of("America/New_York"), username + "@practice.example", "+1 555 0100");
        // Every clinician of the practice has a backup: the practice policy, which names the covering
        // clinician, is refused while one has none (other tests change the policy in this database).
        c.setBackupClinicianId(clinicians.findByUsername("alex").orElseThrow().getId());
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            c.addOfficeHours(d, LocalTime.of(9, 0), LocalTime.of(17, 0));
        }
        return clinicians.saveAndFlush(c);
    }

    /** An active client with consent, like the demo's. */
    protected Client newClient(Clinician clinician, String language, RiskLevel risk) {
        Client template = demoClient("alex", ClientStatus.ACTIVE);
        Client client = new Client(
                clinician.getPracticeId(),
                clinician.getId(),
                "Coverage client " + UUID.randomUUID().toString().substring(0, 8),
                Channel.PORTAL,
                language);
        client.activate();
        client.setRiskLevel(risk);
        client = clients.saveAndFlush(client);
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

    protected LocalDate today(Clinician c) {
        return now().atZone(c.getTimeZone()).toLocalDate();
    }

    protected Coverage planned(Clinician away, Clinician covering, LocalDate from, LocalDate to, boolean emergency) {
        Coverage c = handoff.plan(
                new CoverageHandoff.Plan(
                        away.getId(),
                        covering.getId(),
                        emergency ? null : from,
                        to,
                        emergency ? Reason.SICK_LEAVE : Reason.VACATION,
                        emergency),
                away.getUsername());
        return awaitCoverage(c.getId(), x -> x.getProcessInstanceKey() != null);
    }

    protected Coverage awaitCoverage(UUID id, Predicate<Coverage> condition) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> coverages.findById(id).orElseThrow(), condition::test);
    }

    protected InspectedProcessInstance instance(Coverage coverage) {
        assertThat(incidents(coverage.getProcessInstanceKey())).as("incidents").isEmpty();
        return new InspectedProcessInstance(coverage.getProcessInstanceKey());
    }

    protected UserTasks.OpenUserTask task(Coverage coverage, String elementId) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> userTasks.findOpenTask(coverage.getProcessInstanceKey(), elementId), Optional::isPresent)
                .orElseThrow();
    }

    protected void complete(Coverage coverage, String elementId, Map<String, Object> variables) {
        userTasks.complete(task(coverage, elementId).userTaskKey(), variables);
    }

    protected UserTaskRecordValue userTaskCreated(long instanceKey, String elementId) {
        UserTaskRecordValue last = null;
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.USER_TASK && r.getIntent() == UserTaskIntent.CREATED) {
                UserTaskRecordValue t = (UserTaskRecordValue) r.getValue();
                if (t.getProcessInstanceKey() == instanceKey && t.getElementId().equals(elementId)) {
                    last = t;
                }
            }
        }
        return last;
    }

    /** Accepted by the covering clinician and approved: waits until the coverage is APPROVED. */
    protected Coverage acceptedAndApproved(Coverage coverage) {
        complete(coverage, ProcessIds.ACCEPT_COVERAGE_TASK, Map.of("coverageAnswer", "ACCEPT"));
        complete(
                coverage,
                ProcessIds.APPROVE_COVERAGE_TASK,
                Map.of("coverageDecision", "APPROVE", "fullCoveragePlanReviewed", true));
        return awaitCoverage(coverage.getId(), c -> c.getApprovedAt() != null);
    }

    protected List<String> auditTypes(Coverage coverage) {
        return audit.eventsFor("COVERAGE", coverage.getId()).stream()
                .map(AuditEvent::getEventType)
                .toList();
    }

    protected OutboundNotification sent(String key) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> outbox.findByIdempotencyKey(key), Optional::isPresent)
                .orElseThrow();
    }

    /** The last value of the instance's handBack variable, as the form reads it. */
    protected List<Map<String, Object>> handBackRows(Coverage coverage) throws Exception {
        String json = null;
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.VARIABLE) {
                var v = (VariableRecordValue) r.getValue();
                if (v.getProcessInstanceKey() == coverage.getProcessInstanceKey()
                        && v.getName().equals("handBack")) {
                    json = v.getValue();
                }
            }
        }
        assertThat(json).as("handBack variable").isNotNull();
        return new ObjectMapper().readValue(json, new TypeReference<List<Map<String, Object>>>() {});
    }
}
