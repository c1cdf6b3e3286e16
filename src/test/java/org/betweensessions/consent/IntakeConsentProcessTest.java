package org.betweensessions.consent;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.policy.TestPolicies;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** intake-consent on the real engine and database, driven through the API as staff and portal would. */
class IntakeConsentProcessTest extends ConsentTestSupport {

    @Autowired
    MessageService messageService;

    @Test
    void consentOnTimeTakesANewClientFromIntakeToActive() {
        String name = "Avery Quinn " + UUID.randomUUID();
        UUID clientId = register("alex", "EMAIL", "en", name);
        assertThat(consent.contactScope(clientId)).isEqualTo(ConsentService.ContactScope.ADMINISTRATIVE_ONLY);

        ConsentRequest request = awaitStarted(clientId, ConsentRequest.Kind.INTAKE);
        assertThat(awaitOpenTask(request, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK)
                        .assignee())
                .isEqualTo("alex");
        assertThat(instance(request))
                .hasPassedElementsInOrder(
                        "ConsentRequestedEvent", "DecideConsentRemindersTask", "SendPolicyToClientTask")
                .isWaitingAtElements(ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK, "ClientConsentGivenEvent")
                .hasVariableWithValue("clientId", clientId.toString())
                // Tasklist's consent forms link to the person's task list in the workspace.
                .hasVariableWithValue("workspaceLink", "http://localhost:8080/tasks")
                .hasVariableWithValue(
                        "reminderAt",
                        reload(request)
                                .getPolicySentAt()
                                .plus(Duration.ofDays(3))
                                .toString());

        // The policy went out through the preferred channel, encrypted at rest, and was delivered.
        OutboundNotification sent = await().atMost(WAIT)
                .until(
                        () -> notifications(clientId).stream()
                                .filter(n -> n.getTemplateKey().equals("consent.policy"))
                                .findFirst()
                                .orElse(null),
                        n -> n != null && n.getStatus() == OutboundNotification.Status.SENT);
        assertThat(sent.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(sent.getBody()).contains("How to reach me", "In a crisis");

        // The portal shows the document and sends the e-signature for the version shown.
        Api.Response doc = api.get("portal", "/api/clients/" + clientId + "/policy");
        assertThat(doc.status()).isEqualTo(200);
        int version = doc.json().get("policyVersion").asInt();
        assertThat(doc.json().get("text").asText()).contains("When you will hear back");

        Api.Response signed = acknowledge("portal", clientId, version);
        assertThat(signed.status()).as(signed.body()).isEqualTo(201);
        assertThat(signed.json().get("clientStatus").asText()).isEqualTo("ACTIVE");
        Api.Response again = acknowledge("portal", clientId, version);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("consentId").asText())
                .isEqualTo(signed.json().get("consentId").asText());

        await().atMost(WAIT).until(() -> reload(request).getStatus() == ConsentRequest.Status.CONSENTED);
        assertThat(consent.hasCurrentConsent(clientId)).isTrue();
        // The clinician's review is still open: intake ends when both are done.
        assertThat(instance(request)).isWaitingAtElements(ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);

        Api.Response reviewed = review("alex", clientId, "PORTAL", "STANDARD");
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        awaitCompleted(request);
        assertThat(instance(request))
                .hasPassedElement("RecordPolicyReviewTask")
                .hasPassedElement("CompleteConsentRequestTask")
                .hasPassedElement("ConsentCompletedEvent")
                .hasNotPassedElement("SendFirstReminderTask")
                .hasNotPassedElement("EscalateMissingConsentTask");

        // Who, when, which version, which channel: in the audit trail.
        var recorded = auditEvent(clientId, "CONSENT_RECORDED");
        assertThat(recorded.getActor()).isEqualTo("portal");
        assertThat(recorded.getDetails())
                .contains("\"policyVersion\":" + version, "\"channel\":\"PORTAL\"", "consentedAt");
        assertThat(auditTypes(clientId))
                .containsSubsequence(
                        "CLIENT_REGISTERED",
                        "CONSENT_REQUESTED",
                        "POLICY_SENT",
                        "CONSENT_RECORDED",
                        "CONSENT_REQUEST_COMPLETED");
        assertThat(auditTypes(clientId)).contains("POLICY_REVIEWED_WITH_CLIENT");
        assertThat(auditTypes(clientId)).containsOnlyOnce("CONSENT_RECORDED");
        assertThat(notificationTemplates(clientId)).contains("consent.confirmed");
        assertThat(clients.findById(clientId).orElseThrow().getPreferredChannel())
                .isEqualTo(Channel.PORTAL);

        // Privacy: the client's name never reaches the engine.
        assertThat(recordsMentioning(name)).isEmpty();
    }

