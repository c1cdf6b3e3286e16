package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;

/**
 * No input of any shape gets a 5xx: every field of every request body replaced, one at a time and
 * at random, by values of other shapes (numbers at the edges, nested arrays and objects, empty and
 * huge strings, dates from 0001 to 9999, control and surrogate characters, other enums). Seeded,
 * so a failure can be repeated; the seed is in the assertion message.
 */
class NoInputIsA5xxTest extends EmbeddedStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void everyEndpointAnswersMalformedBodiesWithA4xx() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Api api = new Api(port);
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Client inIntake = demoClient("alex", ClientStatus.INTAKE);
        String message = api.post(
                        "portal",
                        "/api/messages",
                        Api.json(Map.of(
                                "channel",
                                "PORTAL",
                                "externalId",
                                "fuzz-" + UUID.randomUUID(),
                                "clientId",
                                client.getId().toString(),
                                "body",
                                "Fuzz target")))
                .json()
                .get("id")
                .asText();

        record Endpoint(String user, String path, String validBody) {}
        List<Endpoint> endpoints = List.of(
                new Endpoint(
                        "portal",
                        "/api/messages",
                        Api.json(Map.of(
                                "channel",
                                "PORTAL",
                                "externalId",
                                "fuzz",
                                "clientId",
                                client.getId().toString(),
                                "body",
                                "hello",
                                "receivedAt",
                                "2026-01-01T00:00:00Z"))),
                new Endpoint("alex", "/api/messages/" + message + "/replies", "{\"body\":\"Thanks\"}"),
                new Endpoint(
                        "alex",
                        "/api/messages/" + message + "/crisis-acknowledgement",
                        "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SESSION_SCHEDULED\"}"),
                new Endpoint(
                        "portal",
                        "/api/clients/" + inIntake.getId() + "/consent",
                        "{\"policyVersion\":1,\"channel\":\"PORTAL\"}"),
                new Endpoint(
                        "alex",
                        "/api/clients/" + inIntake.getId() + "/consent-review",
                        "{\"preferredChannel\":\"PORTAL\",\"understoodChannels\":true,\"understoodContactKinds\":true,"
                                + "\"understoodResponseTime\":true,\"understoodCrisisPlan\":true,\"arrangement\":\"STANDARD\"}"),
                new Endpoint(
                        "casey",
                        "/api/clients/" + inIntake.getId() + "/consent-follow-up",
                        "{\"outcome\":\"LEFT_MESSAGE\"}"),
                new Endpoint(
                        "casey",
                        "/api/clients",
                        "{\"displayName\":\"Fuzz\",\"clinician\":\"alex\","
                                + "\"preferredChannel\":\"PORTAL\",\"preferredLanguage\":\"en\"}"),
                new Endpoint("sam", "/api/triage/preview", "{\"text\":\"hello\",\"lang\":\"en\"}"),
                new Endpoint(
                        "sam",
                        "/api/policies/practice/versions",
                        "{\"basedOnVersion\":1,\"document\":{\"responseWindow\":{\"kind\":\"BUSINESS_HOURS\"}}}"));

        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            ObjectNode valid = (ObjectNode) JSON.readTree(endpoint.validBody());
            List<String> fields = new ArrayList<>();
            valid.fieldNames().forEachRemaining(fields::add);
            for (int round = 0; round < 12; round++) {
                ObjectNode body = valid.deepCopy();
                String field = fields.get(random.nextInt(fields.size()));
                body.set(field, oddValue(random));
                if (body.has("externalId")) {
                    body.put("externalId", "fuzz-" + UUID.randomUUID());
                }
                Api.Response response = api.send(
                        endpoint.user(),
                        "POST",
                        endpoint.path(),
                        "application/json",
                        body.toString().getBytes(StandardCharsets.UTF_8));
                if (response.status() >= 500) {
                    failures.add(endpoint.path() + " " + body + " -> " + response.status() + " " + response.body());
                } else if (response.status() >= 400) {
                    assertThat(response.contentType()).startsWith("application/problem+json");
                }
            }
        }
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    private static JsonNode oddValue(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(Long.MAX_VALUE);
            case 2 -> F.numberNode(-1);
            case 3 -> F.numberNode(1e308);
            case 4 -> F.booleanNode(random.nextBoolean());
            case 5 -> F.textNode("");
            case 6 -> F.textNode("x".repeat(20_000));
            case 7 -> F.textNode("0001-01-01T00:00:00Z");
            case 8 -> F.textNode("9999-12-31T23:59:59Z");
            case 9 -> F.textNode("a\u0000b\u001b");
            case 10 -> F.textNode("\uD83D\uDE00 ünïcödé ✓ 日本語 \u202Eevil");
            case 11 -> {
                ArrayNode nested = F.arrayNode();
                nested.add(F.arrayNode().add(F.objectNode().put("a", 1)));
                yield nested;
            }
            case 12 -> F.objectNode().put("nested", "object");
            case 13 -> F.textNode(UUID.randomUUID().toString());
            case 14 -> F.textNode("PORTAL");
            default -> F.textNode("' OR 1=1; -- <script>");
        };
    }
}
