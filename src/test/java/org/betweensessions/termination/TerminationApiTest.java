package org.betweensessions.termination;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The termination endpoints through HTTP on MariaDB: bad input is a 400 naming the field (a last
 * session in the past, well-formed but refused, a 422) and writes nothing; roles and ownership as
 * everywhere (403 for a colleague's client or a coordinator, 404 outside the practice or without an
 * ending); a second ending while one is open is a 409.
 */
class TerminationApiTest extends EmbeddedStackTest {

    @Autowired
    JdbcTemplate jdbc;

    private int endings(Client client) {
        return jdbc.queryForObject(
                "select count(*) from termination where client_id = ?",
                Integer.class,
                client.getId().toString());
    }

    private String today(Client client) {
        ZoneId zone = clinicians.findById(client.getClinicianId()).orElseThrow().getTimeZone();
        return LocalDate.ofInstant(now(), zone).toString();
    }

    @Test
    void badInputIsA400NamingTheFieldAndWritesNothing() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Api api = new Api(port);
        String path = "/api/clients/" + client.getId() + "/termination";

        Api.Response noDate = api.post("alex", path, "{\"kind\":\"PLANNED\",\"reason\":\"GOALS_MET\"}");
        Api.Response past = api.post(
                "alex",
                path,
                "{\"kind\":\"PLANNED\",\"reason\":\"GOALS_MET\"," + "\"lastSessionDate\":\"2020-01-01\"}");
        Api.Response noReason = api.post(
                "alex",
                path,
                "{\"kind\":\"PLANNED\",\"lastSessionDate\":\""
                        + LocalDate.parse(today(client)).plusDays(10) + "\"}");
        Api.Response badKind = api.post("alex", path, "{\"kind\":\"SOMETIME\"}");
        Api.Response badDate = api.post(
                "alex", path, "{\"kind\":\"PLANNED\",\"reason\":\"GOALS_MET\"," + "\"lastSessionDate\":\"next week\"}");
        Api.Response noKind = api.post("alex", path, "{}");
        Api.Response noSessionTime = api.post("casey", "/api/clients/" + client.getId() + "/sessions", "{}");

