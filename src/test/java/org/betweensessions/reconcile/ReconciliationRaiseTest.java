package org.betweensessions.reconcile;

import org.betweensessions.engine.EngineProperties;
import org.betweensessions.engine.LiveInstances;
import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRegistration;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.consent.ConsentRequest;
import org.betweensessions.consent.ConsentRequestRepository;
import org.betweensessions.consent.ConsentRequests;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.message.Channel;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.message.Message;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.reconcile.ReconcileProperties.OnLostInstance;
import org.betweensessions.sla.ResponseSlaRepository;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The production default for a lost instance, RAISE: nothing is started; the supervisor is told
 * once per lost instance (notification and ENGINE_INSTANCE_LOST in the audit trail), for a message
 * and for a consent request. A reconciler configured with RAISE is built from the context's own
 * beans (the context's reconciler is switched off in tests), with a recording notifier.
 */
class ReconciliationRaiseTest extends EmbeddedStackTest {

  @Autowired org.betweensessions.message.MessageRepository messageRepository;
  @Autowired ResponseSlaRepository slas;
  @Autowired CrisisResponse crisis;
  @Autowired CareTeam careTeam;
  @Autowired LiveInstances live;
  @Autowired CamundaClient camunda;
  @Autowired AuditTrail audit;
  @Autowired TransactionTemplate tx;
  @Autowired Clock clock;
  @Autowired ConsentRequests consentRequests;
  @Autowired EngineProperties engineProperties;
  @Autowired ConsentRequestRepository requests;
  @Autowired MessageService service;
  @Autowired ClientRegistration registration;
  @Autowired org.betweensessions.termination.Terminations terminations;

  final List<StaffNotification> sent = new CopyOnWriteArrayList<>();

  Reconciliation raising() {
    return new Reconciliation(messageRepository, slas, clients, crisis, careTeam, live, camunda,
        audit, sent::add, new ReconcileProperties(true, Duration.ofMinutes(2),
            OnLostInstance.RAISE), tx, clock, consentRequests, engineProperties, terminations);
  }

  @Test
  void aLostMessageInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
    Client client = demoClient("alex", ClientStatus.ACTIVE);
    Message m = service.accept(InboundMessageRequest.fromClient(Channel.PORTAL,
        "raise-" + UUID.randomUUID(), client.getId(),
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
        .filter(e -> e.getEventType().equals("ENGINE_INSTANCE_LOST")).toList();
    assertThat(lost).singleElement().satisfies(e -> assertThat(e.getDetails())
        .contains("\"lostInstance\":\"" + lostKey + "\"", "\"raisedTo\":\"sam\""));
    assertThat(audit.eventsFor("MESSAGE", m.getId())).extracting(AuditEvent::getEventType)
        .doesNotContain("ENGINE_INSTANCE_RESTORED");

    // The next run (a minute later, or another application instance) tells nobody again.
    Reconciliation.Outcome again = reconciler.reconcileMessages(List.of(m.getId()));
    assertThat(again.raised()).isZero();
    assertThat(sent).hasSize(1);
  }

  @Test
  void aLostConsentInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
    Client client = registration.register(new ClientRegistration.RegisterClient(
        "Raise Consent " + UUID.randomUUID(), "alex", Channel.PORTAL, "en"), null, "casey");
    ConsentRequest request = await().atMost(WAIT).until(() -> requests
        .findFirstByClientIdAndStatus(client.getId(), ConsentRequest.Status.OPEN).orElse(null),
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
        .singleElement().satisfies(e -> assertThat(e.getDetails())
            .contains("\"requestId\":\"" + request.getId() + "\"", "\"raisedTo\":\"sam\""));
    assertThat(reconciler.reconcileConsentRequests(List.of(request.getId())).raised()).isZero();
    assertThat(sent).hasSize(1);
  }

  @Test
  void aLostTerminationInstanceIsRaisedToTheSupervisorOnceAndNothingIsStarted() {
    Client client = demoClient("alex", ClientStatus.ACTIVE);
    var started = terminations.dropOut(client, "alex");
    var ending = await().atMost(WAIT).until(() -> terminations.find(started.getId()).orElseThrow(),
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
    assertThat(reconciler.reconcileTerminations(List.of(ending.getId())).raised()).isZero();
    assertThat(sent).hasSize(1);
  }

  private void lose(long processInstanceKey) {
    camunda.newCancelInstanceCommand(processInstanceKey).send().join();
    eventually(() -> assertThat(new InspectedProcessInstance(processInstanceKey)).isTerminated());
  }
}
