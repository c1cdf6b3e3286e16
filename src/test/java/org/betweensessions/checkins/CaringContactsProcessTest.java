package org.betweensessions.checkins;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.Reconciliation;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * caring-contacts on the real engine, with the practice's switch on: lowering the risk starts brief
 * messages that ask nothing, monthly for four months and then every two months (caring-contacts
 * table), each at its stored due time, until the configured end (12 months); a new high-risk rating
 * ends them; a lost instance resumes at the stored due time without sending a contact twice. Moves
 * the engine clock: own context.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "bsc.checkins.caring-contacts.enabled=true")
class CaringContactsProcessTest extends EmbeddedStackTest {

    @Autowired
    MovableClock clock;

    @Autowired
    SafetyPlanCheckins checkins;

    @Autowired
    RiskEpisodeRepository episodes;

    @Autowired
    CaringContactRepository contacts;

    @Autowired
    OutboundNotificationRepository outbox;

    @Autowired
    AuditTrail audit;

    @Autowired
    Reconciliation reconciliation;

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

    /** Raised, then lowered: the caring-contacts instance has started. */
    private RiskEpisode lowered(Client client) {
        RiskEpisode raised = checkins.raise(client, CssrsLevel.HIGH, "Caring test: plan disclosed", "alex");
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> episodes.findById(raised.getId()).orElseThrow().getProcessInstanceKey() != null);
        checkins.lower(
                clients.findById(client.getId()).orElseThrow(),
                "Re-rated with the client: C-SSRS low, plan in place",
                "alex");
        return Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> episodes.findById(raised.getId()).orElseThrow(),
                        e -> e.getCaringProcessInstanceKey() != null);
    }

    private CaringContact contact(RiskEpisode episode, int number) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> contacts.findByEpisodeIdAndNumber(episode.getId(), number), Optional::isPresent)
                .orElseThrow();
    }

    private OutboundNotification sent(CaringContact contact) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> outbox.findByIdempotencyKey("caring-contact:" + contact.getId()), Optional::isPresent)
                .orElseThrow();
    }

    private InspectedProcessInstance instance(long key) {
        assertThat(incidents(key)).as("incidents").isEmpty();
        return new InspectedProcessInstance(key);
    }

    private long caringSent(Client client) {
        return outbox.findByClientIdOrderByCreatedAtAsc(client.getId()).stream()
                .filter(n -> n.getTemplateKey().equals(CaringContacts.TEMPLATE))
                .count();
    }

    private List<String> auditTypes(Client client) {
        return audit.eventsFor("CLIENT", client.getId()).stream()
                .map(AuditEvent::getEventType)
                .toList();
    }

    @Test
    void loweringTheRiskStartsCaringContactsThatAskNothingForTwelveMonths() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = lowered(client);
        long key = episode.getCaringProcessInstanceKey();
        assertThat(episode.getCaringContactsUntil())
                .isEqualTo(episode.getEndedAt().plus(Duration.ofDays(365)));
        assertThat(auditTypes(client)).containsOnlyOnce("CARING_CONTACTS_STARTED");

        // Monthly for four months, then every two months: days 30, 60, 90, 120, 180, 240, 300, 360.
        int[] days = {30, 60, 90, 120, 180, 240, 300, 360};
        for (int i = 0; i < days.length; i++) {
            CaringContact contact = contact(episode, i + 1);
            assertThat(contact.getDueAt()).isEqualTo(episode.getEndedAt().plus(Duration.ofDays(days[i])));
            eventually(() -> assertThat(timerDueDates(key, ProcessIds.CARING_CONTACT_DUE_TIMER))
                    .contains(millis(contact.getDueAt())));
            assertThat(outbox.findByIdempotencyKey("caring-contact:" + contact.getId()))
                    .isEmpty();
            advanceTo(contact.getDueAt().plusSeconds(30));
            OutboundNotification message = sent(contact);
            if (i == 0) {
                assertThat(message.getBody()).contains("no need to reply").doesNotContain("?");
            }
        }
        // Day 420 would be past the end: complete, nothing left waiting.
        eventually(() -> assertThat(instance(key)).isCompleted().hasPassedElement("CaringContactsCompleteEvent"));
        assertThat(contacts.findByEpisodeIdOrderByNumberAsc(episode.getId())).hasSize(8);
        assertThat(caringSent(client)).isEqualTo(8);
        assertThat(auditTypes(client).stream().filter("CARING_CONTACT_SENT"::equals))
                .hasSize(8);
    }

    @Test
    void aNewHighRiskRatingEndsTheCaringContacts() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = lowered(client);
        long key = episode.getCaringProcessInstanceKey();
        contact(episode, 1);

        RiskEpisode again = checkins.raise(
                clients.findById(client.getId()).orElseThrow(), CssrsLevel.HIGH, "Caring test: new disclosure", "alex");
        eventually(() -> assertThat(instance(key)).isCompleted().hasPassedElement("CaringContactsEndedEvent"));
        assertThat(episodes.findById(episode.getId()).orElseThrow().getCaringContactsEndedAt())
                .isNotNull();
        assertThat(auditTypes(client)).containsOnlyOnce("CARING_CONTACTS_ENDED");
        assertThat(caringSent(client)).isZero();
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> episodes.findById(again.getId()).orElseThrow().getProcessInstanceKey() != null);
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
    }

    @Test
    void aLostCaringContactsInstanceResumesAtTheStoredDueTimeAndSendsNothingTwice() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        RiskEpisode episode = lowered(client);
        long first = episode.getCaringProcessInstanceKey();
        CaringContact one = contact(episode, 1);
        advanceTo(one.getDueAt().plusSeconds(30));
        sent(one);
        CaringContact two = contact(episode, 2);
        eventually(() -> assertThat(instance(first)).isWaitingAtElements(ProcessIds.CARING_CONTACT_DUE_TIMER));

        camunda.newCancelInstanceCommand(first).send().join();
        eventually(() -> assertThat(new InspectedProcessInstance(first)).isTerminated());
        advance(Duration.ofMinutes(3));
        Reconciliation.Outcome outcome = reconciliation.reconcileCaringContacts(List.of(episode.getId()));
        assertThat(outcome.redriven()).isEqualTo(1);
        long second = episodes.findById(episode.getId()).orElseThrow().getCaringProcessInstanceKey();
        assertThat(second).isNotEqualTo(first);
        assertThat(reconciliation
                        .reconcileCaringContacts(List.of(episode.getId()))
                        .lost())
                .isZero();

        eventually(() -> assertThat(timerDueDates(second, ProcessIds.CARING_CONTACT_DUE_TIMER))
                .containsExactly(millis(two.getDueAt())));
        assertThat(caringSent(client)).isEqualTo(1);
        assertThat(contacts.findByEpisodeIdOrderByNumberAsc(episode.getId())).hasSize(2);
        advanceTo(two.getDueAt().plusSeconds(30));
        sent(two);
        assertThat(caringSent(client)).isEqualTo(2);
        assertThat(auditTypes(client)).containsOnlyOnce("ENGINE_INSTANCE_RESTORED");

        // Termination ends them; nothing more goes out.
        checkins.endForClient(client.getId(), EndReason.TERMINATED, "alex");
        eventually(() -> assertThat(instance(second)).isCompleted());
        assertThat(auditTypes(client)).contains("CARING_CONTACTS_ENDED");
    }
}
