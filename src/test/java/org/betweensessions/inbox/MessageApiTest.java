package org.betweensessions.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The messages API over HTTP with real authentication, against MariaDB and the engine. */
class MessageApiTest extends EmbeddedStackTest {

    @Autowired
    UserTasks userTasks;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    Client jordan;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        jordan = demoClient("alex", ClientStatus.ACTIVE);
    }

    private Map<String, Object> inbound(String externalId, String body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", "PORTAL");
        m.put("externalId", externalId);
        m.put("clientId", jordan.getId().toString());
        m.put("body", body);
        return m;
    }

    @Test
    void integrationPostsAMessageAndTheClinicianAnswersIt() {
        String externalId = "portal-" + UUID.randomUUID();
        Api.Response created = api.post(
                "portal",
                "/api/messages",
                Api.json(inbound(externalId, "Can we talk about the argument with my partner?")));
        assertThat(created.status()).isEqualTo(202);
        String id = created.json().get("id").asText();

        Api.Response redelivered = api.post(
                "portal",
                "/api/messages",
                Api.json(inbound(externalId, "Can we talk about the argument with my partner?")));
        assertThat(redelivered.status()).isEqualTo(200);
        assertThat(redelivered.json().get("id").asText()).isEqualTo(id);

        Message waiting = awaitMessage(UUID.fromString(id), m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE);
        eventually(() -> assertThat(userTasks.findOpenTask(waiting.getProcessInstanceKey(), "RespondToMessageTask"))
                .isPresent());
        Api.Response view = api.get("alex", "/api/messages/" + id);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("status").asText()).isEqualTo("AWAITING_RESPONSE");
        assertThat(view.json().get("body").asText()).contains("argument with my partner");

        Api.Response reply = api.post(
                "alex",
                "/api/messages/" + id + "/replies",
                "{\"body\":\"Thank you for sharing this. Let's explore it in our next session.\"}");
        assertThat(reply.status()).isEqualTo(201);

        Api.Response answered = api.get("alex", "/api/messages/" + id);
        assertThat(answered.json().get("status").asText()).isEqualTo("ANSWERED");
        assertThat(answered.json().get("replies")).hasSize(1);

        Api.Response twice = api.post("alex", "/api/messages/" + id + "/replies", "{\"body\":\"again\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.contentType()).startsWith("application/problem+json");
    }

    @Test
    void withoutCredentialsTheAnswerIs401ProblemJson() {
        Api.Response response = api.post(null, "/api/messages", Api.json(inbound("x-" + UUID.randomUUID(), "hello")));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void wrongRoleOrAnotherCliniciansClientIs403ProblemJson() {
        Api.Response created = api.post(
                "portal",
                "/api/messages",
                Api.json(inbound("portal-" + UUID.randomUUID(), "Quick question about homework")));
        String id = created.json().get("id").asText();

        Api.Response integrationReads = api.get("portal", "/api/messages/" + id);
        assertThat(integrationReads.status()).isEqualTo(403);
        assertThat(integrationReads.contentType()).startsWith("application/problem+json");

        Api.Response otherClinician = api.get("blair", "/api/messages/" + id);
        assertThat(otherClinician.status()).isEqualTo(403);
        assertThat(otherClinician.contentType()).startsWith("application/problem+json");

        Api.Response otherAnswers =
                api.post("blair", "/api/messages/" + id + "/replies", "{\"body\":\"not mine to answer\"}");
        assertThat(otherAnswers.status()).isEqualTo(403);
    }

    @Test
    void badInputIsAnsweredWithTheFieldNamedAndNothingStored() {
        // Counted for this test's client and ids only: other tests' work (auto-replies, check-ins) may
        // still be writing messages of their own meanwhile.
        String mine = "select count(*) from message where client_id = ? or external_id like 'bad-%'";
        long before = jdbc.queryForObject(mine, Long.class, jordan.getId().toString());

        Map<String, Object> missingBody = inbound("bad-" + UUID.randomUUID(), null);
        assertField(api.post("portal", "/api/messages", Api.json(missingBody)), 400, "body");

        Map<String, Object> unknownChannel = inbound("bad-" + UUID.randomUUID(), "hi");
        unknownChannel.put("channel", "CARRIER_PIGEON");
        assertField(api.post("portal", "/api/messages", Api.json(unknownChannel)), 400, "channel");

        Map<String, Object> unknownClient = inbound("bad-" + UUID.randomUUID(), "hi");
        unknownClient.put("clientId", UUID.randomUUID().toString());
        assertField(api.post("portal", "/api/messages", Api.json(unknownClient)), 422, "clientId");

        Map<String, Object> tooLong = inbound("bad-" + UUID.randomUUID(), "a".repeat(10_001));
        assertField(api.post("portal", "/api/messages", Api.json(tooLong)), 400, "body");

        byte[] invalidUtf8 = ("{\"channel\":\"PORTAL\",\"externalId\":\"bad-utf8\",\"clientId\":\"" + jordan.getId()
                        + "\",\"body\":\"caf")
                .getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[invalidUtf8.length + 3];
        System.arraycopy(invalidUtf8, 0, withBadByte, 0, invalidUtf8.length);
        withBadByte[invalidUtf8.length] = (byte) 0xC3;
        withBadByte[invalidUtf8.length + 1] = (byte) 0x28;
        withBadByte[invalidUtf8.length + 2] = '"';
        Api.Response badBytes = api.postBytes("portal", "/api/messages", withBadByte);
        assertThat(badBytes.status()).isEqualTo(400);
        assertThat(badBytes.contentType()).startsWith("application/problem+json");

        assertThat(jdbc.queryForObject(mine, Long.class, jordan.getId().toString()))
                .isEqualTo(before);
    }

    private static void assertField(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsText("field")).contains(field);
    }
}
