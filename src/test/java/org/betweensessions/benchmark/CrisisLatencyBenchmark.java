package org.betweensessions.benchmark;

import com.sun.management.OperatingSystemMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.betweensessions.BetweenSessionsApplication;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.engine.BackgroundPriority;
import org.betweensessions.message.MessageRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Receipt-to-alert latency for crisis messages while non-crisis messages flow through the embedded
 * stack (engine, MariaDB, workers, HTTP API). Prints its figures; asserts nothing.
 *
 * <pre>./mvnw -q test-compile exec:exec@crisis-benchmark [-Dbench.seconds=30 -Dbench.rate=100]</pre>
 *
 * Latency = staff_alert.created_at - message.created_at (both written by the server), so the load
 * generator's own delays do not count. Loopback only; bounded in time.
 */
public final class CrisisLatencyBenchmark {

    private static final String[] ROUTINE = {
        "Could we move Thursday's session to 4pm?",
        "Quick update: I did the journaling every night this week.",
        "I had a hard day and would like to talk about it next time.",
        "Can you send the receipt for October for my insurance?",
        "The breathing exercise helped before my presentation today.",
    };
    private static final String[] CRISIS = {
        "I don't want to be alive anymore, I have the pills ready for tonight",
        "kms tonight. cant do this anymore",
        "he hit me again and I'm scared to go home",
        "took the whole bottle of my meds an hour ago",
    };

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 30);
        int rate = Integer.getInteger("bench.rate", 100);
        // A fresh database every run: messages an earlier run left untriaged would be republished to
        // this run's engine and make the figures about them.
        Path data = Path.of("target/benchmark-data");
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<String> appArgs = new ArrayList<>(List.of(
                "--spring.profiles.active=embedded",
                "--server.port=0",
                "--bsc.engine.port=0",
                "--bsc.database.port=0",
                "--bsc.database.directory=target/benchmark-data",
                "--logging.level.root=WARN",
                "--logging.level.org.betweensessions=WARN"));
        for (String extra : System.getProperty("bench.app", "").trim().split("\\s+")) {
            if (!extra.isBlank()) {
                appArgs.add("--" + extra);
            }
        }
        ConfigurableApplicationContext app =
                new SpringApplication(BetweenSessionsApplication.class).run(appArgs.toArray(String[]::new));
        try {
            run(app, seconds, rate);
        } finally {
            app.close();
        }
        System.exit(0);
    }

    private static void run(ConfigurableApplicationContext app, int seconds, int rate) throws Exception {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        List<Client> clients = app.getBean(ClientRepository.class).findAll().stream()
                .filter(c -> c.getStatus() == ClientStatus.ACTIVE)
                .toList();
        // The senders stand for other machines: routine ones at background priority so they take little
        // of the server's two cores from the server (engine/BackgroundPriority); the crisis sender normal.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8, BackgroundPriority.threads("routine-sender", true)))
                .build();
        HttpClient crisisHttp = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2))
                .build();
        String auth = "Basic " + Base64.getEncoder().encodeToString("portal:demo".getBytes());
        ConcurrentLinkedQueue<UUID> crisisIds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> roundTrips = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();

        HttpResponse<String> probe = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/messages?status=RECEIVED"))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("sam:demo".getBytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.printf("API at port %d answers %d; %d active clients%n", port, probe.statusCode(), clients.size());
        ScheduledExecutorService load =
                Executors.newScheduledThreadPool(1, BackgroundPriority.threads("routine-load", true));
        ScheduledExecutorService crisisLoad = Executors.newScheduledThreadPool(1);
        long periodMicros = 1_000_000L / rate;
        load.scheduleAtFixedRate(
                () -> post(http, port, auth, clients, ROUTINE, sent, accepted, rejected, null, null),
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
        crisisLoad.scheduleAtFixedRate(
                () -> post(crisisHttp, port, auth, clients, CRISIS, sent, accepted, rejected, crisisIds, roundTrips),
                250,
                500,
                TimeUnit.MILLISECONDS);
        var os = (OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        load.shutdownNow();
        crisisLoad.shutdownNow();
        double elapsed = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;

        MessageRepository messages = app.getBean(MessageRepository.class);
        StaffAlertRepository alerts = app.getBean(StaffAlertRepository.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Long> latencies = new ArrayList<>();
        for (UUID id : crisisIds) {
            while (System.nanoTime() < deadline) {
                var alert =
                        alerts.findByMessageIdOrderByCreatedAtAsc(id).stream().findFirst();
                if (alert.isPresent()) {
                    var message = messages.findById(id).orElseThrow();
                    latencies.add(
                            Duration.between(message.getCreatedAt(), alert.get().getCreatedAt())
                                    .toMillis());
                    break;
                }
                Thread.sleep(20);
            }
        }
        Collections.sort(latencies);
        var env = app.getEnvironment();
        System.out.printf(
                "%nCrisis receipt-to-alert under load (%s, %d s, %d cores)%n",
                env.getProperty("bsc.engine.embedded", Boolean.class, false)
                        ? "embedded stack"
                        : "engine at " + env.getProperty("camunda.client.grpc-address"),
                seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  offered load      %d non-crisis msg/s + 2 crisis msg/s%n", rate);
        System.out.printf(
                "  accepted          %d of %d posted (%.1f msg/s), %d rejected%n",
                accepted.get(), sent.get(), accepted.get() / elapsed, rejected.get());
        System.out.printf("  crisis alerts     %d of %d crisis messages alerted%n", latencies.size(), crisisIds.size());
        if (!latencies.isEmpty()) {
            System.out.printf(
                    "  receipt-to-alert  p50 %d | p99 %d | max %d ms (server clock: message"
                            + " stored -> staff alert stored; goal p99 < 1000)%n",
                    pct(latencies, 0.50), pct(latencies, 0.99), latencies.getLast());
        }
        List<Long> trips = new ArrayList<>(roundTrips);
        Collections.sort(trips);
        if (!trips.isEmpty()) {
            System.out.printf(
                    "  sender's view     p50 %d | p99 %d | max %d ms (POST sent -> 202 back; the"
                            + " alert is stored before the 202)%n",
                    pct(trips, 0.50), pct(trips, 0.99), trips.getLast());
        }
        System.out.printf(
                "  CPU               %.1f core-seconds per second of load (engine, database"
                        + " client, workers, API and this load generator; MariaDB runs in its own process)%n",
                cpuSeconds / elapsed);
        var jdbc = app.getBean(JdbcTemplate.class);
        System.out.printf(
                "  triage progress   %s at the end of the load (RECEIVED: not yet handed to the"
                        + " engine; TRIAGING: in the engine; AWAITING_RESPONSE or CLOSED: routed)%n",
                progress(jdbc));
        // Then how fast the stack works off what it accepted: routed messages per second, from the
        // start of the load until the last routine message is routed (or bench.drain seconds later).
        int drainSeconds = Integer.getInteger("bench.drain", 120);
        long drainDeadline = System.nanoTime() + drainSeconds * 1_000_000_000L;
        long waiting = waiting(jdbc);
        while (waiting > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(500);
            waiting = waiting(jdbc);
        }
        double total = (System.nanoTime() - started) / 1e9;
        long routed = accepted.get() - waiting;
        System.out.printf(
                "  routing pace      %d of %d accepted messages routed %.0f s after the load began:"
                        + " %.1f msg/s%s%n",
                routed,
                accepted.get(),
                total,
                routed / total,
                waiting == 0
                        ? ""
                        : " (" + waiting + " still waiting after a " + drainSeconds
                                + " s drain; -Dbench.drain=N waits longer)");
    }

    private static List<String> progress(JdbcTemplate jdbc) {
        return jdbc
                .queryForList("select status, count(*) n from message where external_id like"
                        + " 'bench-%' group by status order by status")
                .stream()
                .map(r -> r.get("status") + " " + r.get("n"))
                .toList();
    }

    private static long waiting(JdbcTemplate jdbc) {
        Long n = jdbc.queryForObject(
                "select count(*) from message where external_id like 'bench-%'"
                        + " and status in ('RECEIVED', 'TRIAGING')",
                Long.class);
        return n == null ? 0 : n;
    }

    private static void post(
            HttpClient http,
            int port,
            String auth,
            List<Client> clients,
            String[] texts,
            AtomicInteger sent,
            AtomicInteger accepted,
            AtomicInteger rejected,
            ConcurrentLinkedQueue<UUID> ids,
            ConcurrentLinkedQueue<Long> roundTrips) {
        int n = sent.incrementAndGet();
        long sentAt = System.nanoTime();
        Client client = clients.get(n % clients.size());
        String body = String.format(
                "{\"channel\":\"PORTAL\",\"externalId\":\"bench-%s\",\"clientId\":\"%s\",\"body\":\"%s\"}",
                UUID.randomUUID(), client.getId(), texts[n % texts.length]);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/messages"))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenAccept(r -> {
                    if (r.statusCode() == 202) {
                        accepted.incrementAndGet();
                        if (ids != null) {
                            roundTrips.add((System.nanoTime() - sentAt) / 1_000_000);
                            String id = r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                            ids.add(UUID.fromString(id));
                        }
                    } else {
                        if (rejected.incrementAndGet() == 1) {
                            System.out.println("first rejection: " + r.statusCode() + " " + r.body());
                        }
                    }
                })
                .exceptionally(e -> {
                    if (rejected.incrementAndGet() == 1) {
                        System.out.println("first failure: " + e);
                    }
                    return null;
                });
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
