package org.betweensessions.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The coverage API over HTTP against MariaDB: planning (201), bad input as 400/422 problem+json
 * naming the field, overlaps as 409, who may do what (403), summaries written encrypted and read by the
 * covering clinician, cancellation. Plans lie far ahead and are never approved, so no leave of the
 * demo clinicians is ever in force for other tests.
 */
class CoverageApiTest extends EmbeddedStackTest {

    @Autowired
    JdbcTemplate jdbc;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    private LocalDate inDays(int days) {
        return now().atZone(ZoneId.of("America/New_York")).toLocalDate().plusDays(days);
    }

    private Api.Response plan(String user, Map<String, Object> body) {
        return api.post(user, "/api/coverages", Api.json(body));
    }

    @Test
    void aClinicianPlansTheirAbsenceWritesSummariesAndCancelsIt() {
        int offset = 200 + (int) (Math.random() * 190);
        LocalDate from = inDays(offset);
        Api.Response created = plan(
                "alex",
                Map.of(
                        "coveringClinician",
                        "blair",
                        "startsOn",
                        from.toString(),
                        "endsOn",
                        from.plusDays(4).toString(),
                        "reasonCategory",
                        "CONFERENCE"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("clinician").asText()).isEqualTo("alex");
        assertThat(created.json().path("coveringClinician").asText()).isEqualTo("blair");
        assertThat(created.json().path("status").asText()).isEqualTo("PLANNING");

        // The same days again: 409.
        Api.Response overlap = plan(
                "alex",
                Map.of(
                        "coveringClinician",
                        "blair",
                        "startsOn",
                        from.plusDays(2).toString(),
                        "endsOn",
                        from.plusDays(9).toString(),
                        "reasonCategory",
                        "VACATION"));
        assertThat(overlap.status()).isEqualTo(409);
        assertThat(overlap.contentType()).startsWith("application/problem+json");

        // Summary of one of alex's clients: written by alex, read by blair (covering), encrypted.
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String marker = "Lithium level check due; prescriber Dr. Okonkwo " + UUID.randomUUID();
        Api.Response written = api.send(
                "alex",
                "PUT",
                "/api/coverages/" + id + "/summaries/" + client.getId(),
                "application/json",
                Api.json(Map.of("text", marker, "warmHandoffDone", true)).getBytes(StandardCharsets.UTF_8));
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        Api.Response read = api.get("blair", "/api/coverages/" + id + "/summaries");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains(marker);
        assertThat(jdbc.queryForObject(
                        "select text_enc from coverage_summary where coverage_id = ?" + " and client_id = ?",
                        String.class,
                        id,
                        client.getId().toString()))
                .startsWith("v1:")
                .doesNotContain("Okonkwo");
        assertThat(engineRecordsMentioning("Okonkwo")).isEmpty();

        // Blair covers but does not own the absence: cannot cancel it.
        assertThat(api.post("blair", "/api/coverages/" + id + "/cancel", "").status())
                .isEqualTo(403);
        Api.Response cancelled = api.post("alex", "/api/coverages/" + id + "/cancel", "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(api.post("alex", "/api/coverages/" + id + "/cancel", "").status())
                .isEqualTo(409);
        assertThat(api.get("alex", "/api/coverages").body()).contains(id);
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        LocalDate from = inDays(500);
        Api.Response backwards = plan(
                "alex",
                Map.of(
                        "coveringClinician",
                        "blair",
                        "startsOn",
                        from.toString(),
                        "endsOn",
                        from.minusDays(2).toString(),
                        "reasonCategory",
                        "VACATION"));
        // Well-formed but refused by the domain: 422; malformed: 400. Both name the field.
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.contentType()).startsWith("application/problem+json");
        assertThat(backwards.body()).contains("endsOn");

        Api.Response unknown = plan(
                "alex",
                Map.of(
                        "coveringClinician",
                        "nobody-" + UUID.randomUUID(),
                        "startsOn",
                        from.toString(),
                        "endsOn",
                        from.plusDays(1).toString(),
                        "reasonCategory",
                        "VACATION"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("coveringClinician");

        Api.Response self = plan(
                "alex",
                Map.of(
                        "coveringClinician",
                        "alex",
                        "startsOn",
                        from.toString(),
                        "endsOn",
                        from.plusDays(1).toString(),
                        "reasonCategory",
                        "VACATION"));
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.body()).contains("coveringClinician");

        Api.Response freeText = plan(
                "alex",
                Map.of(
                        "coveringClinician",
                        "blair",
                        "startsOn",
                        from.toString(),
                        "endsOn",
                        from.plusDays(1).toString(),
                        "reasonCategory",
                        "my therapist's surgery"));
        assertThat(freeText.status()).isEqualTo(400);
        assertThat(freeText.body()).contains("reasonCategory");

        Api.Response notADate = api.post(
                "alex",
                "/api/coverages",
                "{\"coveringClinician\":\"blair\","
                        + "\"startsOn\":\"2027-02-30\",\"endsOn\":\"2027-03-02\",\"reasonCategory\":\"VACATION\"}");
        assertThat(notADate.status()).isEqualTo(400);
        assertThat(notADate.body()).contains("startsOn");

        Api.Response farAhead = plan(
                "alex",
                Map.of(
                        "coveringClinician",
                        "blair",
                        "startsOn",
                        "9998-12-30",
                        "endsOn",
                        "9999-12-31",
                        "reasonCategory",
                        "VACATION"));
        assertThat(farAhead.status()).isEqualTo(400); // out of range
        assertThat(farAhead.body()).contains("startsOn");
        Api.Response wrongShapes = api.post(
                "alex",
                "/api/coverages",
                "{\"coveringClinician\":7," + "\"startsOn\":{},\"endsOn\":[],\"reasonCategory\":true}");
        assertThat(wrongShapes.status()).isEqualTo(400);
        assertThat(api.post("alex", "/api/coverages", "[]").status()).isEqualTo(400);
        assertThat(jdbc.queryForObject(
                        "select count(*) from coverage where starts_on > ?",
                        Long.class,
                        inDays(800).toString()))
                .isZero();

        // A coordinator plans nobody's absence; a clinician not someone else's.
        assertThat(plan(
                                "casey",
                                Map.of(
                                        "clinician",
                                        "alex",
                                        "coveringClinician",
                                        "blair",
                                        "startsOn",
                                        from.toString(),
                                        "endsOn",
                                        from.plusDays(1).toString(),
                                        "reasonCategory",
                                        "VACATION"))
                        .status())
                .isEqualTo(403);
        assertThat(plan(
                                "blair",
                                Map.of(
                                        "clinician",
                                        "alex",
                                        "coveringClinician",
                                        "blair",
                                        "startsOn",
                                        from.toString(),
                                        "endsOn",
                                        from.plusDays(1).toString(),
                                        "reasonCategory",
                                        "VACATION"))
                        .status())
                .isEqualTo(403);
        assertThat(api.get("alex", "/api/coverages/" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    private Api.Response put(String user, String path, Object body) {
        return api.send(user, "PUT", path, "application/json", Api.json(body).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void licencesAreRecordedWhereThePracticeKeepsThemAndAnExtensionWaitsForItsChecks() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String blair = "/api/licences/clinicians/blair";
        // A clinician's licences: the supervisor (or an admin) records them; codes are checked.
        assertThat(put("alex", blair, Map.of("jurisdictions", List.of("NY"))).status())
                .isEqualTo(403);
        Api.Response bad = put("sam", blair, Map.of("jurisdictions", List.of("New York!")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("jurisdictions");
        assertThat(put("sam", "/api/licences/clinicians/nobody", Map.of("jurisdictions", List.of("NY")))
                        .status())
                .isEqualTo(404);
        Api.Response recorded = put("sam", blair, Map.of("jurisdictions", List.of("ny", "NJ")));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        assertThat(recorded.body()).contains("[\"NJ\",\"NY\"]");
        assertThat(api.get("alex", blair).body()).contains("NY");
        assertThat(api.get("portal", blair).status()).isEqualTo(403);

        // A client's jurisdiction: their clinician (or the supervisor); not a colleague, not the coordinator.
        String path = "/api/licences/clients/" + client.getId();
        assertThat(put("blair", path, Map.of("jurisdiction", "NJ")).status()).isEqualTo(403);
        assertThat(put("casey", path, Map.of("jurisdiction", "NJ")).status()).isEqualTo(403);
        assertThat(put("alex", "/api/licences/clients/" + UUID.randomUUID(), Map.of("jurisdiction", "NJ"))
                        .status())
                .isEqualTo(404);
        Api.Response state = put("alex", path, Map.of("jurisdiction", "nj"));
        assertThat(state.status()).as(state.body()).isEqualTo(200);
        assertThat(state.json().path("jurisdiction").asText()).isEqualTo("NJ");
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where event_type = 'CLIENT_JURISDICTION_RECORDED'"
                                + " and subject_id = ?",
                        Integer.class,
                        client.getId().toString()))
                .isEqualTo(1);

        try {
            // An extension is a request until its checks pass (blair is licensed for NJ): the old dates hold.
            LocalDate from = inDays(200 + (int) (Math.random() * 190));
            Api.Response created = plan(
                    "alex",
                    Map.of(
                            "coveringClinician",
                            "blair",
                            "startsOn",
                            from.toString(),
                            "endsOn",
                            from.plusDays(4).toString(),
                            "reasonCategory",
                            "VACATION"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asText();
            Api.Response longer = api.post(
                    "alex",
                    "/api/coverages/" + id + "/dates",
                    Api.json(Map.of("endsOn", from.plusDays(6).toString())));
            assertThat(longer.status()).as(longer.body()).isEqualTo(200);
            assertThat(longer.json().path("endsOn").asText())
                    .isEqualTo(from.plusDays(4).toString());
            assertThat(longer.json().path("changeEndsOn").asText())
                    .isEqualTo(from.plusDays(6).toString());
            eventually(() -> assertThat(api.get("alex", "/api/coverages/" + id)
                            .json()
                            .path("endsOn")
                            .asText())
                    .isEqualTo(from.plusDays(6).toString()));
            assertThat(api.post("blair", "/api/coverages/" + id + "/dates", Api.json(Map.of("endsOn", from.toString())))
                            .status())
                    .isEqualTo(403);
            assertThat(api.post("alex", "/api/coverages/" + id + "/cancel", "").status())
                    .isEqualTo(200);
        } finally {
            put("sam", blair, Map.of("jurisdictions", List.of()));
            put("alex", path, Map.of("jurisdiction", ""));
        }
        assertThat(api.get("alex", blair).body()).contains("\"jurisdictions\":[]");
    }
}
