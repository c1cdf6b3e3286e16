package org.betweensessions.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.crisis.StaffAlertRepository;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Routine intake saturated on purpose (every routine slot and every waiting place taken): a routine
 * message gets 503 problem+json with Retry-After and nothing is stored, while a crisis message goes
 * past the queue, is stored and alerted in the same request.
 */
class RoutineAdmissionTest extends EmbeddedStackTest {

    @Autowired
    RoutineAdmission admission;

    @Autowired
    IntakeProperties intake;

    @Autowired
    StaffAlertRepository alerts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    Api api;
    Client jordan;
    ExecutorService holders;
    CountDownLatch release;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        jordan = demoClient("alex", ClientStatus.ACTIVE);
        holders = Executors.newCachedThreadPool();
        release = new CountDownLatch(1);
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        holders.shutdown();
        assertThat(holders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Takes every routine slot until {@link #release}; returns once they are all taken. */
    private void holdEveryRoutineSlot() throws Exception {
        CountDownLatch admitted = new CountDownLatch(intake.routineConcurrency());
        for (int i = 0; i < intake.routineConcurrency(); i++) {
            holders.submit(() -> admission.admit(() -> {
                admitted.countDown();
                try {
                    return release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        assertThat(admitted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private String post(String externalId, String body) {
        return Api.json(Map.of(
                "channel",
                "PORTAL",
                "externalId",
                externalId,
                "clientId",
                jordan.getId().toString(),
                "body",
                body));
    }

    private long stored(String externalId) {
        return jdbc.queryForObject("select count(*) from message where external_id = ?", Long.class, externalId);
    }

    @Test
    void whileRoutineIntakeIsSaturatedARoutineMessageIsTurnedAwayAndACrisisIsAlertedAtOnce() throws Exception {
        holdEveryRoutineSlot();
        double turnedAwayBefore =
                meters.get("bsc.intake.routine.turned.away").counter().count();

        String routineId = "routine-" + UUID.randomUUID();
        long started = System.nanoTime();
        Api.Response routine =
                api.post("portal", "/api/messages", post(routineId, "Could we move Thursday's session to 4pm?"));
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertThat(routine.status()).as(routine.body()).isEqualTo(503);
        assertThat(routine.contentType()).startsWith("application/problem+json");
        assertThat(routine.header("Retry-After")).isEqualTo("5");
        assertThat(routine.json().get("detail").asText()).contains("nothing was stored");
        assertThat(waited)
                .as("waited its turn for routine-wait first")
                .isGreaterThanOrEqualTo(intake.routineWait().toMillis());
        assertThat(stored(routineId)).isZero();
        assertThat(meters.get("bsc.intake.routine.turned.away").counter().count())
                .isEqualTo(turnedAwayBefore + 1);

        String crisisId = "crisis-" + UUID.randomUUID();
        started = System.nanoTime();
        Api.Response crisis = api.post(
                "portal",
                "/api/messages",
                post(crisisId, "I don't want to be alive anymore, I have the pills ready for tonight"));
        long crisisMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(crisis.status()).as(crisis.body()).isEqualTo(202);
        UUID id = UUID.fromString(crisis.json().get("id").asText());
        assertThat(alerts.findByMessageIdOrderByCreatedAtAsc(id))
                .as("alerted before the 202")
                .isNotEmpty();
        assertThat(crisisMillis)
                .as("did not wait in the routine queue")
                .isLessThan(intake.routineWait().toMillis());

        release.countDown();
        eventually(() -> assertThat(
                        api.post("portal", "/api/messages", post(routineId, "Could we move Thursday's session to 4pm?"))
                                .status())
                .as("the sender's retry is accepted")
                .isEqualTo(202));
    }
}
