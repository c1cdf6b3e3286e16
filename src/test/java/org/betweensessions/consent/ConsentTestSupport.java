package org.betweensessions.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** Registering clients over the API and following their intake-consent instance. */
abstract class ConsentTestSupport extends EmbeddedStackTest {

    @Autowired
    ConsentRequestRepository requests;

    @Autowired
    ConsentService consent;

    @Autowired
    UserTasks userTasks;

    @Autowired
    AuditTrail audit;

    @Autowired
    OutboundNotificationRepository outbox;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    /** Registers a client as the intake coordinator would; returns the client id. */
    UUID register(String clinician, String channel, String language, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", name);
        body.put("clinician", clinician);
        body.put("preferredChannel", channel);
        body.put("preferredLanguage", language);
        Api.Response created = api.post("casey", "/api/clients", Api.json(body));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("INTAKE");
        return UUID.fromString(created.json().get("id").asText());
    }

    /** The client's newest request of this kind, once its instance has sent the policy. */
    ConsentRequest awaitStarted(UUID clientId, ConsentRequest.Kind kind) {
        return await().atMost(WAIT)
                .until(
                        () -> requests.findByClientIdOrderByCreatedAtAsc(clientId).stream()
                                .filter(r -> r.getKind() == kind)
                                .reduce((a, b) -> b)
                                .orElse(null),
                        r -> r != null && r.getProcessInstanceKey() != null);
    }

    ConsentRequest reload(ConsentRequest r) {
        return requests.findById(r.getId()).orElseThrow();
    }

    InspectedProcessInstance instance(ConsentRequest r) {
        return new InspectedProcessInstance(r.getProcessInstanceKey());
    }

    UserTasks.OpenUserTask awaitOpenTask(ConsentRequest r, String elementId) {
        return await().atMost(WAIT)
                .until(
                        () -> userTasks
                                .findOpenTask(r.getProcessInstanceKey(), elementId)
                                .orElse(null),
                        t -> t != null && t.assignee() != null
                                || t != null && !elementId.equals(ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK));
    }

    void awaitCompleted(ConsentRequest r) {
        await().atMost(WAIT)
                .pollInSameThread()
                .untilAsserted(() -> BpmnAssert.assertThat(instance(r)).isCompleted());
    }

    List<String> auditTypes(UUID clientId) {
        return audit.eventsFor("CLIENT", clientId).stream()
                .map(AuditEvent::getEventType)
                .toList();
    }

    AuditEvent auditEvent(UUID clientId, String type) {
        return audit.eventsFor("CLIENT", clientId).stream()
                .filter(e -> e.getEventType().equals(type))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + type + " in " + auditTypes(clientId)));
    }

    List<OutboundNotification> notifications(UUID clientId) {
        return outbox.findByClientIdOrderByCreatedAtAsc(clientId);
    }

    List<String> notificationTemplates(UUID clientId) {
        return notifications(clientId).stream()
                .map(OutboundNotification::getTemplateKey)
                .toList();
    }

    int currentVersion(UUID clientId) {
        return consent.status(clientId).currentPolicyVersion();
    }

    Api.Response acknowledge(String user, UUID clientId, Object version) {
        return api.post(
                user,
                "/api/clients/" + clientId + "/consent",
                version == null ? "{}" : "{\"policyVersion\":" + version + "}");
    }

    Api.Response review(String user, UUID clientId, String channel, String arrangement) {
        return api.post(user, "/api/clients/" + clientId + "/consent-review", """
        {"preferredChannel":"%s","understoodChannels":true,"understoodContactKinds":true,
         "understoodResponseTime":true,"understoodCrisisPlan":true,"arrangement":"%s"}""".formatted(channel, arrangement));
    }

    List<String> recordsMentioning(String text) {
        List<String> found = new ArrayList<>();
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.toJson().contains(text)) {
                found.add(r.getValueType() + " " + r.getIntent());
            }
        }
        return found;
    }
}