    @Test
    void aStaleOrMissingVersionIsRefusedAndNothingIsRecorded() {
        UUID clientId = register("alex", "PORTAL", "en", "Sasha Ilves");
        ConsentRequest request = awaitStarted(clientId, ConsentRequest.Kind.INTAKE);
        int current = currentVersion(clientId);

        Api.Response stale = acknowledge("portal", clientId, current - 1);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.json().get("detail").asText()).contains("current: " + current);
        assertThat(acknowledge("portal", clientId, current + 1).status()).isEqualTo(409);

        Api.Response missing = acknowledge("portal", clientId, null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("policyVersion");
        assertThat(acknowledge("portal", UUID.randomUUID(), current).status()).isEqualTo(404);

        assertThat(consent.hasCurrentConsent(clientId)).isFalse();
        assertThat(clients.findById(clientId).orElseThrow().getStatus()).isEqualTo(ClientStatus.INTAKE);
        assertThat(auditTypes(clientId))
                .contains("CONSENT_STALE_VERSION_REFUSED")
                .doesNotContain("CONSENT_RECORDED");
        assertThat(instance(request)).isWaitingAtElements("ClientConsentGivenEvent");
    }

    @Test
    void messagingIsAdministrativeOnlyUntilConsentIsRecorded() {
        UUID clientId = register("alex", "PORTAL", "en", "Robin Vale");
        awaitStarted(clientId, ConsentRequest.Kind.INTAKE);

        Message before = triaged(clientId, "This week was hard, could we talk about it?");
        assertThat(before.getRoute()).as("administrative handling only").isEqualTo("COORDINATOR");
        assertThat(api.get("casey", "/api/messages/" + before.getId()).status())
                .as("the intake coordinator handles it")
                .isEqualTo(200);

        consent.recordConsent(clientId, currentVersion(clientId), Channel.PORTAL, "portal");
        assertThat(consent.contactScope(clientId)).isEqualTo(ConsentService.ContactScope.FULL);

        Message after = triaged(clientId, "This week was hard, could we talk?");
        assertThat(after.getCategory()).isEqualTo("SUPPORT_SEEKING");
    }

