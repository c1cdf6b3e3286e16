package org.betweensessions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Contact exceptions over HTTP against MariaDB: a change to a client's contact arrangements needs a
 * documented clinical reason (400 naming the field otherwise, nothing written), is made by the
 * client's clinician or a supervisor only, is audited without the reason, and shows in the client's
 * policy view while in force (the arrangement, never the reason).
 */
class ContactExceptionApiTest extends EmbeddedStackTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcTemplate jdbc;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    private String path(Client client) {
        return "/api/clients/" + client.getId() + "/contact-exceptions";
    }

    private static void problem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.body()).contains(field);
        }
    }

    private int rows(Client client) {
        return jdbc.queryForObject(
                "select count(*) from contact_exception where client_id = ?",
                Integer.class,
                client.getId().toString());
    }

    private long audited(Client client, String type) {
        return audit.eventsFor("CLIENT", client.getId()).stream()
                .filter(e -> e.getEventType().equals(type))
                .count();
    }

    @Test
    void aChangeWithoutAReasonOrByTheWrongPersonIsRefusedAndWritesNothing() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);

        problem(api.post("alex", path(client), "{\"kind\":\"PHONE_COACHING\"}"), 400, "reason");
        problem(api.post("alex", path(client), "{\"kind\":\"PHONE_COACHING\",\"reason\":\" \"}"), 400, "reason");
        problem(api.post("alex", path(client), "{\"reason\":\"DBT stage 1\"}"), 400, "kind");
        problem(api.post("alex", path(client), "{\"kind\":\"TEXT_ANYTIME\",\"reason\":\"x\"}"), 400, "kind");
        problem(
                api.post(
                        "alex",
                        path(client),
                        Api.json(Map.of(
                                "kind",
                                "PHONE_COACHING",
                                "reason",
                                "DBT stage 1",
                                "endsOn",
                                LocalDate.of(2020, 1, 1).toString()))),
                400,
                "endsOn");
        problem(
                api.post(
                        "alex",
                        path(client),
                        Api.json(Map.of("kind", "PHONE_COACHING", "reason", "DBT stage 1", "endsOn", "next week"))),
                400,
                "endsOn");
        String valid = "{\"kind\":\"PHONE_COACHING\",\"reason\":\"DBT stage 1\"}";
        problem(api.post("casey", path(client), valid), 403, null);
        problem(api.post("blair", path(client), valid), 403, null);
        problem(api.post("alex", "/api/clients/" + UUID.randomUUID() + "/contact-exceptions", valid), 404, null);
        problem(api.get("casey", path(client)), 403, null);

        assertThat(rows(client)).isZero();
        assertThat(audit.eventsFor("CLIENT", client.getId()))
                .extracting(AuditEvent::getEventType)
                .doesNotContain("CONTACT_EXCEPTION_RECORDED");
    }

    @Test
    void aDocumentedExceptionIsAuditedAndShowsInTheClientsPolicyUntilEnded() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String reason = "DBT stage 1: skills coaching by phone agreed " + UUID.randomUUID();
        Api.Response policyBefore = api.get("alex", "/api/clients/" + client.getId() + "/policy?format=text");
        assertThat(policyBefore.status()).isEqualTo(200);
        assertThat(policyBefore.body()).doesNotContain("What we agreed for you");

        Api.Response recorded =
                api.post("alex", path(client), Api.json(Map.of("kind", "PHONE_COACHING", "reason", reason)));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String id = recorded.json().get("id").asText();
        assertThat(recorded.json().get("recordedBy").asText()).isEqualTo("alex");
        assertThat(jdbc.queryForObject("select reason_enc from contact_exception where id = ?", String.class, id))
                .doesNotContain("DBT");
        assertThat(audit.eventsFor("CLIENT", client.getId()).stream()
                        .filter(e -> e.getEventType().equals("CONTACT_EXCEPTION_RECORDED")))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"kind\":\"PHONE_COACHING\"", "\"reasonDocumented\":true")
                        .doesNotContain("DBT"));

        // The client's policy view shows the arrangement, never the reason.
        String policy = api.get("alex", "/api/clients/" + client.getId() + "/policy?format=text")
                .body();
        assertThat(policy)
                .contains("What we agreed for you")
                .contains("Brief phone calls between sessions for skills coaching")
                .doesNotContain(reason);
        assertThat(api.get("alex", "/api/clients/" + client.getId() + "/policy?format=text&lang=es")
                        .body())
                .contains("Llamadas breves entre sesiones");
        // Staff see the reason.
        Api.Response list = api.get("sam", path(client));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).get("reason").asText()).isEqualTo(reason);

        // Ending needs a reason as well; ending twice is a 409.
        problem(api.post("alex", path(client) + "/" + id + "/end", "{}"), 400, "reason");
        problem(api.post("alex", path(client) + "/" + UUID.randomUUID() + "/end", "{\"reason\":\"done\"}"), 404, null);
        Api.Response ended =
                api.post("sam", path(client) + "/" + id + "/end", "{\"reason\":\"Stage 1 complete; coaching ends\"}");
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().get("endedBy").asText()).isEqualTo("sam");
        problem(api.post("sam", path(client) + "/" + id + "/end", "{\"reason\":\"again\"}"), 409, null);
        assertThat(audited(client, "CONTACT_EXCEPTION_ENDED")).isEqualTo(1);
        assertThat(api.get("alex", "/api/clients/" + client.getId() + "/policy?format=text")
                        .body())
                .doesNotContain("What we agreed for you");
    }
}
