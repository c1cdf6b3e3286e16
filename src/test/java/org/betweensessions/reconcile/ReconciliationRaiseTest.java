package org.betweensessions.reconcile;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.checkins.CaringContacts;
import org.betweensessions.checkins.RiskEpisode;
import org.betweensessions.checkins.RiskEpisodeRepository;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRegistration;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.consent.ConsentRequest;
import org.betweensessions.consent.ConsentRequestRepository;
import org.betweensessions.consent.ConsentRequests;
import org.betweensessions.coverage.Coverage;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.coverage.CoverageRepository;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.engine.EngineProperties;
import org.betweensessions.engine.LiveInstances;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.reconcile.ReconcileProperties.OnLostInstance;
import org.betweensessions.security.StaffRole;
import org.betweensessions.sla.ResponseSlaRepository;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.termination.Terminations;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The production default for a lost instance, RAISE: nothing is started; the supervisor is told
 * once per lost instance (notification and ENGINE_INSTANCE_LOST in the audit trail), for a message,
 * a consent request and a high-risk episode (safety-plan-checkins). A reconciler configured with RAISE is built from the context's own
 * beans (the context's reconciler is switched off in tests), with a recording notifier.
 */
class ReconciliationRaiseTest extends EmbeddedStackTest {

    @Autowired
    MessageRepository messageRepository;

    @Autowired
    ResponseSlaRepository slas;

    @Autowired
    CrisisResponse crisis;

    @Autowired
    CareTeam careTeam;

    @Autowired
    LiveInstances live;

    @Autowired
    CamundaClient camunda;

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock clock;

    @Autowired
    ConsentRequests consentRequests;

    @Autowired
    EngineProperties engineProperties;

    @Autowired
    ConsentRequestRepository requests;

    @Autowired
    MessageService service;

    @Autowired
    ClientRegistration registration;

    @Autowired
    Terminations terminations;

    @Autowired
    SafetyPlanCheckins checkins;

    @Autowired
    CaringContacts caring;

    @Autowired
    RiskEpisodeRepository episodes;

    @Autowired
    CoverageHandoff coverages;

    @Autowired
    CoverageRepository coverageRows;

    final List<StaffNotification> sent = new CopyOnWriteArrayList<>();

    Reconciliation raising() {
        return new Reconciliation(
                messageRepository,
                slas,
                clients,
                crisis,
                careTeam,
                live,
                camunda,
                audit,
                sent::add,
                new ReconcileProperties(true, Duration.ofMinutes(2), OnLostInstance.RAISE),
                tx,
                clock,
                consentRequests,
                engineProperties,
                terminations,
                checkins,
                caring,
                coverages);
    }

    @Test
    void aLostMessageInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message m = service.accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL,
                        "raise-" + UUID.randomUUID(),
                        client.getId(),
                        "Could we talk this week? Things with my sister have been hard and I could use some advice."))
                .message();
        Message routed = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        long lostKey = routed.getProcessInstanceKey();
        lose(lostKey);

        Reconciliation reconciler = raising();
        Reconciliation.Outcome outcome = reconciler.reconcileMessages(List.of(m.getId()));

        assertThat(outcome.lost()).isEqualTo(1);
        assertThat(outcome.raised()).isEqualTo(1);
        assertThat(outcome.redriven()).isZero();
        assertThat(messageRepository.findById(m.getId()).orElseThrow().getProcessInstanceKey())
                .isEqualTo(lostKey);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.recipient()).isEqualTo("sam");
            assertThat(n.kind()).isEqualTo("ENGINE_INSTANCE_LOST");
            assertThat(n.messageId()).isEqualTo(m.getId());
        });
        List<AuditEvent> lost = audit.eventsFor("MESSAGE", m.getId()).stream()
                .filter(e -> e.getEventType().equals("ENGINE_INSTANCE_LOST"))
                .toList();
        assertThat(lost)
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"lostInstance\":\"" + lostKey + "\"", "\"raisedTo\":\"sam\""));
        assertThat(audit.eventsFor("MESSAGE", m.getId()))
                .extracting(AuditEvent::getEventType)
                .doesNotContain("ENGINE_INSTANCE_RESTORED");

        // The next run (a minute later, or another application instance) tells nobody again.
        Reconciliation.Outcome again = reconciler.reconcileMessages(List.of(m.getId()));
        assertThat(again.raised()).isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void aLostConsentInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
        Client client = registration.register(
                new ClientRegistration.RegisterClient(
                        "Raise Consent " + UUID.randomUUID(), "alex", Channel.PORTAL, "en"),
                null,
                "casey");
        ConsentRequest request = await().atMost(WAIT)
                .until(
                        () -> requests.findFirstByClientIdAndStatus(client.getId(), ConsentRequest.Status.OPEN)
                                .orElse(null),
                        r -> r != null && r.getProcessInstanceKey() != null && r.getPublishedAt() != null);
        long lostKey = request.getProcessInstanceKey();
        lose(lostKey);

        Reconciliation reconciler = raising();
        Reconciliation.Outcome outcome = reconciler.reconcileConsentRequests(List.of(request.getId()));

        assertThat(outcome.raised()).isEqualTo(1);
        assertThat(outcome.redriven()).isZero();
        assertThat(requests.findById(request.getId()).orElseThrow().getProcessInstanceKey())
                .isEqualTo(lostKey);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.recipient()).isEqualTo("sam");
            assertThat(n.kind()).isEqualTo("CONSENT_INSTANCE_LOST");
            assertThat(n.messageId()).isEqualTo(request.getId());
        });
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("ENGINE_INSTANCE_LOST")))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"requestId\":\"" + request.getId() + "\"", "\"raisedTo\":\"sam\""));
        assertThat(reconciler.reconcileConsentRequests(List.of(request.getId())).raised())
                .isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void aLostTerminationInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        var started = terminations.dropOut(client, "alex");
        var ending = await().atMost(WAIT)
                .until(
                        () -> terminations.find(started.getId()).orElseThrow(),
                        t -> t.getProcessInstanceKey() != null && t.getPublishedAt() != null);
        long lostKey = ending.getProcessInstanceKey();
        lose(lostKey);

        Reconciliation reconciler = raising();
        Reconciliation.Outcome outcome = reconciler.reconcileTerminations(List.of(ending.getId()));

        assertThat(outcome.raised()).isEqualTo(1);
        assertThat(outcome.redriven()).isZero();
        assertThat(terminations.find(ending.getId()).orElseThrow().getProcessInstanceKey())
                .isEqualTo(lostKey);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.recipient()).isEqualTo("sam");
            assertThat(n.kind()).isEqualTo("TERMINATION_INSTANCE_LOST");
            assertThat(n.messageId()).isEqualTo(ending.getId());
        });
        assertThat(reconciler.reconcileTerminations(List.of(ending.getId())).raised())
                .isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void aLostSafetyPlanCheckinsInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode raised =
                checkins.raise(client, RiskEpisode.CssrsLevel.HIGH, "Raise test: plan disclosed in session", "alex");
        RiskEpisode episode = await().atMost(WAIT)
                .until(
                        () -> episodes.findById(raised.getId()).orElseThrow(),
                        e -> e.getProcessInstanceKey() != null && e.getRiskReviewDueAt() != null);
        long lostKey = episode.getProcessInstanceKey();
        lose(lostKey);

        Reconciliation reconciler = raising();
        Reconciliation.Outcome outcome = reconciler.reconcileRiskEpisodes(List.of(episode.getId()));

        assertThat(outcome.raised()).isEqualTo(1);
        assertThat(outcome.redriven()).isZero();
        assertThat(episodes.findById(episode.getId()).orElseThrow().getProcessInstanceKey())
                .isEqualTo(lostKey);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.recipient()).isEqualTo("sam");
            assertThat(n.kind()).isEqualTo("CHECKINS_INSTANCE_LOST");
            assertThat(n.messageId()).isEqualTo(episode.getId());
        });
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("ENGINE_INSTANCE_LOST")))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains(
                                "\"episodeId\":\"" + episode.getId() + "\"",
                                "\"raisedTo\":\"sam\"",
                                "\"process\":\"safety-plan-checkins\""));
        assertThat(reconciler.reconcileRiskEpisodes(List.of(episode.getId())).raised())
                .isZero();
        assertThat(sent).hasSize(1);
        checkins.endForClient(client.getId(), RiskEpisode.EndReason.TERMINATED, "alex");
    }

    private void lose(long processInstanceKey) {
        camunda.newCancelInstanceCommand(processInstanceKey).send().join();
        eventually(() ->
                assertThat(new InspectedProcessInstance(processInstanceKey)).isTerminated());
    }

    @Test
    void aLostCoverageInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
        UUID practice = clinicians.findByUsername("alex").orElseThrow().getPracticeId();
        List<Clinician> two = new ArrayList<>();
        for (String prefix : List.of("raise-away", "raise-cov")) {
            String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            var member = staffMembers.save(new StaffMember(practice, username, username, StaffRole.CLINICIAN));
            var clinician = new Clinician(
                    practice, member, ZoneId.of("America/New_York"), username + "@practice.example", null);
            // The practice policy names the covering clinician: every clinician needs a backup.
            clinician.setBackupClinicianId(
                    clinicians.findByUsername("alex").orElseThrow().getId());
            two.add(clinicians.saveAndFlush(clinician));
        }
        LocalDate from = clock.instant()
                .atZone(ZoneId.of("America/New_York"))
                .toLocalDate()
                .plusDays(30);
        var planned = coverages.plan(
                new CoverageHandoff.Plan(
                        two.get(0).getId(),
                        two.get(1).getId(),
                        from,
                        from.plusDays(3),
                        Coverage.Reason.CONFERENCE,
                        false),
                two.get(0).getUsername());
        var coverage = Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> coverageRows.findById(planned.getId()).orElseThrow(),
                        c -> c.getProcessInstanceKey() != null);
        long lostKey = coverage.getProcessInstanceKey();
        camunda.newCancelInstanceCommand(lostKey).send().join();
        eventually(() ->
                BpmnAssert.assertThat(new InspectedProcessInstance(lostKey)).isTerminated());

        Reconciliation reconciliation = raising();
        assertThat(reconciliation.reconcileCoverages(List.of(coverage.getId())).raised())
                .isEqualTo(1);
        assertThat(sent)
                .anyMatch(n -> n.kind().equals("COVERAGE_INSTANCE_LOST")
                        && n.messageId().equals(coverage.getId())
                        && n.recipient().equals(careTeam.supervisorOf(practice)));
        assertThat(reconciliation.reconcileCoverages(List.of(coverage.getId())).raised())
                .isZero();
        assertThat(coverageRows.findById(coverage.getId()).orElseThrow().getProcessInstanceKey())
                .isEqualTo(lostKey);
    }
}
