package org.betweensessions.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.YearMonth;
import java.time.ZoneId;
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

/**
 * Time spent, for billing, over HTTP on MariaDB and the engine: minutes given with a reply and with a
 * crisis documentation become billable units by the demo practice's rule (over 10 minutes, 15-minute
 * increments), listed per client and month with dates, minutes, units and category, never text.
 */
class BillingApiTest extends EmbeddedStackTest {

    @Autowired
    UserTasks userTasks;

    @Autowired
    TimeSpentRepository times;

    Api api;
    Client jordan;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        jordan = demoClient("alex", ClientStatus.ACTIVE);
    }

    private String post(String body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", "PORTAL");
        m.put("externalId", "billing-" + UUID.randomUUID());
        m.put("clientId", jordan.getId().toString());
        m.put("body", body);
        Api.Response created = api.post("portal", "/api/messages", Api.json(m));
        assertThat(created.status()).isEqualTo(202);
        return created.json().get("id").asText();
    }

    private String month() {
        return YearMonth.from(now().atZone(ZoneId.of("America/New_York"))).toString();
    }

    @Test
    void answersAndCrisesRecordMinutesAndTheMonthListShowsUnitsWithoutText() {
        String routine = post("Could you give me some advice about my sister before Thursday? " + UUID.randomUUID());
        Message waiting = awaitMessage(UUID.fromString(routine), m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE);
        eventually(() -> assertThat(userTasks.findOpenTask(waiting.getProcessInstanceKey(), "RespondToMessageTask"))
                .isPresent());
        assertThat(api.post(
                                "alex",
                                "/api/messages/" + routine + "/replies",
                                "{\"body\":\"Thank you for telling me. Let us make time for it on Thursday.\","
                                        + "\"minutesSpent\":25}")
                        .status())
                .isEqualTo(201);

        String crisis = post("I can't do this anymore. I have my pills saved up for tonight. " + UUID.randomUUID());
        Message alerted = awaitMessage(
                UUID.fromString(crisis), m -> "CRISIS".equals(m.getCategory()) && m.getProcessInstanceKey() != null);
        eventually(() -> assertThat(userTasks.findOpenTask(alerted.getProcessInstanceKey(), "AcknowledgeCrisisTask"))
                .isPresent());
        // "I'm on it": no body at all.
        assertThat(api.post("alex", "/api/messages/" + crisis + "/crisis-acknowledgement", "")
                        .status())
                .isEqualTo(202);
        eventually(() -> assertThat(userTasks.findOpenTask(alerted.getProcessInstanceKey(), "DocumentCrisisTask"))
                .isPresent());
        Api.Response documented = api.post(
                "alex",
                "/api/messages/" + crisis + "/crisis-documentation",
                "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true,"
                        + "\"nextStep\":\"SESSION_SCHEDULED\",\"minutesSpent\":12}");
        assertThat(documented.status()).isEqualTo(202);

        eventually(() -> {
            assertThat(times.findByMessageIdAndKind(UUID.fromString(routine), "ANSWER"))
                    .isPresent();
            assertThat(times.findByMessageIdAndKind(UUID.fromString(crisis), "CRISIS"))
                    .isPresent();
        });
        Api.Response list = api.get("sam", "/api/clients/" + jordan.getId() + "/billing?month=" + month());
        assertThat(list.status()).isEqualTo(200);
        JsonNode lines = list.json().get("lines");
        assertThat(lines).hasSize(2);
        JsonNode answer = lines.get(0).get("kind").asText().equals("ANSWER") ? lines.get(0) : lines.get(1);
        JsonNode crisisLine = answer == lines.get(0) ? lines.get(1) : lines.get(0);
        assertThat(answer.get("minutes").asInt()).isEqualTo(25);
        assertThat(answer.get("billableUnits").asInt()).isEqualTo(2);
        assertThat(answer.get("category").asText()).isEqualTo(waiting.getCategory());
        assertThat(answer.get("date").asText())
                .isEqualTo(now().atZone(ZoneId.of("America/New_York"))
                        .toLocalDate()
                        .toString());
        assertThat(crisisLine.get("minutes").asInt()).isEqualTo(12);
        assertThat(crisisLine.get("billableUnits").asInt()).isEqualTo(1);
        assertThat(crisisLine.get("category").asText()).isEqualTo("CRISIS");
        assertThat(list.json().get("totalMinutes").asInt()).isEqualTo(37);
        assertThat(list.json().get("totalBillableUnits").asInt()).isEqualTo(3);
        // Never text, nor which message: dates, minutes, units and category.
        assertThat(list.body())
                .doesNotContain("sister")
                .doesNotContain("pills")
                .doesNotContain("Thursday")
                .doesNotContain(routine)
                .doesNotContain(crisis);

        // The clinician sees their own client's list; another clinician may not; a bad month is named.
        assertThat(api.get("alex", "/api/clients/" + jordan.getId() + "/billing")
                        .status())
                .isEqualTo(200);
        assertThat(api.get("blair", "/api/clients/" + jordan.getId() + "/billing")
                        .status())
                .isEqualTo(403);
        Api.Response bad = api.get("sam", "/api/clients/" + jordan.getId() + "/billing?month=2026-13");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("month");
        assertThat(api.get("sam", "/api/clients/" + jordan.getId() + "/billing?month=2001-01")
                        .json()
                        .get("lines"))
                .isEmpty();
    }
}
