package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 6, part 1: every bad request, on every endpoint, is a 4xx problem+json that names what is
 * wrong, and changes nothing: no row in any table, no process instance in the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends EmbeddedStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    Client jordan;
    /** An existing message of Jordan's (alex's client), not a crisis. */
    String jordansMessage;

    String jordansExternalId;
    int currentPolicyVersion;
    JsonNode practicePolicy;
    byte[] replayed;
    String replayedTimestamp;

    /**
     * @param user who sends it (demo password)
     * @param setUp done before the counts are taken (e.g. the first delivery of a replayed webhook)
     * @param auditRows rows the refusal itself documents in audit_event (0 unless stated)
     */
    record Case(
            String name,
            String user,
            String method,
            String path,
            String contentType,
            byte[] body,
            int status,
            String field,
            String[] headers,
            int auditRows) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void setUp() {
        api = new Api(port);
        memberOfDemoPractice("mailgate", StaffRole.INTEGRATION);
        jordan = demoClient("alex", ClientStatus.ACTIVE);
        jordansExternalId = "bad-input-" + UUID.randomUUID();
        Api.Response created = api.post(
                "portal",
                "/api/messages",
                Api.json(Map.of(
                        "channel",
                        "PORTAL",
                        "externalId",
                        jordansExternalId,
                        "clientId",
                        jordan.getId().toString(),
                        "body",
                        "Checking in about the worksheet")));
        assertThat(created.status()).isEqualTo(202);
        jordansMessage = created.json().get("id").asText();
        Api.Response policy = api.get("sam", "/api/policies/practice");
        currentPolicyVersion = policy.json().get("version").asInt();
        practicePolicy = policy.json().get("document");
        // A signed webhook delivered once; the table replays it byte for byte.
        replayedTimestamp = String.valueOf(now().getEpochSecond());
        replayed = inbound("replay-" + UUID.randomUUID(), "Signed once").getBytes(StandardCharsets.UTF_8);
        assertThat(api.send(
                                "mailgate",
                                "POST",
                                "/api/messages",
                                JSON_TYPE,
                                replayed,
                                "X-BSC-Timestamp",
                                replayedTimestamp,
                                "X-BSC-Signature",
                                WebhookSignatureTest.sign("test-mailgate-secret", replayedTimestamp, replayed))
                        .status())
                .isEqualTo(202);
        // Let the triage of these two messages finish (auto-replies are rows too) before counting.
        settle();
    }

    /** Waits until no table and no engine count changes for half a second. */
    void settle() {
        Map<String, Long> last = StackCounts.of(jdbc, engine);
        for (int i = 0; i < 60; i++) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            Map<String, Long> now = StackCounts.of(jdbc, engine);
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
    }

    String inbound(String externalId, String body) {
        ObjectNode m = JSON.createObjectNode();
        m.put("channel", "PORTAL");
        m.put("externalId", externalId);
        m.put("clientId", jordan.getId().toString());
        m.put("body", body);
        return m.toString();
    }

    /** A valid inbound message with one field replaced (null removes it). */
    String inboundWith(String field, Object value) {
        ObjectNode m = (ObjectNode) read(inbound("bad-" + UUID.randomUUID(), "Hello there"));
        if (value == null) {
            m.remove(field);
        } else {
            m.set(field, JSON.valueToTree(value));
        }
        return m.toString();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Case post(String name, String user, String path, String json, int status, String field) {
        return new Case(
                name,
                user,
                "POST",
                path,
                JSON_TYPE,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                status,
                field,
                new String[0],
                0);
    }

    static Case get(String name, String user, String path, int status, String field) {
        return new Case(name, user, "GET", path, null, null, status, field, new String[0], 0);
    }

    Stream<Case> cases() {
        String m = "/api/messages";
        String unknown = UUID.randomUUID().toString();
        String msg = m + "/" + jordansMessage;
        String jordanConsent = "/api/clients/" + jordan.getId() + "/consent";
        byte[] badUtf8 = (inbound("bad-utf8-" + UUID.randomUUID(), "caf#")).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < badUtf8.length; i++) {
            if (badUtf8[i] == '#') {
                badUtf8[i] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
            }
        }
        byte[] oversized =
                inbound("big-" + UUID.randomUUID(), "a".repeat(1_100_000)).getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(now().getEpochSecond());
        byte[] signedBody = inbound("signed-" + UUID.randomUUID(), "Hello").getBytes(StandardCharsets.UTF_8);
        ObjectNode stalePolicy = JSON.createObjectNode();
        stalePolicy.put("basedOnVersion", currentPolicyVersion - 1);
        stalePolicy.set("document", practicePolicy);

        List<Case> c = new ArrayList<>();
        // POST /api/messages: the webhook
        c.add(post("malformed JSON", "portal", m, "{\"channel\":\"PORTAL\",", 400, null));
        c.add(post("not JSON at all", "portal", m, "hello", 400, null));
        c.add(post("empty body", "portal", m, "", 400, null));
        c.add(post("a JSON array", "portal", m, "[]", 400, null));
        c.add(post("missing channel", "portal", m, inboundWith("channel", null), 400, "channel"));
        c.add(post("unknown channel", "portal", m, inboundWith("channel", "CARRIER_PIGEON"), 400, "channel"));
        c.add(post("channel as a number", "portal", m, inboundWith("channel", 0), 400, "channel"));
        c.add(post("phone is not a written channel", "portal", m, inboundWith("channel", "PHONE"), 422, "channel"));
        c.add(post("missing externalId", "portal", m, inboundWith("externalId", null), 400, "externalId"));
        c.add(post("missing body", "portal", m, inboundWith("body", null), 400, "body"));
        c.add(post("blank body", "portal", m, inboundWith("body", "  \n "), 400, "body"));
        c.add(post("body as a number", "portal", m, inboundWith("body", 42), 400, "body"));
        c.add(post("body as an object", "portal", m, inboundWith("body", Map.of("text", "hi")), 400, "body"));
        c.add(post("body over 10,000 characters", "portal", m, inboundWith("body", "a".repeat(10_001)), 400, "body"));
        c.add(post("NUL in body", "portal", m, inboundWith("body", "hello\u0000world"), 400, "body"));
        c.add(post("bell control character in body", "portal", m, inboundWith("body", "ring\u0007"), 400, "body"));
        c.add(post(
                "escape character in externalId",
                "portal",
                m,
                inboundWith("externalId", "x\u001b[31m"),
                400,
                "externalId"));
        c.add(post("neither clientId nor sender", "portal", m, inboundWith("clientId", null), 422, "clientId"));
        c.add(post("clientId not a UUID", "portal", m, inboundWith("clientId", "jordan"), 400, "clientId"));
        c.add(post("unknown clientId", "portal", m, inboundWith("clientId", unknown), 422, "clientId"));
        c.add(post("receivedAt not a time", "portal", m, inboundWith("receivedAt", "yesterday"), 400, "receivedAt"));
        c.add(post(
                "receivedAt far in the future",
                "portal",
                m,
                inboundWith("receivedAt", "2999-01-01T00:00:00Z"),
                400,
                "receivedAt"));
        c.add(post(
                "receivedAt at the epoch",
                "portal",
                m,
                inboundWith("receivedAt", "1970-01-01T00:00:00Z"),
                400,
                "receivedAt"));
        c.add(post(
                "receivedAt older than bsc.intake.max-delivery-delay",
                "portal",
                m,
                inboundWith("receivedAt", now().minus(Duration.ofDays(3651)).toString()),
                400,
                "receivedAt"));
        c.add(post(
                "unpaired surrogate in body",
                "portal",
                m,
                inbound("bad-" + UUID.randomUUID(), "x").replace("\"body\":\"x\"", "\"body\":\"a\\ud800b\""),
                400,
                "body"));
        c.add(post(
                "unpaired low surrogate in externalId",
                "portal",
                m,
                inbound("surrogate-id", "x").replace("surrogate-id", "id-\\udc00"),
                400,
                "externalId"));
        c.add(post(
                "body given twice",
                "portal",
                m,
                inbound("bad-" + UUID.randomUUID(), "a").replace("}", ",\"body\":\"b\"}"),
                400,
                "body"));
        // The same delivery id with another text: refused, not silently dropped, and documented.
        c.add(new Case(
                "redelivery with a different text",
                "portal",
                "POST",
                m,
                JSON_TYPE,
                inbound(jordansExternalId, "A different text").getBytes(StandardCharsets.UTF_8),
                409,
                null,
                new String[0],
                1));
        c.add(new Case("invalid UTF-8", "portal", "POST", m, JSON_TYPE, badUtf8, 400, null, new String[0], 0));
        c.add(new Case("over 1 MB", "portal", "POST", m, JSON_TYPE, oversized, 413, null, new String[0], 0));
        c.add(new Case(
                "text/plain instead of JSON",
                "portal",
                "POST",
                m,
                "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8),
                415,
                null,
                new String[0],
                0));
        c.add(new Case(
                "signed webhook replayed",
                "mailgate",
                "POST",
                m,
                JSON_TYPE,
                replayed,
                409,
                "X-BSC-Signature",
                new String[] {
                    "X-BSC-Timestamp",
                    replayedTimestamp,
                    "X-BSC-Signature",
                    WebhookSignatureTest.sign("test-mailgate-secret", replayedTimestamp, replayed)
                },
                0));
        c.add(new Case(
                "webhook with a wrong signature",
                "mailgate",
                "POST",
                m,
                JSON_TYPE,
                signedBody,
                401,
                "X-BSC-Signature",
                new String[] {
                    "X-BSC-Timestamp",
                    ts,
                    "X-BSC-Signature",
                    "sha256=" + HexFormat.of().formatHex(new byte[32])
                },
                0));
        // GET /api/messages...
        c.add(get("message id not a UUID", "alex", m + "/42", 400, "id"));
        c.add(get("unknown message id", "alex", m + "/" + unknown, 404, "id"));
        c.add(get("unknown status filter", "sam", m + "?status=LOST", 400, "status"));
        // POST /api/messages/{id}/replies
        c.add(post("reply to a non-UUID id", "alex", m + "/abc/replies", "{\"body\":\"hi\"}", 400, "id"));
        c.add(post(
                "reply to an unknown message", "alex", m + "/" + unknown + "/replies", "{\"body\":\"hi\"}", 404, "id"));
        c.add(post("reply without body", "alex", msg + "/replies", "{}", 400, "body"));
        c.add(post("reply with NUL", "alex", msg + "/replies", "{\"body\":\"a\\u0000b\"}", 400, "body"));
        c.add(post(
                "reply over 10,000 characters",
                "alex",
                msg + "/replies",
                Api.json(Map.of("body", "b".repeat(10_001))),
                400,
                "body"));
        // POST /api/messages/{id}/crisis-acknowledgement
        String ack = "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SAFETY_PLAN_REVIEWED\"}";
        c.add(post(
                "acknowledge an unknown message",
                "alex",
                m + "/" + unknown + "/crisis-acknowledgement",
                ack,
                404,
                "id"));
        // An empty body is "I'm on it"; documentation facts come all three or not at all.
        c.add(post(
                "acknowledgement with only some answers",
                "alex",
                msg + "/crisis-acknowledgement",
                "{\"contactMade\":\"PHONE_CALL\"}",
                400,
                "nextStep"));
        c.add(post(
                "acknowledgement with minutes out of range",
                "alex",
                msg + "/crisis-acknowledgement",
                "{\"minutesSpent\":-5}",
                400,
                "minutesSpent"));
        // POST /api/messages/{id}/crisis-documentation
        c.add(post("documentation without answers", "alex", msg + "/crisis-documentation", "{}", 400, "contactMade"));
        c.add(post(
                "documentation of an unknown message",
                "alex",
                m + "/" + unknown + "/crisis-documentation",
                ack,
                404,
                "id"));
        c.add(post(
                "reply with minutes out of range",
                "alex",
                msg + "/replies",
                "{\"body\":\"hi\",\"minutesSpent\":601}",
                400,
                "minutesSpent"));
        // GET /api/clients/{id}/billing
        c.add(get(
                "billing of a month that is not one",
                "sam",
                "/api/clients/" + jordan.getId() + "/billing?month=2026-13",
                422,
                "month"));
        c.add(get("billing of a non-UUID client", "sam", "/api/clients/abc/billing", 400, "id"));
        c.add(post(
                "acknowledgement with an unknown next step",
                "alex",
                msg + "/crisis-acknowledgement",
                ack.replace("SAFETY_PLAN_REVIEWED", "PARTY"),
                400,
                "nextStep"));
        // POST /api/triage/preview
        c.add(post("preview without text", "sam", "/api/triage/preview", "{}", 400, "text"));
        c.add(post(
                "preview in an unsupported language",
                "sam",
                "/api/triage/preview",
                "{\"text\":\"hola\",\"lang\":\"fr\"}",
                400,
                "lang"));
        c.add(post("preview with a NUL", "sam", "/api/triage/preview", "{\"text\":\"a\\u0000\"}", 400, "text"));
        // /api/policies
        c.add(post(
                "policy change without a document",
                "sam",
                "/api/policies/practice/versions",
                "{\"basedOnVersion\":1}",
                400,
                "document"));
        c.add(post(
                "policy change on a stale version",
                "sam",
                "/api/policies/practice/versions",
                stalePolicy.toString(),
                409,
                null));
        c.add(get("policy of an unknown clinician", "sam", "/api/policies/clinicians/nobody", 404, "username"));
        // /api/clients
        c.add(post("register without fields", "casey", "/api/clients", "{}", 400, "displayName"));
        c.add(post(
                "register with an unknown clinician",
                "casey",
                "/api/clients",
                "{\"displayName\":\"Pat\",\"clinician\":\"nobody\",\"preferredChannel\":\"PORTAL\"}",
                422,
                "clinician"));
        c.add(post(
                "register with an unsupported language",
                "casey",
                "/api/clients",
                "{\"displayName\":\"Pat\",\"clinician\":\"alex\",\"preferredChannel\":\"PORTAL\",\"preferredLanguage\":\"fr\"}",
                400,
                "preferredLanguage"));
        c.add(post(
                "register with a control character in the name",
                "casey",
                "/api/clients",
                "{\"displayName\":\"Pat\\u0000\",\"clinician\":\"alex\",\"preferredChannel\":\"PORTAL\"}",
                400,
                "displayName"));
        c.add(get("client id not a UUID", "alex", "/api/clients/jordan", 400, "id"));
        c.add(get("unknown client", "alex", "/api/clients/" + unknown, 404, "id"));
        c.add(post(
                "consent for an unknown client",
                "portal",
                "/api/clients/" + unknown + "/consent",
                "{\"policyVersion\":1}",
                404,
                "id"));
        c.add(post("consent without a version", "portal", jordanConsent, "{}", 400, "policyVersion"));
        c.add(post(
                "consent for a non-UUID client",
                "portal",
                "/api/clients/x/consent",
                "{\"policyVersion\":1}",
                400,
                "id"));
        // The refusal of a stale version is itself documented (CONSENT_STALE_VERSION_REFUSED).
        c.add(new Case(
                "consent to a stale policy version",
                "portal",
                "POST",
                jordanConsent,
                JSON_TYPE,
                "{\"policyVersion\":0}".getBytes(StandardCharsets.UTF_8),
                409,
                null,
                new String[0],
                1));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndChangesNothing(Case c) throws InterruptedException {
        Map<String, Long> before = StackCounts.of(jdbc, engine);

        Api.Response response = api.send(c.user(), c.method(), c.path(), c.contentType(), c.body(), c.headers());

        assertThat(response.status()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
        assertThat(response.contentType()).as(c.name()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(c.status());
        assertThat(problem.path("detail").asText())
                .as("detail names the problem")
                .isNotBlank();
        if (c.field() != null) {
            assertThat(problem.path("errors").findValuesAsText("field"))
                    .as(c.name() + ": " + response.body())
                    .contains(c.field());
        }
        Thread.sleep(100); // anything published asynchronously would show up by now
        Map<String, Long> after = StackCounts.of(jdbc, engine);
        Map<String, Long> expected = new LinkedHashMap<>(before);
        expected.merge("audit_event", (long) c.auditRows(), Long::sum);
        assertThat(after).as(c.name()).isEqualTo(expected);
    }

    @Test
    void htmlAndScriptAreStoredAsSentAndOnlyEverReturnedAsJson() {
        String body = "<script>alert('x')</script><img src=x onerror=\"alert(1)\"> & \"quotes\" \u00e9\n\ttab";
        Api.Response created = api.post(
                "portal",
                "/api/messages",
                Api.json(Map.of(
                        "channel",
                        "PORTAL",
                        "externalId",
                        "html-" + UUID.randomUUID(),
                        "clientId",
                        jordan.getId().toString(),
                        "body",
                        body)));
        assertThat(created.status()).isEqualTo(202);

        Api.Response read =
                api.get("alex", "/api/messages/" + created.json().get("id").asText());

        assertThat(read.contentType()).startsWith("application/json");
        assertThat(read.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(read.json().get("body").asText()).isEqualTo(body);
        assertThat(read.body()).contains("\\\"alert(1)\\\"").contains("\\n\\ttab");
        settle(); // its triage must not run into the next test's counts
    }
}