        assertThat(noDate.status()).isEqualTo(400);
        assertThat(noDate.body()).contains("lastSessionDate");
        // Well-formed, but the domain refuses it: 422.
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.body()).contains("lastSessionDate");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.body()).contains("kind");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("lastSessionDate");
        assertThat(noKind.status()).isEqualTo(400);
        assertThat(noKind.body()).contains("kind");
        assertThat(noSessionTime.status()).isEqualTo(400);
        assertThat(noSessionTime.body()).contains("sessionAt");
        assertThat(noDate.contentType()).contains("application/problem+json");
        assertThat(endings(client)).isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from client_session where client_id = ?",
                        Integer.class,
                        client.getId().toString()))
                .isZero();
    }

    @Test
    void onlyTheClientsClinicianOrTheSupervisorEndsTreatmentAndOneEndingAtATime() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Api api = new Api(port);
        String path = "/api/clients/" + client.getId() + "/termination";
        String body = "{\"kind\":\"PLANNED\",\"reason\":\"GOALS_MET\",\"lastSessionDate\":\""
                + LocalDate.parse(today(client)).plusDays(45) + "\"}";

        assertThat(api.get("alex", path).status()).isEqualTo(404);
        assertThat(api.post("blair", path, body).status()).isEqualTo(403);
        assertThat(api.post("casey", path, body).status()).isEqualTo(403);
        assertThat(api.post("portal", path, body).status()).isEqualTo(403);
        assertThat(api.post("alex", "/api/clients/" + UUID.randomUUID() + "/termination", body)
                        .status())
                .isEqualTo(404);
        assertThat(endings(client)).isZero();

        Api.Response created = api.post("alex", path, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("kind").asText()).isEqualTo("PLANNED");
        assertThat(created.json().path("status").asText()).isEqualTo("OPEN");
        Api.Response again = api.post("sam", path, body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains(created.json().path("id").asText());
        assertThat(endings(client)).isEqualTo(1);
        assertThat(api.get("alex", path).json().path("id").asText())
                .isEqualTo(created.json().path("id").asText());
        // A letter not written yet is a 404, not an empty letter.
        assertThat(api.get(
                                "alex",
                                "/api/terminations/" + created.json().path("id").asText() + "/letter")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aDateOfBirthIsOptionalValidatedAndNeverEchoed() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Api api = new Api(port);
        String path = "/api/clients/" + client.getId() + "/date-of-birth";
        String future = LocalDate.parse(today(client)).plusDays(2).toString();

        Api.Response inFuture = put(api, "alex", path, "{\"dateOfBirth\":\"" + future + "\"}");
        Api.Response notADate = put(api, "alex", path, "{\"dateOfBirth\":\"last spring\"}");
        Api.Response ancient = put(api, "alex", path, "{\"dateOfBirth\":\"1800-01-01\"}");
        assertThat(inFuture.status()).isEqualTo(400);
        assertThat(inFuture.body()).contains("dateOfBirth");
        assertThat(notADate.status()).isEqualTo(400);
        assertThat(notADate.body()).contains("dateOfBirth");
        assertThat(ancient.status()).isEqualTo(400);
        assertThat(inFuture.contentType()).startsWith("application/problem+json");
        assertThat(clients.findById(client.getId()).orElseThrow().getDateOfBirth())
                .isNull();

        Api.Response recorded = put(api, "casey", path, "{\"dateOfBirth\":\"2011-07-04\"}");
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.body()).doesNotContain("2011-07-04");
        assertThat(clients.findById(client.getId()).orElseThrow().getDateOfBirth())
                .isEqualTo(LocalDate.of(2011, 7, 4));
        assertThat(api.get("alex", "/api/clients/" + client.getId())
                        .json()
                        .path("dateOfBirthRecorded")
                        .asBoolean())
                .isTrue();
        // Cleared again: the adult rule.
        assertThat(put(api, "alex", path, "{\"dateOfBirth\":null}").status()).isEqualTo(200);
        assertThat(clients.findById(client.getId()).orElseThrow().getDateOfBirth())
                .isNull();
    }

    @Test
    void aFormerClientsRetainUntilMovesLaterWhenADateOfBirthShowsTheMinorsRule() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Client former = clients.findById(client.getId()).orElseThrow();
        LocalDate adultRule = LocalDate.parse(today(client)).plusYears(7);
        former.terminate();
        former.retainUntil(adultRule);
        clients.saveAndFlush(former);
        Api api = new Api(port);
        String path = "/api/clients/" + client.getId() + "/date-of-birth";
        LocalDate young = LocalDate.parse(today(client)).minusYears(9).withDayOfMonth(1);
        LocalDate adultBorn = LocalDate.of(1970, 1, 1);

        // An adult's date of birth changes nothing; a child's gives 18 + 3 years, later.
        assertThat(put(api, "alex", path, "{\"dateOfBirth\":\"" + adultBorn + "\"}")
                        .json()
                        .path("retainUntil")
                        .asText())
                .isEqualTo(adultRule.toString());
        Api.Response child = put(api, "alex", path, "{\"dateOfBirth\":\"" + young + "\"}");
        assertThat(child.json().path("retainUntil").asText())
                .isEqualTo(young.plusYears(21).toString());
        assertThat(clients.findById(client.getId()).orElseThrow().getRetainUntil())
                .isEqualTo(young.plusYears(21));
    }

    @Test
    void anEndingPastThePointOfNoReturnCannotBeCancelled() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Api api = new Api(port);
        String cancel = "/api/clients/" + client.getId() + "/termination/cancellation";
        Api.Response none = api.post("alex", cancel, "{\"reason\":\"CLINICAL_JUDGEMENT\"}");
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.body()).contains("no running ending");

        Api.Response created = api.post(
                "alex",
                "/api/clients/" + client.getId() + "/termination",
                "{\"kind\":\"PLANNED\",\"reason\":\"GOALS_MET\",\"lastSessionDate\":\""
                        + LocalDate.parse(today(client)).plusDays(45) + "\"}");
        String id = created.json().path("id").asText();
        // Contact has closed and the other instances are being ended: too late to cancel.
        jdbc.update("update termination set contact_closed_at = ? where id = ?", Timestamp.from(now()), id);
        Api.Response late = api.post("alex", cancel, "{\"reason\":\"CLINICAL_JUDGEMENT\"}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(late.body()).contains("closed").contains(id);
        assertThat(jdbc.queryForObject("select status from termination where id = ?", String.class, id))
                .isEqualTo("OPEN");

        jdbc.update("update termination set contact_closed_at = null where id = ?", id);
        assertThat(api.post("alex", cancel, "{\"reason\":\"ENTERED_IN_ERROR\"}").status())
                .isEqualTo(200);
    }

    private static Api.Response put(Api api, String user, String path, String json) {
        return api.send(user, "PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
