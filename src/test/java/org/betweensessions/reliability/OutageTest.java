package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;

import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRegistration;
import org.betweensessions.consent.ConsentService;
import org.betweensessions.database.EmbeddedMariaDb;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.inbox.TriagePublisher;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.triage.TriageService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockReset;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Issue 6, parts 5 to 7: the engine unreachable, the application dying mid-burst, the database down.
 * Publishing can be pointed at a closed port (a real gRPC "connection refused"), and this class stops
 * its embedded MariaDB, so it has its own context and database, discarded afterwards, and restarts
 * what it stopped. The scheduled republishing is off here: the test plays "the next start" itself.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// Its own MariaDB (another data directory): the shared test context stays alive during this class, and
// its publisher would otherwise hand this class's pending messages to the shared context's engine;
// stopping this server also leaves the shared one alone.
// Backoff 4 s: a job's five attempts (4 + 8 + 16 + 32 s apart) outlast the 30 s database outage.
@TestPropertySource(
        properties = {
            "bsc.triage.republish-interval=PT1H",
            "bsc.jobs.retry-backoff=PT4S",
            "bsc.database.directory=target/test-data-outage"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageTest extends EmbeddedStackTest {

    static final Instant WEDNESDAY_10AM_NY =
            ZonedDateTime.parse("2026-11-18T10:00:00-05:00[America/New_York]").toInstant();
    static final String UPDATE =
            "Quick update: I did the breathing exercise every day this week and I'm sleeping better.";

    @MockitoSpyBean(reset = MockReset.NONE)
    CamundaClient camunda;

    @MockitoSpyBean(reset = MockReset.NONE)
    TriageService triage;

    @Autowired
    MeterRegistry meters;

    final Map<String, Set<Long>> screenedBy = new ConcurrentHashMap<>();

    @Autowired
    TriagePublisher publisher;

    @Autowired
    MessageService service;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EmbeddedMariaDb database;

    @Autowired
    ClientRegistration registration;

    @Autowired
    ConsentService consent;

    @Autowired
    PolicyService policies;

    CamundaClient unreachable;
    /** Publish commands go to the real engine while this is positive (counted down per command). */
    final AtomicInteger reachableCommands = new AtomicInteger(Integer.MAX_VALUE);
    /** The client every message of this class comes from (registered and consented in setUp). */
    Client jordan;

    Api api;

    @BeforeAll
    void setUp() throws Exception {
        publishingGoesThroughTheSwitch();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        unreachable = CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://localhost:" + closedPort))
                .restAddress(URI.create("http://localhost:" + closedPort))
                .preferRestOverGrpc(false)
                .build();
        // Its own consented client: a thousand messages must not become a demo client's history (other
        // test classes read Jordan's newest messages and communication patterns).
        jordan = registration.register(
                new ClientRegistration.RegisterClient(
                        "Burst Client " + UUID.randomUUID(), "alex", Channel.PORTAL, "en"),
                null,
                "casey");
        consent.recordConsent(jordan.getId(), policies.effectiveFor(jordan).getVersion(), Channel.PORTAL, "portal");
        api = new Api(port);
        // target/test-data outlives test JVMs: messages an earlier, killed run left unpublished would be
        // republished here too and make the figures below about them. Their instances died with that
        // run's in-memory engine; set them aside.
        jdbc.update("update message set published_at = created_at where direction = 'INBOUND'"
                + " and published_at is null");
    }

    /**
     * Installed once, before this class sends anything (the spies are not reset between its tests):
     * stubbing a spy while job workers call it on other threads can hand a worker Mockito's stubbing
     * placeholder instead of the real answer (a screening without variables, an incident at
     * CrisisDetectedGateway) and fail the stubbing itself (UnfinishedStubbingException).
     */
    private void publishingGoesThroughTheSwitch() {
        doAnswer(inv -> reachableCommands.getAndDecrement() > 0
                        ? inv.callRealMethod()
                        : unreachable.newPublishMessageCommand())
                .when(camunda)
                .newPublishMessageCommand();
        doAnswer(inv -> {
                    screenedBy
                            .computeIfAbsent(inv.getArgument(0).toString(), k -> ConcurrentHashMap.newKeySet())
                            .add(inv.getArgument(1));
                    return inv.callRealMethod();
                })
                .when(triage)
                .screen(ArgumentMatchers.any(), ArgumentMatchers.anyLong());
    }

    @AfterEach
    void engineReachable() {
        reachableCommands.set(Integer.MAX_VALUE);
    }

    @AfterAll
    void tearDown() {
        unreachable.close();
        Mockito.reset(camunda);
    }

    private InboundMessageRequest update(String prefix) {
        return new InboundMessageRequest(
                Channel.PORTAL, prefix + UUID.randomUUID(), jordan.getId(), null, UPDATE, WEDNESDAY_10AM_NY);
    }

    /**
     * Process instances the engine started per message, as seen by the first task of every triage
     * instance (screen-message gets the instance key). A redelivered job has the same key; a second
     * instance would add a second one. (The in-memory engine's record stream drops old records under
     * this load, so it cannot be used to count a burst.)
     */
    private Map<String, Set<Long>> instancesByMessage() {
        return screenedBy;
    }

    /**
     * The next start: publish what is pending until none of {@code externalIdPrefix}'s messages is
     * (the grace period is 5 s; each round publishes up to 100).
     */
    private int republishUntilNothingPending(String externalIdPrefix) {
        AtomicInteger rounds = new AtomicInteger();
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    rounds.incrementAndGet();
                    publisher.publishPending();
                    return jdbc.queryForObject(
                                    "select count(*) from message where external_id like ?"
                                            + " and published_at is null",
                                    Long.class,
                                    externalIdPrefix + "%")
                            == 0;
                });
        return rounds.get();
    }

    private double technicalFailures() {
        return meters.find("bsc.job.technical.failures").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Test
    @Order(1)
    void whileTheEngineIsUnreachableMessagesAreAcceptedAndArePublishedOnceWhenItIsBack() {
        reachableCommands.set(0);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.Response r = api.post(
                    "portal",
                    "/api/messages",
                    Api.json(Map.of(
                            "channel",
                            "PORTAL",
                            "externalId",
                            "engine-down-" + UUID.randomUUID(),
                            "clientId",
                            jordan.getId().toString(),
                            "body",
                            UPDATE)));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            ids.add(r.json().get("id").asText());
        }
        // The publisher tried (and failed): stored, not handed over, no instance.
        eventually(() -> assertThat(jdbc.queryForObject(
                        "select count(*) from message where id in (?,?,?,?,?)"
                                + " and status = 'RECEIVED' and published_at is null",
                        Long.class,
                        ids.toArray()))
                .isEqualTo(5));
        assertThat(instancesByMessage().keySet()).doesNotContainAnyElementsOf(ids);
        assertThat(publisher.publish(UUID.fromString(ids.getFirst())))
                .as("engine unreachable")
                .isFalse();

        reachableCommands.set(Integer.MAX_VALUE);
        republishUntilNothingPending("engine-down-");
        publisher.publishPending();
        ids.forEach(id -> assertThat(publisher.publish(UUID.fromString(id))).isTrue()); // once more

        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> jdbc.queryForObject(
                                    "select count(*) from message where id in (?,?,?,?,?) and status = 'CLOSED'",
                                    Long.class,
                                    ids.toArray())
                            == ids.size());
        } finally {
            System.out.println("engine back: "
                    + jdbc.queryForList(
                            "select id, status, published_at,"
                                    + " process_instance_key from message where id in (?,?,?,?,?)",
                            ids.toArray())
                    + " instances "
                    + ids.stream().map(id -> instancesByMessage().get(id)).toList());
        }
        Map<String, Set<Long>> instances = instancesByMessage();
        ids.forEach(id -> assertThat(instances.get(id)).as(id).hasSize(1));
    }

    @Test
    @Order(2)
    void aCrashMidBurstLosesNothingAndDuplicatesNothing() throws Exception {
        // 1,000 as issue 6 asks (about 2.5 min on 2 cores); -Dbsc.test.burst=300 for a quicker CI run.
        int burst = Integer.getInteger("bsc.test.burst", 1000);
        String prefix = "burst-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // The publisher reaches the engine for the first half, then "the app dies": the rest stay queued.
        reachableCommands.set(burst / 2);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<UUID>> accepted = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            accepted.add(senders.submit(
                    () -> service.accept(update(prefix)).message().getId()));
        }
        List<String> ids = new ArrayList<>();
        for (Future<UUID> f : accepted) {
            ids.add(f.get().toString());
        }
        senders.shutdown();
        assertThat(ids).doesNotHaveDuplicates().hasSize(burst);
        // Every queued hand-over has been attempted: the first half reached the engine, the rest died
        // with the process (nothing is left in the publisher's queue to finish the job after "restart").
        Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> reachableCommands.get() <= -(burst - burst / 2));
        // Some were handed to the engine just before the crash, but the crash came before published_at
        // was written: the next start publishes them again, and the engine must not start them twice.
        List<String> unrecorded = jdbc.queryForList(
                "select id from message where external_id like '" + prefix + "%'"
                        + " and published_at is not null limit 50",
                String.class);
        jdbc.update("update message set published_at = null where id in ('" + String.join("','", unrecorded) + "')");
        long pendingAfterCrash = jdbc.queryForObject(
                "select count(*) from message where external_id like" + " 'burst-%' and published_at is null",
                Long.class);

        reachableCommands.set(Integer.MAX_VALUE);
        Thread.sleep(5_000); // the publisher's grace period: only messages older than 5 s are republished
        int rounds = republishUntilNothingPending(prefix);

        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from message where external_id like '" + prefix + "%'"
                                        + " and status = 'CLOSED'",
                                Long.class)
                        == burst);
        Map<String, Set<Long>> started = instancesByMessage();
        long startedOnce = ids.stream()
                .filter(id -> started.getOrDefault(id, Set.of()).size() == 1)
                .count();
        long startedTwice = ids.stream()
                .filter(id -> started.getOrDefault(id, Set.of()).size() > 1)
                .count();
        long neverStarted = ids.stream().filter(id -> !started.containsKey(id)).count();
        long duplicates = jdbc.queryForObject(
                "select count(*) from (select in_reply_to_id, template_key,"
                        + " count(*) c from message where direction = 'OUTBOUND' and in_reply_to_id in (select id from"
                        + " message where external_id like '" + prefix
                        + "%') group by in_reply_to_id, template_key having c > 1) d",
                Long.class);
        long autoReplies = jdbc.queryForObject(
                "select count(*) from message where direction = 'OUTBOUND'"
                        + " and in_reply_to_id in (select id from message where external_id like '" + prefix + "%')",
                Long.class);
        System.out.printf(
                "crash mid-burst: %d accepted, %d pending after the crash (%d published but"
                        + " unrecorded), %d publishPending rounds, %d triaged, %d started exactly once, %d auto-replies,"
                        + " %d duplicates (%d started twice, %d never)%n",
                burst,
                pendingAfterCrash,
                unrecorded.size(),
                rounds,
                burst,
                startedOnce,
                autoReplies,
                duplicates,
                startedTwice,
                neverStarted);
        assertThat(pendingAfterCrash).isGreaterThanOrEqualTo(burst / 2);
        // Every message triaged by exactly one instance: every message screened by exactly one instance
        // of this class's engine, and one distinct instance key per message kept in the database.
        long distinctKeys = jdbc.queryForObject(
                "select count(distinct process_instance_key) from message" + " where external_id like '" + prefix
                        + "%'",
                Long.class);
        long withoutKey = jdbc.queryForObject(
                "select count(*) from message where external_id like '" + prefix
                        + "%' and process_instance_key is null",
                Long.class);
        System.out.printf(
                "crash mid-burst: %d distinct instance keys recorded for %d messages, %d without%n",
                distinctKeys, burst, withoutKey);
        assertThat(startedTwice).isZero();
        assertThat(neverStarted).isZero();
        assertThat(startedOnce).isEqualTo(burst);
        assertThat(withoutKey).isZero();
        assertThat(distinctKeys).isEqualTo(burst);
        assertThat(autoReplies).isEqualTo(burst);
        assertThat(duplicates).isZero();
    }

    @Test
    @Order(3)
    void whileTheDatabaseIsDownWebhooksGet503AndJobsWaitWithBackoffThenComplete() throws Exception {
        // Stored while the engine was unreachable; handed to the engine once the database is down, so
        // their first jobs meet the outage for certain.
        reachableCommands.set(0);
        List<UUID> stored = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            stored.add(service.accept(update("db-down-")).message().getId());
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> reachableCommands.get() <= -stored.size()); // each publish attempt refused
        reachableCommands.set(Integer.MAX_VALUE);

        double failuresBefore = technicalFailures();
        database.stop();
        Instant down = Instant.now();
        List<Api.Response> duringOutage = new ArrayList<>();
        List<String> refusedIds = new ArrayList<>();
        try {
            for (UUID id : stored) {
                camunda.newPublishMessageCommand()
                        .messageName(ProcessIds.INBOUND_MESSAGE_RECEIVED)
                        .correlationKey(id.toString())
                        .messageId(id.toString())
                        .variables(Map.of("messageId", id.toString()))
                        .send()
                        .join();
            }
            // 30 s down, as issue 6 asks, with webhooks arriving the whole time.
            while (Duration.between(down, Instant.now()).toSeconds() < 30) {
                String externalId = "db-down-webhook-" + UUID.randomUUID();
                Api.Response r = api.post(
                        "portal",
                        "/api/messages",
                        Api.json(Map.of(
                                "channel",
                                "PORTAL",
                                "externalId",
                                externalId,
                                "clientId",
                                jordan.getId().toString(),
                                "body",
                                UPDATE)));
                duringOutage.add(r);
                if (r.status() != 202) {
                    refusedIds.add(externalId);
                }
            }
        } finally {
            database.restart();
        }
        Duration outage = Duration.between(down, Instant.now());

        assertThat(duringOutage).isNotEmpty().allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("Retry-After")).isNotBlank();
        });
        for (UUID id : stored) {
            Message m = Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> messages.findById(id).orElseThrow(), x -> x.getStatus() == MessageStatus.CLOSED);
            assertThat(incidents(m.getProcessInstanceKey())).isEmpty();
        }
        // Never a half-written row: nothing of a refused webhook was stored.
        assertThat(jdbc.queryForObject(
                        "select count(*) from message where external_id in ('" + String.join("','", refusedIds) + "')",
                        Long.class))
                .isZero();
        double failures = technicalFailures() - failuresBefore;
        System.out.printf(
                "database down for %d s: %d webhooks answered 503 (0 stored), %.0f job failures"
                        + " retried with backoff, %d of %d messages completed after the restart, 0 incidents%n",
                outage.toSeconds(), duringOutage.size(), failures, stored.size(), stored.size());
        assertThat(failures).as("jobs met the outage and failed with a backoff").isPositive();
    }
}
