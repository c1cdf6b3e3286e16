package org.betweensessions.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
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
import org.betweensessions.sla.SlaFixtures.TestClinician;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The SLA reports and the Prometheus figures from a real run: one message answered late (received
 * ten days ago, so its deadline timer fires at once and the breach is recorded), one answered at
 * once. Writes the figures to target/sla-seeded-run.txt. Does not move the clocks.
 */
class SlaReportApiTest extends EmbeddedStackTest {

    @Autowired
    SlaFixtures fixtures;

    @Autowired
    MessageService service;

    @Autowired
    ResponseSlaRepository slas;

    @Autowired
    UserTasks userTasks;

    private Message send(TestClinician who, Instant receivedAt) {
        Message m = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "report-" + UUID.randomUUID(),
                        who.client().getId(),
                        null,
                        "I've been struggling since our last session and could use " + "some support. Can we talk?",
                        receivedAt))
                .message();
        Message routed = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        // AWAITING_RESPONSE is committed a moment before the engine creates the task.
        eventually(() -> assertThat(
                        userTasks.findOpenTask(routed.getProcessInstanceKey(), ProcessIds.RESPOND_TO_MESSAGE_TASK))
                .isPresent());
        return routed;
    }

    private void answer(Message m, TestClinician who) {
        service.reply(
                m.getId(),
                new ReplyRequest("Thank you for writing. " + UUID.randomUUID()),
                new CurrentUser(who.username(), StaffRole.CLINICIAN));
    }

    @Test
    void supervisorsAndAdminsGetBreachesAndTheSummaryWithRealFigures() throws IOException {
        TestClinician who = fixtures.newClinicianWithClient();
        Message late = send(who, now().minus(Duration.ofDays(10)));
        await().atMost(WAIT)
                .until(() -> slas.findById(late.getId())
                        .map(s -> s.getBreachedAt() != null)
                        .orElse(false));
        answer(late, who);
        Message prompt = send(who, now());
        answer(prompt, who);
        Api api = new Api(port);
        String clinician = "?clinicianId=" + who.clinician().getId();

        Api.Response breaches = api.get("sam", "/api/sla/breaches" + clinician);
        assertThat(breaches.status()).isEqualTo(200);
        JsonNode b = breaches.json();
        assertThat(b.path("count").asInt()).isEqualTo(1);
        JsonNode breach = b.path("breaches").get(0);
        assertThat(breach.path("messageId").asText()).isEqualTo(late.getId().toString());
        assertThat(breach.path("assignee").asText()).isEqualTo(who.username());
        assertThat(breach.path("category").asText()).isEqualTo("SUPPORT_SEEKING");
        assertThat(breach.path("window").asText()).isEqualTo("24BH");
        assertThat(breach.path("answeredAt").isNull()).isFalse();
        assertThat(breach.path("overdueBy").asText()).matches("(\\d+ days? )?(\\d+ h )?\\d+ min");
        assertThat(breach.path("overdueMinutes").isIntegralNumber()).isTrue();
        assertThat(api.get("admin", "/api/sla/breaches" + clinician).status()).isEqualTo(200);

        Api.Response summary = api.get("admin", "/api/sla/summary" + clinician);
        assertThat(summary.status()).isEqualTo(200);
        JsonNode all = rows(summary.json()).stream()
                .filter(r -> r.path("category").asText().equals("ALL"))
                .findFirst()
                .orElseThrow();
        assertThat(all.path("assignee").asText()).isEqualTo(who.username());
        assertThat(all.path("answered").asInt()).isEqualTo(2);
        assertThat(all.path("onTime").asInt()).isEqualTo(1);
        assertThat(all.path("onTimeShare").asDouble()).isEqualTo(0.5);
        assertThat(all.path("breaches").asInt()).isEqualTo(1);
        // Nearest rank over two answers: the median is the faster one, p90 the late one (> 24 h).
        assertThat(Duration.parse(all.path("p90Response").asText())).isGreaterThan(Duration.ofHours(24));
        assertThat(Duration.parse(all.path("medianResponse").asText())).isLessThan(Duration.ofMinutes(5));

        Api.Response prometheus = api.get("admin", "/actuator/prometheus");
        List<String> mine = prometheus
                .body()
                .lines()
                .filter(l -> l.contains(who.username()))
                .toList();
        assertThat(mine)
                .anyMatch(l -> l.startsWith("sla_breaches_total{category=\"SUPPORT_SEEKING\"," + "clinician=\""
                                + who.username() + "\"")
                        && l.endsWith(" 1.0"));
        assertThat(mine).anyMatch(l -> l.startsWith("sla_response_time_seconds_count{"));

        Files.createDirectories(Path.of("target"));
        Files.writeString(
                Path.of("target/sla-seeded-run.txt"),
                String.join(
                        "\n",
                        "GET /api/sla/breaches" + clinician,
                        breaches.body(),
                        "",
                        "GET /api/sla/summary" + clinician,
                        summary.body(),
                        "",
                        "GET /actuator/prometheus (lines for " + who.username() + ")",
                        mine.stream().collect(Collectors.joining("\n")),
                        ""));
    }

    private static List<JsonNode> rows(JsonNode summary) {
        List<JsonNode> rows = new ArrayList<>();
        summary.path("rows").forEach(rows::add);
        return rows;
    }

    @Test
    void cliniciansCoordinatorsAndTheIntegrationMayNotReadSlaReports() {
        Api api = new Api(port);
        for (String user : List.of("alex", "casey", "portal")) {
            for (String path : List.of("/api/sla/breaches", "/api/sla/summary")) {
                Api.Response r = api.get(user, path);
                assertThat(r.status()).as("%s %s", user, path).isEqualTo(403);
                assertThat(r.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(api.get(null, "/api/sla/summary").status()).isEqualTo(401);
    }

    @Test
    void badDatesAre400ProblemsNamingTheField() {
        Api api = new Api(port);
        Api.Response notADate = api.get("sam", "/api/sla/breaches?from=yesterday");
        assertThat(notADate.status()).isEqualTo(400);
        assertThat(notADate.contentType()).startsWith("application/problem+json");
        assertThat(notADate.json().path("errors").get(0).path("field").asText()).isEqualTo("from");

        Api.Response backwards = api.get("sam", "/api/sla/summary?from=2026-11-20&to=2026-11-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().path("errors").get(0).path("field").asText())
                .isEqualTo("from");

        Api.Response badClinician = api.get("admin", "/api/sla/summary?clinicianId=not-a-uuid");
        assertThat(badClinician.status()).isEqualTo(400);
        assertThat(api.get("admin", "/api/sla/summary?clinicianId=" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);

        Api.Response dates = api.get("admin", "/api/sla/breaches?from=2026-11-01&to=2026-11-30");
        assertThat(dates.status()).isEqualTo(200);
        // Local dates in the practice's zone (New York); "to" is inclusive.
        assertThat(dates.json().path("from").asText()).isEqualTo("2026-11-01T04:00:00Z");
        assertThat(dates.json().path("to").asText()).isEqualTo("2026-12-01T05:00:00Z");
    }
}
