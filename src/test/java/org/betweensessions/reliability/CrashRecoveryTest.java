package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.betweensessions.BetweenSessionsApplication;
import org.betweensessions.support.Api;
import org.betweensessions.support.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application as its own process (the README's embedded default: engine, MariaDB, demo
 * practice), killed with -9 and started again, twice: once the JVM alone (its mariadbd lives on as
 * an orphan holding the data folder), once the JVM and its mariadbd together (a dying machine).
 * Before the first kill a crisis is alerted to alex and not acknowledged, and a message waits for
 * alex's answer. After the second restart the crisis escalates to blair at the time stored before
 * the crashes, the reminder and the breach of the waiting message fire at their stored times, alex's
 * reply completes the task, and no alert, notification, auto-reply or audit entry exists twice.
 * Crisis window PT75S (three starts of about 20 s each fit before it: the escalation time the
 * decision table crisis-escalation fixed, 10 minutes, is moved in the database before the crash, as
 * a supervisor's shorter table would have set it); the waiting message's
 * reminder and due time are moved (in the database, before the crash) to 20 s after receipt (due
 * while the application is down: fires at once after the restart) and 80 s (after the restarts), so
 * the whole run takes a little under two minutes.
 */
class CrashRecoveryTest {

    private static final Duration ACKNOWLEDGE_WITHIN = Duration.ofSeconds(75);
    private static final Duration READY_WITHIN = Duration.ofSeconds(150);
    /** How late a timer may fire after its stored time (engine timer check, job, commit, 2 cores). */
    private static final Duration ON_TIME = Duration.ofSeconds(8);

    private final File dir = new File("target/crash-test-" + UUID.randomUUID()).getAbsoluteFile();
    private final int httpPort = freePort();
    private final int enginePort = freePort();
    private final int databasePort = freePort();
    private final List<Process> started = new ArrayList<>();
    private final List<File> logs = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        for (Process p : started) {
            List<ProcessHandle> children = p.descendants().toList();
            children.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            children.forEach(c -> c.onExit().join());
            p.onExit().join();
        }
        ChildJvm.deleteDatabase(dir);
    }

    @Test
    void killedTwiceTheOpenWorkResumesOnItsOriginalTimesAndNothingHappensTwice() throws Exception {
        // Run 1: a crisis nobody acknowledges, a message waiting for an answer.
        Process run1 = start(1);
        Instant ready1 = awaitHealthy(run1);
        Api api = new Api(httpPort);
        String jordan = clientId(api, "Jordan Lee");
        // The demo's client in intake (Taylor Brooks) has the only open consent request of this database.
        String consentRequest = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> query(
                                "select id from consent_request where status = 'OPEN' and reminder_at is not null"
                                        + " and id <> ?",
                                ""),
                        Objects::nonNull);
        Instant consentReminderAt = instant("select reminder_at from consent_request where id = ?", consentRequest);
        String crisis =
                post(api, jordan, "crash-crisis", "I can't do this anymore. I have my pills saved up for tonight.");
        String waiting = post(
                api,
                jordan,
                "crash-waiting",
                "Could we talk this week? Things with my sister have been hard and I could use some advice.");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> query(
                                "select count(*) from staff_alert where message_id = ? and level = 'CLINICIAN'", crisis)
                        .equals("1"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "AWAITING_RESPONSE".equals(query("select status from message where id = ?", waiting))
                        && "1".equals(query("select count(*) from response_sla where message_id = ?", waiting)));
        // Short deadlines, stored: the reminder 20 s after receipt (passes while the application is
        // down: fires at once after the restart), the due time 80 s after (after the restarts).
        update(
                "update response_sla set reminder_at = timestampadd(second, 20, received_at),"
                        + " due_at = timestampadd(second, 80, received_at) where message_id = ?",
                waiting);
        update(
                "update message m join response_sla s on s.message_id = m.id"
                        + " set m.due_at = s.due_at where m.id = ?",
                waiting);
        // The alert made on receipt gets its escalation time from the decision table (10 minutes) when
        // the process reaches it; moved to 75 s after the alert here, as a shorter table would have set it.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> query(
                                "select count(*) from staff_alert"
                                        + " where message_id = ? and level = 'CLINICIAN' and escalate_at is not null",
                                crisis)
                        .equals("1"));
        Instant created =
                instant("select created_at from staff_alert where message_id = ? and level = 'CLINICIAN'", crisis);
        assertThat(instant(
                        "select escalate_at from staff_alert where message_id = ?" + " and level = 'CLINICIAN'",
                        crisis))
                .isEqualTo(created.plus(Duration.ofMinutes(10)));
        update(
                "update staff_alert set escalate_at = timestampadd(second, " + ACKNOWLEDGE_WITHIN.toSeconds()
                        + ", created_at) where message_id = ? and level = 'CLINICIAN'",
                crisis);
        Instant escalateAt =
                instant("select escalate_at from staff_alert where message_id = ? and level = 'CLINICIAN'", crisis);
        Instant reminderAt = instant("select reminder_at from response_sla where message_id = ?", waiting);
        Instant dueAt = instant("select due_at from response_sla where message_id = ?", waiting);
        assertThat(escalateAt)
                .isEqualTo(instant(
                                "select created_at from staff_alert where message_id = ? and level = 'CLINICIAN'",
                                crisis)
                        .plus(ACKNOWLEDGE_WITHIN));

        // kill -9 of the application alone: its mariadbd is orphaned and keeps the data folder locked.
        ProcessHandle orphan = ChildJvm.mariadbdOf(run1.toHandle()).orElseThrow();
        ChildJvm.kill9(run1.toHandle());
        assertThat(orphan.isAlive()).isTrue();

        // Run 2: stops the orphan, becomes healthy, drives the open work again.
        Process run2 = start(2);
        Instant ready2 = awaitHealthy(run2);
        assertThat(orphan.isAlive()).as("the orphaned mariadbd was stopped").isFalse();
        assertThat(log(2)).contains("left running by an earlier run");
        awaitRestored(crisis, 1);
        awaitRestored(waiting, 1);
        // The consent request's rebuild is committed too (on a loaded machine it can come a moment
        // after the messages'; killed before its commit, run 3 would rebuild it from run 1's key).
        await().atMost(Duration.ofSeconds(60))
                .until(() -> query(
                                "select count(*) from audit_event"
                                        + " where event_type = 'ENGINE_INSTANCE_RESTORED' and details like concat('%', ?, '%')",
                                consentRequest)
                        .equals("1"));

        // The machine dies: application and database killed together.
        ProcessHandle mariadbd2 = ChildJvm.mariadbdOf(run2.toHandle()).orElseThrow();
        run2.toHandle().destroyForcibly();
        mariadbd2.destroyForcibly();
        run2.onExit().join();
        mariadbd2.onExit().join();

        // Run 3: InnoDB recovers, the engine is rebuilt from the database once more.
        Process run3 = start(3);
        Instant ready3 = awaitHealthy(run3);
        awaitRestored(crisis, 2);
        awaitRestored(waiting, 2);

        // The crisis escalates to blair at the time stored before both crashes.
        await().atMost(Duration.between(Instant.now(), escalateAt).plus(Duration.ofSeconds(40)))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> query(
                                "select count(*) from staff_alert where message_id = ? and level =" + " 'COVERING'",
                                crisis)
                        .equals("1"));
        Instant escalated =
                instant("select created_at from staff_alert where message_id = ? and level = 'COVERING'", crisis);
        assertOnTime("crisis escalation", escalateAt, escalated, ready3);
        assertThat(query("select recipient from staff_alert where message_id = ? and level =" + " 'COVERING'", crisis))
                .isEqualTo("blair");

        // The waiting message: reminder and breach at their stored times, the task still alex's.
        await().atMost(Duration.between(Instant.now(), dueAt).plus(Duration.ofSeconds(40)))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> query(
                                "select breached_at is not null and reminded_at is not null from"
                                        + " response_sla where message_id = ?",
                                waiting)
                        .equals("1"));
        assertOnTime(
                "response reminder",
                reminderAt,
                instant("select reminded_at from response_sla where message_id = ?", waiting),
                ready3);
        assertOnTime(
                "response SLA breach",
                dueAt,
                instant("select breached_at from response_sla where message_id = ?", waiting),
                ready3);

        // Alex answers after the restarts: the reply completes the task (201, not 409).
        Api.Response reply = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.post(
                                "alex",
                                "/api/messages/" + waiting + "/replies",
                                "{\"body\":\"Thank you for telling me. Let us talk on Thursday.\"}"),
                        r -> r.status() != 409);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(query("select status from message where id = ?", waiting)).isEqualTo("ANSWERED");
        Api.Response ack = api.post(
                "blair",
                "/api/messages/" + crisis + "/crisis-acknowledgement",
                "{\"contactMade\":\"PHONE_CALL\",\"safetyAssessed\":true," + "\"nextStep\":\"SAFETY_PLAN_REVIEWED\"}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        "1".equals(query("select count(*) from crisis_acknowledgement where message_id = ?", crisis)));

        // Nothing twice: audit entries per step, alerts and notifications, auto-replies per template.
        assertThat(auditCounts(crisis))
                .containsEntry("CRISIS_DETECTED", 1L)
                .containsEntry("CRISIS_ALERT", 1L)
                .containsEntry("CRISIS_ESCALATED", 1L)
                .containsEntry("CRISIS_RESOURCES_SENT", 1L)
                .containsEntry("CRISIS_ACKNOWLEDGED", 1L)
                .containsEntry("ENGINE_INSTANCE_RESTORED", 2L);
        assertThat(auditCounts(waiting))
                .containsEntry("SLA_REMINDER_SENT", 1L)
                .containsEntry("SLA_BREACHED", 1L)
                .containsEntry("ENGINE_INSTANCE_RESTORED", 2L)
                .allSatisfy((type, count) ->
                        assertThat(count).as(type).isEqualTo(type.equals("ENGINE_INSTANCE_RESTORED") ? 2L : 1L));
        assertThat(rows(
                        "select template_key, count(*) from message where in_reply_to_id = ?"
                                + " and sent_by = 'auto-reply' group by template_key having count(*) > 1",
                        crisis))
                .isEmpty();
        assertThat(rows(
                        "select template_key, count(*) from message where in_reply_to_id = ?"
                                + " and sent_by = 'auto-reply' group by template_key having count(*) > 1",
                        waiting))
                .isEmpty();
        String allLogs = log(1) + log(2) + log(3);
        assertThat(count(allLogs, "ALERT CLINICIAN CRISIS for alex about message " + crisis))
                .isEqualTo(1);
        assertThat(count(allLogs, "ALERT COVERING CRISIS for blair about message " + crisis))
                .isEqualTo(1);
        assertThat(count(allLogs, "SLA_REMINDER for alex about message " + waiting))
                .isEqualTo(1);
        assertThat(count(allLogs, "SLA_BREACH for sam about message " + waiting))
                .isEqualTo(1);

        Instant reminded = instant("select reminded_at from response_sla where message_id = ?", waiting);
        Instant breached = instant("select breached_at from response_sla where message_id = ?", waiting);
        System.out.printf(
                "CrashRecoveryTest: healthy after %s / %s / %s s (start to health);"
                        + " after its stored time (or, if that passed while down, after run 3 was healthy):"
                        + " crisis escalation %s, reminder %s, breach %s%n",
                secondsSinceStart(1, ready1),
                secondsSinceStart(2, ready2),
                secondsSinceStart(3, ready3),
                lateness(escalateAt, escalated, ready3),
                lateness(reminderAt, reminded, ready3),
                lateness(dueAt, breached, ready3));

        // The consent request was rebuilt twice with the reminder time stored at run 1; the policy went
        // out once.
        assertThat(instant("select reminder_at from consent_request where id = ?", consentRequest))
                .isEqualTo(consentReminderAt);
        assertThat(query(
                        "select count(*) from outbox where idempotency_key like concat('consent-policy:'," + " ?, '%')",
                        consentRequest))
                .isEqualTo("1");
        assertThat(query(
                        "select count(*) from audit_event where event_type = 'ENGINE_INSTANCE_RESTORED'"
                                + " and details like concat('%', ?, '%')",
                        consentRequest))
                .isEqualTo("2");

        // A graceful stop (SIGTERM) just after a message was accepted: the application finishes or
        // hands back what it has, and takes the database down with it.
        String last = post(
                api, jordan, "crash-last", "Could we move Thursday's session to Friday, or talk briefly before then?");
        ProcessHandle mariadbd3 = ChildJvm.mariadbdOf(run3.toHandle()).orElseThrow();
        Instant term = Instant.now();
        run3.destroy();
        assertThat(run3.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        Duration stopping = Duration.between(term, Instant.now());
        assertThat(mariadbd3.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(log(3)).contains("Graceful stop: intake closed", "Graceful stop: job workers closed");

        // Run 4: the message accepted just before the SIGTERM is there and is routed.
        Process run4 = start(4);
        Instant ready4 = awaitHealthy(run4);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "AWAITING_RESPONSE".equals(query("select status from message where id = ?", last)));
        Instant routed = Instant.now();
        assertThat(query("select count(*) from response_sla where message_id = ?", last))
                .isEqualTo("1");
        System.out.printf(
                "CrashRecoveryTest: SIGTERM to exit %s s; message accepted before the SIGTERM"
                        + " routed %s s after run 4 was healthy (%s s start to health)%n",
                stopping.toMillis() / 1000.0,
                Duration.between(ready4, routed).toMillis() / 1000.0,
                secondsSinceStart(4, ready4));
        ProcessHandle mariadbd4 = ChildJvm.mariadbdOf(run4.toHandle()).orElseThrow();
        run4.destroy();
        assertThat(run4.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        assertThat(mariadbd4.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    // ---- the child application ----

    private final List<Instant> startTimes = new ArrayList<>();

    private Process start(int run) throws IOException {
        File log = ChildJvm.logFile(dir, "run-" + run + ".log");
        logs.add(log);
        startTimes.add(Instant.now());
        Process p = ChildJvm.command(
                        List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                        BetweenSessionsApplication.class.getName(),
                        List.of(
                                "--spring.profiles.active=embedded",
                                "--server.port=" + httpPort,
                                "--bsc.engine.port=" + enginePort,
                                "--bsc.database.port=" + databasePort,
                                "--bsc.database.directory=" + dir.getPath(),
                                "--bsc.triage.republish-interval=PT1S",
                                "--bsc.demo.sla-history=false",
                                "--bsc.sla.digest.enabled=false",
                                "--logging.level.ch.vorburger=WARN",
                                "--logging.level.io.camunda.zeebe=WARN"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        started.add(p);
        return p;
    }

    private Instant awaitHealthy(Process p) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("The application exited with " + p.exitValue() + ":\n" + tail(logs.getLast()));
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return Instant.now();
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sleep(250);
        }
        throw new AssertionError("Not healthy within " + READY_WITHIN + ":\n" + tail(logs.getLast()));
    }

    private void awaitRestored(String messageId, int times) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> query(
                                "select count(*) from audit_event where subject_id = ?"
                                        + " and event_type = 'ENGINE_INSTANCE_RESTORED'",
                                messageId)
                        .equals(String.valueOf(times)));
    }

    private String secondsSinceStart(int run, Instant ready) {
        return String.format(
                "%.1f", Duration.between(startTimes.get(run - 1), ready).toMillis() / 1000.0);
    }

    private static String lateness(Instant stored, Instant fired, Instant ready) {
        Instant expected = stored.isAfter(ready) ? stored : ready;
        return Duration.between(expected, fired).toMillis() + " ms"
                + (stored.isAfter(ready) ? " (stored time)" : " (due while down)");
    }

    private void assertOnTime(String what, Instant stored, Instant fired, Instant ready) {
        assertThat(fired).as(what + " never before its stored time").isAfterOrEqualTo(stored.minusMillis(500));
        // Due while the application was down: at once after the restart; else at the stored time.
        Instant expected = stored.isAfter(ready) ? stored : ready;
        assertThat(Duration.between(expected, fired))
                .as(what + " fired " + fired + ", stored " + stored + ", healthy " + ready)
                .isLessThan(ON_TIME);
    }

    private String log(int run) {
        try {
            return Files.readString(logs.get(run - 1).toPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(File log) {
        try {
            List<String> lines = Files.readAllLines(log.toPath());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    // ---- the API and the database of the child ----

    private static String clientId(Api api, String name) {
        for (JsonNode c : api.get("alex", "/api/clients").json()) {
            if (name.equals(c.path("displayName").asText())) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError("No demo client " + name);
    }

    private static String post(Api api, String clientId, String externalId, String body) {
        Api.Response r = api.post(
                "portal",
                "/api/messages",
                "{\"channel\":\"PORTAL\",\"externalId\":\"" + externalId + "\",\"clientId\":\"" + clientId
                        + "\",\"body\":\"" + body + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("id").asText();
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + databasePort + "/betweensessions", "root", "");
    }

    private String query(String sql, String param) throws SQLException {
        try (Connection c = db();
                var st = c.prepareStatement(sql)) {
            st.setString(1, param);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<String> rows(String sql, String param) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db();
                var st = c.prepareStatement(sql)) {
            st.setString(1, param);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
        }
        return rows;
    }

    /** Read as the application reads it (same JDBC driver, same JVM time zone). */
    private Instant instant(String sql, String param) throws SQLException {
        try (Connection c = db();
                var st = c.prepareStatement(sql)) {
            st.setString(1, param);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private void update(String sql, String param) throws SQLException {
        try (Connection c = db();
                var st = c.prepareStatement(sql)) {
            st.setString(1, param);
            assertThat(st.executeUpdate()).as(sql).isEqualTo(1);
        }
    }

    private Map<String, Long> auditCounts(String messageId) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String row : rows(
                "select event_type, count(*) from audit_event where subject_id = ?" + " group by event_type",
                messageId)) {
            String[] kv = row.split("=");
            counts.put(kv[0], Long.parseLong(kv[1]));
        }
        return counts;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
