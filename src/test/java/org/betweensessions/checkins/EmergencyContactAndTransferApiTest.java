package org.betweensessions.checkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
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
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The emergency-contact and transfer endpoints over HTTP against MariaDB: bad input is a 400
 * problem+json naming the field and writes nothing; the intake coordinator, the client's clinician
 * or a supervisor keep the emergency contact (encrypted at rest, audited without the details); a
 * transfer within the practice moves the client, a transfer out of it ends the check-ins.
 */
class EmergencyContactAndTransferApiTest extends EmbeddedStackTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RiskEpisodeRepository episodes;

    @Autowired
    SafetyPlanCheckins checkins;

    @Autowired
    MessageService messageService;

    @Autowired
    UserTasks userTasks;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    private static void problem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.body()).contains(field);
        }
    }

    private Api.Response put(String user, String path, String json) {
        return api.send(user, "PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String contact(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Robin Lee");
        body.put("phone", "+1 (555) 010-0100");
        body.put("email", "robin@example.org");
        body.put("relationship", "sister");
        body.put("consentToContact", true);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return Api.json(body);
    }

    private long audited(Client client, String type) {
        return audit.eventsFor("CLIENT", client.getId()).stream()
                .map(AuditEvent::getEventType)
                .filter(type::equals)
                .count();
    }

    @Test
    void theEmergencyContactIsValidatedKeptEncryptedAndAuditedWithoutTheDetails() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String path = "/api/clients/" + client.getId() + "/emergency-contact";

        problem(put("alex", path, contact("name", " ")), 400, "name");
        problem(put("alex", path, contact("phone", null, "email", null)), 400, "phone");
        problem(put("alex", path, contact("phone", "call me maybe")), 400, "phone");
        problem(put("alex", path, contact("email", "not-an-address")), 400, "email");
        problem(put("alex", path, contact("consentToContact", null)), 400, "consentToContact");
        problem(put("alex", path, contact("relationship", "x".repeat(101))), 400, "relationship");
        problem(put("alex", path, "{\"name\":"), 400, null);
        problem(put("blair", path, contact()), 403, null); // a colleague's client
        problem(put("portal", path, contact()), 403, null);
        problem(put("alex", "/api/clients/" + UUID.randomUUID() + "/emergency-contact", contact()), 404, null);
        problem(api.get("alex", path), 404, null);
        assertThat(jdbc.queryForObject(
                        "select count(*) from emergency_contact where client_id = ?",
                        Integer.class,
                        client.getId().toString()))
                .isZero();
        assertThat(audited(client, "EMERGENCY_CONTACT_RECORDED")).isZero();

        // At intake: the intake coordinator records it.
        Api.Response recorded = put("casey", path, contact());
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        assertThat(recorded.json().get("consentToContact").asBoolean()).isTrue();
        assertThat(recorded.json().get("recordedBy").asText()).isEqualTo("casey");

        // Encrypted at rest; the audit entry says what changed, not who the contact is.
        Map<String, Object> row = jdbc.queryForMap(
                "select name_enc, phone_enc, email_enc, relationship_enc from emergency_contact where client_id = ?",
                client.getId().toString());
        assertThat(row.values())
                .allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain("Robin", "555", "robin@", "sister"));
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("EMERGENCY_CONTACT_RECORDED"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"consentToContact\":true")
                        .doesNotContain("Robin", "robin@", "555", "sister"));

        // Later, the clinician withdraws the consent (the client asked); read back decrypted.
        assertThat(put("alex", path, contact("consentToContact", false)).status())
                .isEqualTo(200);
        Api.Response read = api.get("alex", path);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("name").asText()).isEqualTo("Robin Lee");
        assertThat(read.json().get("email").asText()).isEqualTo("robin@example.org");
        assertThat(read.json().get("consentToContact").asBoolean()).isFalse();
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .filteredOn(e -> e.getEventType().equals("EMERGENCY_CONTACT_RECORDED"))
                .anySatisfy(e -> assertThat(e.getDetails()).contains("\"consentChanged\":true"));
        problem(api.get("blair", path), 403, null);

        assertThat(api.send("sam", "DELETE", path, null, null).status()).isEqualTo(204);
        problem(api.get("alex", path), 404, null);
        problem(api.send("alex", "DELETE", path, null, null), 404, null);
        assertThat(audited(client, "EMERGENCY_CONTACT_REMOVED")).isEqualTo(1);
    }

    @Test
    void badTransfersAre400Or409AndWriteNothing() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String path = "/api/clients/" + client.getId() + "/transfers";
        UUID blair = clinicians.findByUsername("blair").orElseThrow().getId();

        problem(api.post("alex", path, "{\"reason\":\"Moving\"}"), 400, "kind");
        problem(api.post("alex", path, "{\"kind\":\"ELSEWHERE\",\"reason\":\"Moving\"}"), 400, "kind");
        problem(
                api.post("alex", path, "{\"kind\":\"WITHIN_PRACTICE\",\"toClinicianId\":\"" + blair + "\"}"),
                400,
                "reason");
        problem(api.post("alex", path, "{\"kind\":\"WITHIN_PRACTICE\",\"reason\":\"Moving\"}"), 400, "toClinicianId");
        problem(
                api.post(
                        "alex",
                        path,
                        "{\"kind\":\"WITHIN_PRACTICE\",\"reason\":\"Moving\",\"toClinicianId\":\"" + UUID.randomUUID()
                                + "\"}"),
                400,
                "toClinicianId");
        problem(
                api.post(
                        "alex",
                        path,
                        "{\"kind\":\"OUT_OF_PRACTICE\",\"reason\":\"Moving\",\"toClinicianId\":\"" + blair + "\"}"),
                400,
                "toClinicianId");
        problem(
                api.post(
                        "alex",
                        path,
                        "{\"kind\":\"WITHIN_PRACTICE\",\"reason\":\"Moving\",\"toClinicianId\":\""
                                + client.getClinicianId() + "\"}"),
                409,
                null);
        String valid = "{\"kind\":\"WITHIN_PRACTICE\",\"reason\":\"Moving\",\"toClinicianId\":\"" + blair + "\"}";
        problem(api.post("casey", path, valid), 403, null);
        problem(api.post("blair", path, valid), 403, null);
        assertThat(api.post(null, path, valid).status()).isEqualTo(401);
        assertThat(clients.findById(client.getId()).orElseThrow().getClinicianId())
                .isEqualTo(client.getClinicianId());
        assertThat(jdbc.queryForObject(
                        "select count(*) from client_transfer where client_id = ?",
                        Integer.class,
                        client.getId().toString()))
                .isZero();
        assertThat(audited(client, "CLIENT_TRANSFERRED")).isZero();
    }

    @Test
    void aTransferWithinThePracticeMovesTheClientAndOneOutOfItEndsTheCheckIns() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String path = "/api/clients/" + client.getId() + "/transfers";
        UUID blair = clinicians.findByUsername("blair").orElseThrow().getId();
        RiskEpisode raised = checkins.raise(client, null, "Plan disclosed in session", "alex");
        RiskEpisode episode = Awaitility.await()
                .atMost(WAIT)
                .until(() -> episodes.findById(raised.getId()).orElseThrow(), e -> e.getProcessInstanceKey() != null);

        Api.Response moved = api.post(
                "alex",
                path,
                "{\"kind\":\"WITHIN_PRACTICE\",\"reason\":\"Joins the DBT group\",\"toClinicianId\":\"" + blair
                        + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        assertThat(moved.json().get("toClinicianId").asText()).isEqualTo(blair.toString());
        assertThat(clients.findById(client.getId()).orElseThrow().getClinicianId())
                .isEqualTo(blair);
        assertThat(episodes.findById(episode.getId()).orElseThrow().getClinicianId())
                .isEqualTo(blair);
        assertThat(jdbc.queryForObject(
                        "select reason_enc from client_transfer where client_id = ?",
                        String.class,
                        client.getId().toString()))
                .doesNotContain("DBT");
        // Alex is no longer the client's clinician; Blair is.
        problem(api.get("alex", path), 403, null);
        Api.Response list = api.get("blair", path);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.body()).doesNotContain("DBT");

        Api.Response out = api.post("blair", path, "{\"kind\":\"OUT_OF_PRACTICE\",\"reason\":\"Moved away\"}");
        assertThat(out.status()).as(out.body()).isEqualTo(201);
        RiskEpisode ended = episodes.findById(episode.getId()).orElseThrow();
        assertThat(ended.isOpen()).isFalse();
        assertThat(ended.getEndReason()).isEqualTo(RiskEpisode.EndReason.TRANSFERRED);
        assertThat(audited(client, "CLIENT_TRANSFERRED")).isEqualTo(2);
        assertThat(audited(client, "SAFETY_CHECKINS_TRANSFERRED")).isEqualTo(1);
        assertThat(audited(client, "SAFETY_CHECKINS_ENDED")).isEqualTo(1);
    }

    @Test
    void aTransferWithinThePracticeHandsTheUnansweredMessagesToTheNewClinician() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message waiting = messageService
                .accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL,
                        "ext-" + UUID.randomUUID(),
                        client.getId(),
                        "Rough week with my sister, could we talk about it before Thursday? " + UUID.randomUUID()))
                .message();
        Message routed = awaitMessage(waiting.getId(), m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE);
        eventually(() -> assertThat(
                        userTasks.findOpenTask(routed.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo("alex")));
        // A rescheduling request is the coordinator's, and stays theirs.
        Message administrative = messageService
                .accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL,
                        "ext-" + UUID.randomUUID(),
                        client.getId(),
                        "Could we move Thursday's session to Friday at 10? " + UUID.randomUUID()))
                .message();
        Message forCoordinator = awaitMessage(
                administrative.getId(),
                m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE && "COORDINATOR".equals(m.getRoute()));
        UUID blair = clinicians.findByUsername("blair").orElseThrow().getId();

        Api.Response moved = api.post(
                "sam",
                "/api/clients/" + client.getId() + "/transfers",
                "{\"kind\":\"WITHIN_PRACTICE\",\"reason\":\"Schedule fits better\",\"toClinicianId\":\"" + blair
                        + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(201);

        // A new instance, rebuilt from the database, whose open answer task is Blair's.
        Message after = awaitMessage(
                waiting.getId(), m -> !routed.getProcessInstanceKey().equals(m.getProcessInstanceKey()));
        eventually(() -> assertThat(
                        userTasks.findOpenTask(after.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .hasValueSatisfying(t -> assertThat(t.assignee()).isEqualTo("blair")));
        assertThat(userTasks.findOpenTask(routed.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .isEmpty();
        assertThat(audit.eventsFor("MESSAGE", waiting.getId()))
                .filteredOn(e -> e.getEventType().equals("ANSWER_REASSIGNED"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getActor()).isEqualTo("sam");
                    assertThat(e.getDetails()).contains("blair");
                });
        assertThat(audited(client, "OPEN_ANSWERS_TRANSFERRED")).isEqualTo(1);
        assertThat(messages.findById(administrative.getId()).orElseThrow().getProcessInstanceKey())
                .isEqualTo(forCoordinator.getProcessInstanceKey());
        assertThat(audit.eventsFor("MESSAGE", administrative.getId()))
                .noneMatch(e -> e.getEventType().equals("ANSWER_REASSIGNED"));
        // Blair finds it in their open work and reads it here.
        CurrentUser blairUser = new CurrentUser("blair", StaffRole.CLINICIAN);
        assertThat(messageService.openWork(blairUser))
                .extracting(Message::getId)
                .contains(waiting.getId());
        assertThat(api.get("blair", "/api/messages/" + waiting.getId()).status())
                .isEqualTo(200);
        // Blair answers it; the message is answered once.
        messageService.reply(
                waiting.getId(),
                new ReplyRequest("Thank you for telling me, let us talk " + UUID.randomUUID()),
                blairUser);
        awaitMessage(waiting.getId(), m -> m.getStatus() == MessageStatus.ANSWERED);
    }
}
