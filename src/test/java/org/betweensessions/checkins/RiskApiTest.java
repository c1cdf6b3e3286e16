package org.betweensessions.checkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.outbox.OutboundNotificationRepository;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The risk and safety-plan endpoints over HTTP against MariaDB: raising needs a level and a
 * documented reason (bad input is a 400 problem+json naming the field and writes nothing), only the
 * client's clinician or a supervisor may change the rating or read the plan, a second raise or a
 * second lowering is a 409, and the reason reaches the database encrypted and the audit trail only as
 * "documented".
 */
class RiskApiTest extends EmbeddedStackTest {

    @Autowired
    RiskEpisodeRepository episodes;

    @Autowired
    SafetyPlanCheckins checkins;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OutboundNotificationRepository outbox;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    private String risk(Client client) {
        return "/api/clients/" + client.getId() + "/risk";
    }

    private static void problem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.body()).contains(field);
        }
    }

    /** Nothing was written for the client: no episode, rating unchanged, nothing audited. */
    private void unchanged(Client client) {
        assertThat(episodes.findByOpenClientId(client.getId())).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from risk_episode where client_id = ?",
                        Integer.class,
                        client.getId().toString()))
                .isZero();
        assertThat(clients.findById(client.getId()).orElseThrow().getRiskLevel())
                .isEqualTo(client.getRiskLevel());
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .extracting(AuditEvent::getEventType)
                .doesNotContain("RISK_RAISED", "RISK_LOWERED");
    }

    @Test
    void badInputIsA400NamingTheFieldAndWritesNothing() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);

        problem(api.post("alex", risk(client), "{\"level\":\"HIGH\"}"), 400, "reason");
        problem(api.post("alex", risk(client), "{\"level\":\"HIGH\",\"reason\":\"   \"}"), 400, "reason");
        problem(
                api.post("alex", risk(client), Api.json(Map.of("level", "HIGH", "reason", "x".repeat(4001)))),
                400,
                "reason");
        problem(api.post("alex", risk(client), "{\"reason\":\"Plan disclosed\"}"), 400, "level");
        problem(api.post("alex", risk(client), "{\"level\":\"SEVERE\",\"reason\":\"Plan\"}"), 400, "level");
        problem(
                api.post("alex", risk(client), "{\"level\":\"HIGH\",\"reason\":\"Plan\",\"cssrsLevel\":\"EXTREME\"}"),
                400,
                "cssrsLevel");
        problem(api.post("alex", risk(client), "{\"level\":\"HIGH\",\"reason\":"), 400, null);
        problem(
                api.post("alex", "/api/clients/not-a-uuid/risk", "{\"level\":\"HIGH\",\"reason\":\"Plan\"}"),
                400,
                "id");
        unchanged(client);

        // The safety plan: a section too long names the section; nothing is stored.
        problem(
                api.post(
                        "alex",
                        "/api/clients/" + client.getId() + "/safety-plan",
                        Api.json(Map.of("warningSigns", "x".repeat(4001)))),
                400,
                "warningSigns");
        problem(api.get("alex", "/api/clients/" + client.getId() + "/safety-plan"), 404, null);
        problem(api.post("alex", "/api/clients/" + client.getId() + "/safety-plan/copy", ""), 404, null);
    }

    @Test
    void onlyTheClientsClinicianOrASupervisorRatesRisk() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String valid = "{\"level\":\"HIGH\",\"reason\":\"Plan disclosed in session\"}";

        problem(api.post("casey", risk(client), valid), 403, null); // intake coordinator
        problem(api.post("blair", risk(client), valid), 403, null); // a colleague's client
        problem(api.post("alex", "/api/clients/" + UUID.randomUUID() + "/risk", valid), 404, null);
        assertThat(api.post(null, risk(client), valid).status()).isEqualTo(401);
        problem(api.get("casey", "/api/clients/" + client.getId() + "/safety-plan"), 403, null);
        problem(
                api.post("blair", "/api/clients/" + client.getId() + "/safety-plan", "{\"warningSigns\":\"none\"}"),
                403,
                null);
        unchanged(client);
    }

    @Test
    void raisingAndLoweringWithADocumentedReason() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String reason = "Disclosed a plan and access to means " + UUID.randomUUID();

        Api.Response raised = api.post(
                "alex", risk(client), Api.json(Map.of("level", "HIGH", "reason", reason, "cssrsLevel", "HIGH")));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        assertThat(raised.json().get("riskLevel").asText()).isEqualTo("HIGH");
        UUID episodeId = UUID.fromString(raised.json().get("episodeId").asText());
        assertThat(raised.json().get("safetyPlanDueAt").asText()).isNotBlank();
        RiskEpisode episode = episodes.findById(episodeId).orElseThrow();
        assertThat(episode.getRaisedReason()).isEqualTo(reason);
        assertThat(episode.getRaisedBy()).isEqualTo("alex");
        assertThat(jdbc.queryForObject(
                        "select raised_reason_enc from risk_episode where id = ?", String.class, episodeId.toString()))
                .doesNotContain("Disclosed");
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("RISK_RAISED")))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"reasonDocumented\":true")
                        .doesNotContain("Disclosed"));

        // Already high: 409, no second episode.
        problem(api.post("alex", risk(client), Api.json(Map.of("level", "HIGH", "reason", "again"))), 409, null);
        assertThat(jdbc.queryForObject(
                        "select count(*) from risk_episode where client_id = ?",
                        Integer.class,
                        client.getId().toString()))
                .isEqualTo(1);

        // The safety plan over HTTP: versioned, read back.
        Api.Response plan = api.post(
                "alex",
                "/api/clients/" + client.getId() + "/safety-plan",
                Api.json(Map.of(
                        "warningSigns",
                        "Stops answering friends",
                        "internalCoping",
                        "music",
                        "reviewedWithClient",
                        true)));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        Api.Response read = api.get("sam", "/api/clients/" + client.getId() + "/safety-plan");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("version").asInt()).isEqualTo(1);
        assertThat(read.json().get("sections").get("warningSigns").asText()).isEqualTo("Stops answering friends");

        // A copy goes to the client in their channel, once per version.
        problem(api.post("casey", "/api/clients/" + client.getId() + "/safety-plan/copy", ""), 403, null);
        Api.Response copy = api.post("alex", "/api/clients/" + client.getId() + "/safety-plan/copy", "");
        assertThat(copy.status()).as(copy.body()).isEqualTo(202);
        assertThat(copy.json().get("version").asInt()).isEqualTo(1);
        assertThat(copy.json().get("sentBefore").asBoolean()).isFalse();
        assertThat(api.post("alex", "/api/clients/" + client.getId() + "/safety-plan/copy", "")
                        .json()
                        .get("sentBefore")
                        .asBoolean())
                .isTrue();
        var copies = outbox.findByClientIdOrderByCreatedAtAsc(client.getId()).stream()
                .filter(n -> n.getTemplateKey().equals("safety-plan.copy"))
                .toList();
        assertThat(copies)
                .singleElement()
                .satisfies(n -> assertThat(n.getBody()).contains("Warning signs:\nStops answering friends", "988"));
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("SAFETY_PLAN_COPY_SENT")))
                .hasSize(1);
        assertThat(jdbc.queryForObject(
                        "select body_enc from outbox where id = ?",
                        String.class,
                        copies.getFirst().getId().toString()))
                .doesNotContain("Stops answering");

        // Lowering needs a reason too; a supervisor may lower; lowering twice is a 409.
        problem(api.post("sam", risk(client), "{\"level\":\"LOW\"}"), 400, "reason");
        assertThat(episodes.findById(episodeId).orElseThrow().isOpen()).isTrue();
        Api.Response lowered = api.post(
                "sam",
                risk(client),
                Api.json(Map.of("level", "LOW", "reason", "Re-rated with the client: C-SSRS low, plan in place")));
        assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
        assertThat(lowered.json().get("episodeId").asText()).isEqualTo(episodeId.toString());
        RiskEpisode ended = episodes.findById(episodeId).orElseThrow();
        assertThat(ended.isOpen()).isFalse();
        assertThat(ended.getEndedBy()).isEqualTo("sam");
        assertThat(ended.getLoweredReason()).startsWith("Re-rated");
        assertThat(clients.findById(client.getId()).orElseThrow().getRiskLevel())
                .isEqualTo(RiskLevel.LOW);
        problem(api.post("sam", risk(client), Api.json(Map.of("level", "LOW", "reason", "again"))), 409, null);
    }
}
