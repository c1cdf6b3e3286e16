package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 6, part 2: inbound webhooks signed with HMAC-SHA256 over "timestamp.body". {@code mailgate}
 * (application-test.yml) must sign; the demo {@code portal} may (its signature is checked when sent).
 */
class WebhookSignatureTest extends EmbeddedStackTest {

    static final String SECRET = "test-mailgate-secret";
    Api api;
    Client jordan;

    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void setUp() {
        memberOfDemoPractice("mailgate", StaffRole.INTEGRATION);
        api = new Api(port);
        jordan = demoClient("alex", ClientStatus.ACTIVE);
    }

    @Autowired
    JdbcTemplate jdbc;

    long inbound() {
        return jdbc.queryForObject("select count(*) from message where direction = 'INBOUND'", Long.class);
    }

    byte[] message() {
        return Api.json(Map.of(
                        "channel",
                        "EMAIL",
                        "externalId",
                        "mail-" + UUID.randomUUID(),
                        "clientId",
                        jordan.getId().toString(),
                        "body",
                        "Signed hello"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param signing GOOD, WRONG_SECRET, TAMPERED (body changed after signing), NONE
     * @param ageSeconds how old the timestamp is (negative: from the future); the refused cases sit
     *     30 s past the 300 s tolerance because the timestamp has whole seconds and the request
     *     reaches the server later than it was signed (301 s ahead was once 299.6 s ahead)
     * @param deliveries how often the same signed request is sent; the last answer counts
     */
    @ParameterizedTest(name = "{0} {1}: {2}, {3} s old, sent {4}x -> {5}")
    @CsvSource({
        "mailgate, /api/messages, GOOD,         0,    1, 202",
        "mailgate, /api/messages, GOOD,         240,  1, 202",
        "mailgate, /api/messages, GOOD,         -240, 1, 202",
        "mailgate, /api/messages, WRONG_SECRET, 0,    1, 401",
        "mailgate, /api/messages, TAMPERED,     0,    1, 401",
        "mailgate, /api/messages, GOOD,         330,  1, 401",
        "mailgate, /api/messages, GOOD,         -330, 1, 401",
        "mailgate, /api/messages, NONE,         0,    1, 401",
        "mailgate, /api/messages, GOOD,         0,    2, 409",
        "portal,   /api/messages, NONE,         0,    1, 202",
        "portal,   /api/messages, GOOD,         0,    1, 202",
        "portal,   /api/messages, WRONG_SECRET, 0,    1, 401",
        "portal,   /api/messages, GOOD,         0,    2, 409",
    })
    void signatures(String user, String path, String signing, long ageSeconds, int deliveries, int status) {
        byte[] body = message();
        String timestamp = String.valueOf(now().getEpochSecond() - ageSeconds);
        String secret = user.equals("portal") ? "demo-webhook-secret" : SECRET;
        String signature = switch (signing) {
            case "WRONG_SECRET" -> sign("not-the-secret", timestamp, body);
            default -> sign(secret, timestamp, body);
        };
        byte[] sent = signing.equals("TAMPERED")
                ? new String(body, StandardCharsets.UTF_8)
                        .replace("Signed hello", "Signed hullo")
                        .getBytes(StandardCharsets.UTF_8)
                : body;
        String[] headers = signing.equals("NONE")
                ? new String[0]
                : new String[] {"X-BSC-Timestamp", timestamp, "X-BSC-Signature", signature};
        long before = inbound();

        Api.Response response = null;
        for (int i = 0; i < deliveries; i++) {
            response = api.send(user, "POST", path, "application/json", sent, headers);
        }

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("errors").findValuesAsText("field")).contains("X-BSC-Signature");
        }
        assertThat(inbound()).isEqualTo(before + (status == 202 || deliveries > 1 ? 1 : 0));
    }
}