    @Test
    void aReviewChoiceThatDoesNotFitTheClientIsSentBackToTheClinician() {
        UUID clientId = register("alex", "PORTAL", "en", "Kai Moreno");
        Client client = clients.findById(clientId).orElseThrow();
        client.setRiskLevel(RiskLevel.HIGH);
        clients.save(client);
        ConsentRequest request = awaitStarted(clientId, ConsentRequest.Kind.INTAKE);
        var first = awaitOpenTask(request, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);

        // Through the API: refused before the task is touched.
        Api.Response refused = review("alex", clientId, "PORTAL", "OPEN_INBOX");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("arrangement");
        assertThat(review("blair", clientId, "PORTAL", "STANDARD").status())
                .as("another clinician's client")
                .isEqualTo(403);

        // Through Tasklist (same variables as the form): the BPMN error sends it back with the reason.
        userTasks.complete(
                first.userTaskKey(),
                Map.of(
                        "preferredChannel",
                        "PORTAL",
                        "understoodChannels",
                        true,
                        "understoodContactKinds",
                        true,
                        "understoodResponseTime",
                        true,
                        "understoodCrisisPlan",
                        true,
                        "arrangement",
                        "OPEN_INBOX"));
        var second = await().atMost(WAIT)
                .until(
                        () -> userTasks
                                .findOpenTask(
                                        request.getProcessInstanceKey(), ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK)
                                .orElse(null),
                        t -> t != null && t.userTaskKey() != first.userTaskKey());
        assertThat(second).isNotNull();
        assertThat(instance(request)).hasPassedElement("ReviewChoiceNotAllowedEvent");
        assertThat(auditTypes(clientId)).doesNotContain("POLICY_REVIEWED_WITH_CLIENT");

        assertThat(review("alex", clientId, "PHONE", "STANDARD").status()).isEqualTo(200);
        await().atMost(WAIT)
                .pollInSameThread()
                .untilAsserted(() -> assertThat(instance(request)).hasPassedElement("ReviewDoneGateway"));
        assertThat(auditTypes(clientId)).containsOnlyOnce("POLICY_REVIEWED_WITH_CLIENT");
    }

    @Autowired
    IntakeConsent steps;

    @Test
    void theClientsAgreementToSmsRemindersIsRecordedWithTheReview() {
        UUID clientId = register("alex", "PORTAL", "en", "Sasha Reed " + UUID.randomUUID());
        ConsentRequest request = awaitStarted(clientId, ConsentRequest.Kind.INTAKE);
        awaitOpenTask(request, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);

        Api.Response reviewed = api.post("alex", "/api/clients/" + clientId + "/consent-review", """
        {"preferredChannel":"PORTAL","understoodChannels":true,"understoodContactKinds":true,
         "understoodResponseTime":true,"understoodCrisisPlan":true,"arrangement":"STANDARD",
         "smsReminders":"AGREED"}""");
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> auditTypes(clientId).contains("POLICY_REVIEWED_WITH_CLIENT"));
        assertThat(auditEvent(clientId, "POLICY_REVIEWED_WITH_CLIENT").getDetails())
                .contains("\"smsRemindersAgreed\":true");
        assertThat(auditEvent(clientId, "POLICY_REVIEWED_WITH_CLIENT").getActor())
                .isEqualTo("alex");

        // Only where the policy offers SMS reminders.
        Client client = clients.findById(clientId).orElseThrow();
        assertThat(steps.checkReview(
                        client,
                        TestPolicies.complete(),
                        new ReviewChoices(
                                Channel.PORTAL,
                                true,
                                true,
                                true,
                                true,
                                ConsentReview.Arrangement.STANDARD,
                                ReviewChoices.SmsReminderChoice.AGREED)))
                .hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("smsReminders"));
    }

    @Test
    void theDemoClientInIntakeHasAnIntakeConsentInstanceAfterStartup() {
        Client taylor = clients.findAll().stream()
                .filter(c -> "Taylor Brooks".equals(c.getDisplayName()))
                .findFirst()
                .orElseThrow();
        ConsentRequest request = awaitStarted(taylor.getId(), ConsentRequest.Kind.INTAKE);
        assertThat(request.isOpen() || consent.hasCurrentConsent(taylor.getId()))
                .isTrue();
        assertThat(requests.findByClientIdOrderByCreatedAtAsc(taylor.getId()).stream()
                        .filter(ConsentRequest::isOpen))
                .hasSizeLessThanOrEqualTo(1);
    }

    private Message triaged(UUID clientId, String body) {
        Message accepted = messageService
                .accept(InboundMessageRequest.fromClient(Channel.PORTAL, "ext-" + UUID.randomUUID(), clientId, body))
                .message();
        return awaitMessage(accepted.getId(), m -> m.getRoute() != null);
    }
}
