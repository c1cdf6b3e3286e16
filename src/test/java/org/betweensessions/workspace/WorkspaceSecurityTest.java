package org.betweensessions.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.ServerProperties;

/**
 * The workspace's safety properties over plain HTTP: sign-in with a session and CSRF tokens, no
 * caching of pages with PHI, a Content-Security-Policy, sign-out after 15 idle minutes, and the API
 * unchanged (HTTP Basic, no session, problem+json) next to it. Also "My work" through the API.
 */
class WorkspaceSecurityTest extends EmbeddedStackTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    MessageService messageService;

    @Autowired
    UserTasks userTasks;

    @Autowired
    ServerProperties server;

    /** A browser without JavaScript: cookies kept, redirects not followed. */
    private final class Browser {
        final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String... form) throws IOException, InterruptedException {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < form.length; i += 2) {
                pairs.add(form[i] + "=" + URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
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
            assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/");
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void pagesNeedASessionAndFormsNeedTheirCsrfToken() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> anonymous = browser.get("/");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/login");

        HttpResponse<String> forged = browser.post("/login", "username", "alex", "password", "demo");
        // Refused: 403, or back to the sign-in page; either way not signed in.
        assertThat(forged.statusCode()).as("sign-in without the CSRF token").isIn(302, 403);
        assertThat(forged.headers().firstValue("Location").orElse("/login"))
                .as(forged.headers().toString())
                .contains("/login");
        assertThat(browser.get("/").headers().firstValue("Location").orElse("")).endsWith("/login");
        HttpResponse<String> wrong =
                browser.post("/login", "username", "alex", "password", "nope", "_csrf", browser.csrf("/login"));
        assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");

        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message message =
                send(client, "Rough week with my sister again. Could you give me some" + " advice before Thursday?");
        awaitOpenTask(message);
        browser.signIn("alex");

        HttpResponse<String> page = browser.get("/messages/" + message.getId());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Rough week with my sister again.");
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).as("every form carries its CSRF token").contains("name=\"_csrf\"");

        HttpResponse<String> noToken =
                browser.post("/messages/" + message.getId() + "/reply", "body", "Thank you, let us talk on Thursday.");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(messages.findById(message.getId()).orElseThrow().getStatus())
                .isEqualTo(MessageStatus.AWAITING_RESPONSE);

        // The session is not an API credential, and the API keeps no session of its own.
        HttpResponse<String> apiWithCookie = browser.get("/api/messages/" + message.getId());
        assertThat(apiWithCookie.statusCode()).isEqualTo(401);
        assertThat(apiWithCookie.headers().firstValue("Content-Type").orElse(""))
                .contains("problem+json");
        Api.Response basic = new Api(port).get("alex", "/api/messages/" + message.getId());
        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.header("Set-Cookie")).isNull();
    }

    @Test
    void aColleagueGets403AndAnotherPracticeNothing() throws Exception {
        Client alexs = demoClient("alex", ClientStatus.ACTIVE);
        Message message =
                send(alexs, "Rough week with my sister again. Could you give me some" + " advice before Thursday?");
        Browser blair = new Browser();
        blair.signIn("blair");
        HttpResponse<String> page = blair.get("/messages/" + message.getId());
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).doesNotContain("Rough week").doesNotContain(alexs.getDisplayName());
        HttpResponse<String> reply =
                blair.post("/messages/" + message.getId() + "/reply", "body", "Hello", "_csrf", blair.csrf("/"));
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(blair.get("/messages/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void thePolicyReviewFormOffersOnlyTheChannelsTheClientsPolicyOffers() throws Exception {
        Api.Response created = new Api(port)
                .post(
                        "casey",
                        "/api/clients",
                        Api.json(Map.of(
                                "displayName",
                                "Review " + UUID.randomUUID(),
                                "clinician",
                                "alex",
                                "preferredChannel",
                                "EMAIL",
                                "preferredLanguage",
                                "en")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID clientId = UUID.fromString(created.json().get("id").asText());
        long[] key = new long[1];
        eventually(() -> {
            var task = userTasks.openTasksFor("alex", List.of()).stream()
                    .filter(t -> t.elementId().equals(ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK)
                            && clientId.toString()
                                    .equals(String.valueOf(t.variables().get("clientId"))))
                    .findFirst();
            assertThat(task).isPresent();
            key[0] = task.get().userTaskKey();
        });

        Browser browser = new Browser();
        browser.signIn("alex");
        String page = browser.get("/tasks/" + key[0]).body();
        Matcher schema = Pattern.compile("id=\"form-schema\">(.*?)</script>", Pattern.DOTALL)
                .matcher(page);
        assertThat(schema.find()).isTrue();
        JsonNode channel = new ObjectMapper()
                .readTree(schema.group(1).replace("<\\/", "</")).findParents("key").stream()
                        .filter(c -> c.path("key").asText().equals("preferredChannel"))
                        .findFirst()
                        .orElseThrow();
        // The demo policy offers the portal, email and phone; video is not offered, so not shown.
        assertThat(channel.get("values").findValuesAsText("value"))
                .containsExactlyInAnyOrder("PORTAL", "EMAIL", "PHONE");
    }

    @Test
    void theBillingPageFollowsTheApisChecks() throws Exception {
        Client alexs = demoClient("alex", ClientStatus.ACTIVE);
        Browser sam = new Browser();
        sam.signIn("sam");
        HttpResponse<String> page = sam.get("/clients/" + alexs.getId() + "/billing?month=2026-12");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains(alexs.getDisplayName())
                .contains("2026-12")
                .contains("No time recorded in this month");
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(sam.get("/clients/" + alexs.getId() + "/billing?month=December")
                        .statusCode())
                .isEqualTo(422);
        Browser blair = new Browser();
        blair.signIn("blair");
        HttpResponse<String> refused = blair.get("/clients/" + alexs.getId() + "/billing");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(alexs.getDisplayName());
    }

    @Test
    void idleSessionsEndAfterFifteenMinutesByDefault() {
        assertThat(server.getServlet().getSession().getTimeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theApiListsAClinicansOpenWorkCrisesFirstThenByDueTime() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Message routine =
                send(client, "Rough week with my sister again. Could you give me some" + " advice before Thursday?");
        Message crisis = send(client, "I can't do this anymore. I have my pills saved up for tonight.");
        awaitOpenTask(routine);
        eventually(
                () -> assertThat(messages.findById(crisis.getId()).orElseThrow().getCategory())
                        .isEqualTo("CRISIS"));

        Api.Response list = new Api(port).get("alex", "/api/messages");
        assertThat(list.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        List<String> due = new ArrayList<>();
        for (JsonNode m : list.json()) {
            ids.add(m.get("id").asText());
            categories.add(m.get("category").asText());
            due.add(m.get("dueAt").isNull() ? null : m.get("dueAt").asText());
        }
        assertThat(ids).contains(routine.getId().toString(), crisis.getId().toString());
        assertThat(ids.indexOf(crisis.getId().toString()))
                .isLessThan(ids.indexOf(routine.getId().toString()));
        int firstOther = categories.indexOf(
                categories.stream().filter(c -> !c.equals("CRISIS")).findFirst().orElse("none"));
        assertThat(categories.lastIndexOf("CRISIS")).isLessThan(firstOther < 0 ? ids.size() : firstOther);
        List<String> dueOfOthers = due.subList(Math.max(firstOther, 0), due.size()).stream()
                .filter(d -> d != null)
                .map(d -> Instant.parse(d).toString())
                .toList();
        assertThat(dueOfOthers.stream().map(Instant::parse).toList()).isSorted();
        assertThat(new Api(port).get("blair", "/api/messages").json().toString())
                .doesNotContain(routine.getId().toString());
    }

    private Message send(Client client, String body) {
        return messageService
                .accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL, "web-" + UUID.randomUUID(), client.getId(), body))
                .message();
    }

    private void awaitOpenTask(Message message) {
        eventually(() -> {
            Message m = messages.findById(message.getId()).orElseThrow();
            assertThat(m.getProcessInstanceKey()).isNotNull();
            assertThat(ProcessIds.ANSWER_TASKS.stream()
                            .anyMatch(e -> userTasks
                                    .findOpenTask(m.getProcessInstanceKey(), e)
                                    .isPresent()))
                    .isTrue();
        });
    }
}
