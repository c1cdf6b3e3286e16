package org.betweensessions.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.coverage.Coverage;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Time away" in the workspace over plain HTTP with a signed-in session: a clinician plans an
 * absence with the page's form (CSRF token included) and sees it listed; a mistake is shown on the
 * page, nothing stored; other roles are turned away. Plans lie far ahead and are cancelled, so no
 * leave of a demo clinician is ever in force for other tests.
 */
class CoveragePageTest extends EmbeddedStackTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    CoverageHandoff coverages;

    private final class Browser {
        final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String... form) throws IOException, InterruptedException {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < form.length; i += 2) {
                pairs.add(form[i] + "=" + URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String csrf(String path) throws IOException, InterruptedException {
            Matcher m = CSRF.matcher(get(path).body());
            assertThat(m.find()).as("CSRF token on " + path).isTrue();
            return m.group(1);
        }

        void signIn(String username) throws IOException, InterruptedException {
            HttpResponse<String> signedIn =
                    post("/login", "username", username, "password", "demo", "_csrf", csrf("/login"));
            assertThat(signedIn.statusCode()).isEqualTo(302);
        }
    }

    @Test
    void aClinicianPlansTimeAwayOnThePage() throws Exception {
        Browser alex = new Browser();
        alex.signIn("alex");
        HttpResponse<String> page = alex.get("/coverage");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Plan an absence").contains("value=\"blair\"");

        LocalDate from =
                now().atZone(ZoneId.of("America/New_York")).toLocalDate().plusDays(400 + (int) (Math.random() * 140));
        String csrf = alex.csrf("/coverage");
        HttpResponse<String> wrong = alex.post(
                "/coverage",
                "coveringClinician",
                "blair",
                "startsOn",
                from.toString(),
                "endsOn",
                from.minusDays(1).toString(),
                "reasonCategory",
                "VACATION",
                "_csrf",
                csrf);
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("id=\"problem\"").contains("endsOn");

        HttpResponse<String> planned = alex.post(
                "/coverage",
                "coveringClinician",
                "blair",
                "startsOn",
                from.toString(),
                "endsOn",
                from.plusDays(6).toString(),
                "reasonCategory",
                "CONFERENCE",
                "_csrf",
                alex.csrf("/coverage"));
        assertThat(planned.statusCode()).isEqualTo(302);
        HttpResponse<String> listed = alex.get("/coverage");
        assertThat(listed.body())
                .contains(from.toString())
                .contains("covered by blair")
                .contains("Absence planned");
        var coverage = coverages
                .ofClinician(clinicians.findByUsername("alex").orElseThrow().getId())
                .stream()
                .filter(c -> c.getStartsOn().equals(from))
                .findFirst()
                .orElseThrow();
        coverages.cancel(coverage.getId(), "alex");

        Browser casey = new Browser();
        casey.signIn("casey");
        assertThat(casey.get("/coverage").statusCode()).isEqualTo(403);
    }

    @Test
    void anAbsencesPageIsNotCachedNeedsItsCsrfTokenAndFollowsTheApisAuthorization() throws Exception {
        var client = demoClient("alex", ClientStatus.ACTIVE);
        LocalDate from =
                now().atZone(ZoneId.of("America/New_York")).toLocalDate().plusDays(400 + (int) (Math.random() * 300));
        var coverage = coverages.plan(
                new CoverageHandoff.Plan(
                        clinicians.findByUsername("alex").orElseThrow().getId(),
                        clinicians.findByUsername("blair").orElseThrow().getId(),
                        from,
                        from.plusDays(2),
                        Coverage.Reason.CONFERENCE,
                        false),
                "alex");
        String page = "/coverage/" + coverage.getId();
        try {
            Browser alex = new Browser();
            alex.signIn("alex");
            HttpResponse<String> shown = alex.get(page);
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
            assertThat(shown.body()).contains(client.getDisplayName()).contains("name=\"_csrf\"");
            // Without the page's token: refused, nothing written.
            HttpResponse<String> forged =
                    alex.post(page + "/summaries/" + client.getId(), "text", "Forged summary text");
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(coverages.summariesOf(coverage.getId())).isEmpty();
            HttpResponse<String> saved =
                    alex.post(page + "/summaries/" + client.getId(), "text", "Plan on file.", "_csrf", alex.csrf(page));
            assertThat(saved.statusCode()).isEqualTo(302);
            assertThat(coverages.summariesOf(coverage.getId())).hasSize(1);

            // The covering clinician reads and writes summaries, but does not change the dates.
            Browser blair = new Browser();
            blair.signIn("blair");
            assertThat(blair.get(page).body()).contains("Plan on file.").doesNotContain("id=\"dates-form\"");
            assertThat(blair.post(page + "/dates", "endsOn", from.plusDays(5).toString(), "_csrf", blair.csrf(page))
                            .statusCode())
                    .isEqualTo(403);
            // Neither the coordinator nor an unknown absence.
            Browser casey = new Browser();
            casey.signIn("casey");
            assertThat(casey.get(page).statusCode()).isEqualTo(403);
            assertThat(alex.get("/coverage/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        } finally {
            coverages.cancel(coverage.getId(), "alex");
        }
    }
}
