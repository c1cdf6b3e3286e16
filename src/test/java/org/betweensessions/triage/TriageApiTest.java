package org.betweensessions.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Preview, message views and the crisis acknowledgement over HTTP with real authentication. */
class TriageApiTest extends EmbeddedStackTest {

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aSupervisorCanTryAMessageAgainstTheCurrentRules() {
        Api.Response r = api.post(
                "sam", "/api/triage/preview", "{\"text\":\"everyone would be better off without me\",\"lang\":\"en\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("category").asText()).isEqualTo("CRISIS");
        assertThat(r.json().get("crisisKind").asText()).isEqualTo("SUICIDAL_IDEATION");
        assertThat(r.json().get("signals")).isNotEmpty();
        assertThat(r.json().get("signals").get(0).get("description").asText()).isNotBlank();
        assertThat(r.json().get("signals").get(0).get("id").asText()).startsWith("model.crisis(p=");
        assertThat(r.json().get("crisisProbability").asDouble())
                .isGreaterThanOrEqualTo(r.json().get("crisisThreshold").asDouble());

        Api.Response idiom = api.post("sam", "/api/triage/preview", "{\"text\":\"this homework is killing me lol\"}");
        assertThat(idiom.json().get("category").asText()).isNotEqualTo("CRISIS");

        assertThat(api.post("sam", "/api/triage/preview", "{\"text\":\"hi\",\"lang\":\"fr\"}")
                        .json()
                        .get("errors")
                        .findValuesAsText("field"))
                .contains("lang");
        assertThat(api.post("sam", "/api/triage/preview", "{\"text\":\"\"}").status())
                .isEqualTo(400);
        assertThat(api.post("portal", "/api/triage/preview", "{\"text\":\"hi\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aCrisisIsVisibleWithItsSignalsAlertsAndResourcesAndIsAcknowledgedOverHttp() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Api.Response created = api.post(
                "portal",
                "/api/messages",
                Api.json(
                        Map.of(
                                "channel",
                                "PORTAL",
                                "externalId",
                                "api-crisis-" + UUID.randomUUID(),
                                "clientId",
                                jordan.getId().toString(),
                                "body",
                                "I've been giving my things away and I wrote letters to everyone. I won't be around much longer.")));
        assertThat(created.status()).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("id").asText());
        awaitMessage(id, m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE);
        eventually(
                () -> assertThat(api.get("alex", "/api/messages/" + id).json().get("alerts"))
                        .isNotEmpty());
        // The alert goes out on receipt; the category is stored when the engine's screening step has
        // run, which under load can be a moment later.
        eventually(() -> assertThat(api.get("alex", "/api/messages/" + id)
                        .json()
                        .get("category")
                        .asText())
                .isEqualTo("CRISIS"));

        var view = api.get("alex", "/api/messages/" + id).json();
        assertThat(view.get("category").asText()).isEqualTo("CRISIS");
        assertThat(view.get("signals")).isNotEmpty();
        assertThat(view.get("alerts").get(0).get("recipient").asText()).isEqualTo("alex");
        eventually(() -> assertThat(api.get("alex", "/api/messages/" + id)
                        .json()
                        .get("autoReplies")
                        .findValuesAsText("templateKey"))
                .contains("crisis.resources"));

        assertThat(api.post("alex", "/api/messages/" + id + "/replies", "{\"body\":\"hi\"}")
                        .status())
                .as("a crisis is acknowledged, not answered")
                .isEqualTo(409);
        assertThat(api.post(
                                "alex",
                                "/api/messages/" + id + "/crisis-acknowledgement",
                                "{\"contactMade\":\"SMOKE_SIGNAL\",\"safetyAssessed\":true,\"nextStep\":\"MONITOR_AND_CHECK_IN\"}")
                        .json()
                        .get("errors")
                        .findValuesAsText("field"))
                .contains("contactMade");
        assertThat(api.post(
                                "blair",
                                "/api/messages/" + id + "/crisis-acknowledgement",
                                "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"MONITOR_AND_CHECK_IN\"}")
                        .status())
                .isEqualTo(403);

        Api.Response ack = api.post(
                "alex",
                "/api/messages/" + id + "/crisis-acknowledgement",
                "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SAFETY_PLAN_REVIEWED\"}");
        assertThat(ack.status()).isEqualTo(202);
        eventually(() -> assertThat(api.get("alex", "/api/messages/" + id)
                        .json()
                        .get("crisisAcknowledgement")
                        .get("acknowledgedBy")
                        .asText())
                .isEqualTo("alex"));
        assertThat(api.post(
                                "alex",
                                "/api/messages/" + id + "/crisis-acknowledgement",
                                "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,\"nextStep\":\"SAFETY_PLAN_REVIEWED\"}")
                        .status())
                .as("acknowledged once")
                .isEqualTo(409);
    }

    @Test
    void cliniciansListOnlyTheirOwnClientsMessages() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        api.post(
                "portal",
                "/api/messages",
                Api.json(Map.of(
                        "channel",
                        "PORTAL",
                        "externalId",
                        "list-" + UUID.randomUUID(),
                        "clientId",
                        jordan.getId().toString(),
                        "body",
                        "Can we move Thursday's session to 4pm?")));

        Api.Response own = api.get("alex", "/api/messages?clientId=" + jordan.getId());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json()).isNotEmpty();
        assertThat(api.get("blair", "/api/messages?clientId=" + jordan.getId()).status())
                .isEqualTo(403);
        assertThat(api.get("alex", "/api/messages?status=NOT_A_STATUS&clientId=" + jordan.getId())
                        .status())
                .isEqualTo(400);
        assertThat(api.get("sam", "/api/messages").status()).isEqualTo(200);
    }
}
