package org.betweensessions.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.betweensessions.api.BusyException;
import org.springframework.stereotype.Component;

/**
 * A bulkhead between routine intake and everything else. At most {@code routineConcurrency} routine
 * messages are being stored at once; up to {@code routineQueue} more wait here (holding no database
 * connection and no CPU) for at most {@code routineWait}; beyond that a routine message gets a 503
 * with Retry-After at once (webhook senders retry; nothing was stored). Crisis messages never pass
 * through this gate, so a burst of routine traffic can neither make them queue for a database
 * connection nor take every web server thread: measured with the crisis benchmark, without the gate
 * 160 request threads waited for one of the pool's connections and crisis alerts queued behind them.
 */
@Component
class RoutineAdmission {

    private final Semaphore permits;
    private final Duration wait;
    private final int queue;
    private final Counter turnedAway;

    RoutineAdmission(IntakeProperties settings, MeterRegistry meters) {
        this.permits = new Semaphore(settings.routineConcurrency(), true);
        this.wait = settings.routineWait();
        this.queue = settings.routineQueue();
        this.turnedAway = Counter.builder("bsc.intake.routine.turned.away")
                .description("Routine messages answered 503 because intake was saturated")
                .register(meters);
        Gauge.builder("bsc.intake.routine.waiting", permits, Semaphore::getQueueLength)
                .description("Routine messages waiting for their turn to be stored")
                .register(meters);
    }

    private volatile boolean closed;

    /** Graceful stop: new routine messages get 503 (retry later); those admitted finish. */
    void close() {
        closed = true;
    }

    <T> T admit(Supplier<T> work) {
        if (closed) {
            turnedAway.increment();
            throw new BusyException("Shutting down; nothing was stored. Retry later.");
        }
        boolean admitted;
        try {
            admitted = permits.tryAcquire()
                    || (permits.getQueueLength() < queue && permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            turnedAway.increment();
            throw new BusyException("Too many messages at once; nothing was stored. Retry later.");
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
