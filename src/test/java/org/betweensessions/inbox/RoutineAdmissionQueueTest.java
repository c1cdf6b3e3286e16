package org.betweensessions.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.betweensessions.api.BusyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The routine-intake bulkhead on its own: slots, waiting places, the wait, and release on failure. */
class RoutineAdmissionQueueTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ExecutorService threads = Executors.newCachedThreadPool();
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    Future<Boolean> hold(RoutineAdmission admission, CountDownLatch admitted) {
        return threads.submit(() -> admission.admit(() -> {
            admitted.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    double waiting() {
        return meters.get("bsc.intake.routine.waiting").gauge().value();
    }

    @Test
    void atMostTheConfiguredNumberRunAndAtMostTheQueueWaits() throws Exception {
        RoutineAdmission admission =
                new RoutineAdmission(new IntakeProperties(2, 3, Duration.ofSeconds(30), null, null), meters);
        CountDownLatch admitted = new CountDownLatch(2);
        hold(admission, admitted);
        hold(admission, admitted);
        assertThat(admitted.await(5, TimeUnit.SECONDS)).isTrue();

        CountDownLatch later = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            hold(admission, later);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (waiting() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(waiting()).isEqualTo(3.0);
        assertThat(later.getCount()).as("waiting, not running").isEqualTo(3);

        long started = System.nanoTime();
        assertThatThrownBy(() -> admission.admit(() -> "one too many"))
                .isInstanceOf(BusyException.class)
                .hasMessageContaining("nothing was stored");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("turned away at once")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(meters.get("bsc.intake.routine.turned.away").counter().count())
                .isEqualTo(1.0);

        release.countDown();
        assertThat(later.await(5, TimeUnit.SECONDS))
                .as("the waiting ones ran in turn")
                .isTrue();
        assertThat(admission.admit(() -> "free again")).isEqualTo("free again");
    }

    @Test
    void aSlotIsReturnedWhenTheWorkFails() {
        RoutineAdmission admission =
                new RoutineAdmission(new IntakeProperties(1, 0, Duration.ofMillis(100), null, null), meters);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> admission.admit(() -> {
                        ran.incrementAndGet();
                        throw new IllegalStateException("storage failed");
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(ran).hasValue(3);
        assertThat(admission.admit(() -> "still admits")).isEqualTo("still admits");
    }

    @Test
    void nonsenseSettingsStopTheStart() {
        assertThatThrownBy(() -> new IntakeProperties(0, 1, Duration.ofSeconds(1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bsc.intake.routine-concurrency");
    }
}
