package org.betweensessions.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.stream.StreamSupport;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * A fresh demo start (its own empty database, the demo's SLA history switched on, as in the
 * embedded default): the supervisor's reports and the admin's metric show real figures.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// Its own MariaDB: a fresh demo database, and the shared test context's data stays untouched.
@TestPropertySource(properties = {"bsc.demo.sla-history=true", "bsc.database.directory=target/test-data-demo-sla"})
class DemoSlaHistoryTest extends EmbeddedStackTest {

    static {
        // Fresh every run (before Spring starts the database): the history is seeded once per database.
        FileSystemUtils.deleteRecursively(new File("target/test-data-demo-sla"));
    }

    @Test
    void aFreshDemoShowsAnsweredAndOverdueMessagesInReportsAndMetrics() {
        Api api = new Api(port);
        String alex = clinicians.findByUsername("alex").orElseThrow().getId().toString();

        eventually(() -> {
            JsonNode summary =
                    api.get("sam", "/api/sla/summary?clinicianId=" + alex).json();
            JsonNode all = StreamSupport.stream(summary.get("rows").spliterator(), false)
                    .filter(r -> r.get("assignee").asText().equals("alex")
                            && r.get("category").asText().equals("ALL"))
                    .findFirst()
                    .orElse(null);
            assertThat(all).as("alex's ALL row").isNotNull();
            assertThat(all.get("answered").asInt()).isEqualTo(2);
            assertThat(all.get("onTime").asInt()).isEqualTo(2);
            assertThat(all.get("breaches").asInt()).isEqualTo(1);
        });
        JsonNode breaches =
                api.get("sam", "/api/sla/breaches?clinicianId=" + alex).json();
        assertThat(breaches.get("count").asInt()).isEqualTo(1);
        assertThat(breaches.get("breaches").get(0).get("assignee").asText()).isEqualTo("alex");
        assertThat(breaches.get("breaches").get(0).get("category").asText()).isEqualTo("SUPPORT_SEEKING");
        eventually(() -> assertThat(api.get("admin", "/actuator/prometheus").body())
                .containsPattern("sla_breaches_total\\{category=\"SUPPORT_SEEKING\",clinician=\"alex\"[^}]*} 1\\.0"));
    }
}
