package org.betweensessions.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A date of birth can be given when a client is registered (a minor's records are kept longer, issue
 * 16): stored encrypted, never echoed or audited, and a bad date is a 400 that registers nobody.
 */
class RegistrationDateOfBirthTest extends EmbeddedStackTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrail audit;

    private LocalDate today() {
        return now().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private Map<String, Object> registration(String name, Object dateOfBirth) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", name);
        body.put("clinician", "alex");
        body.put("preferredChannel", "PORTAL");
        body.put("preferredLanguage", "es");
        body.put("dateOfBirth", dateOfBirth);
        return body;
    }

    private int clientRows() {
        return jdbc.queryForObject("select count(*) from client", Integer.class);
    }

    @Test
    void aDateOfBirthGivenAtRegistrationIsStoredEncryptedAndNeverEchoed() {
        LocalDate dateOfBirth = today().minusYears(15).withDayOfMonth(1);
        Api.Response created = new Api(port)
                .post(
                        "casey",
                        "/api/clients",
                        Api.json(registration("Teen " + UUID.randomUUID(), dateOfBirth.toString())));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("dateOfBirthRecorded").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain(dateOfBirth.toString());
        UUID id = UUID.fromString(created.json().path("id").asText());
        assertThat(clients.findById(id).orElseThrow().getDateOfBirth()).isEqualTo(dateOfBirth);
        assertThat(jdbc.queryForObject(
                        "select date_of_birth_enc from client where id = ?", String.class, id.toString()))
                .isNotBlank()
                .doesNotContain(dateOfBirth.toString());
        assertThat(audit.eventsFor("CLIENT", id))
                .filteredOn(e -> e.getEventType().equals("CLIENT_REGISTERED"))
                .singleElement()
                .satisfies(e -> assertThat(e.getDetails())
                        .contains("\"dateOfBirthRecorded\":true")
                        .doesNotContain(dateOfBirth.toString()));
    }

    @Test
    void withoutADateOfBirthNothingIsRecorded() {
        Map<String, Object> body = registration("Adult " + UUID.randomUUID(), null);
        body.remove("dateOfBirth");
        Api.Response created = new Api(port).post("casey", "/api/clients", Api.json(body));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("dateOfBirthRecorded").asBoolean()).isFalse();
    }

    @Test
    void aDateOfBirthInTheFutureOrNotADateIsA400ThatRegistersNobody() {
        int before = clientRows();
        for (Object bad : new Object[] {today().plusDays(1).toString(), "2010-13-45", "last spring"}) {
            Api.Response refused = new Api(port)
                    .post("casey", "/api/clients", Api.json(registration("Nobody " + UUID.randomUUID(), bad)));

            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).as(bad.toString()).contains("dateOfBirth");
        }
        assertThat(clientRows()).isEqualTo(before);
    }
}
