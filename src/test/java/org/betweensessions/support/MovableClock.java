package org.betweensessions.support;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * The application clock of the test stack: system time plus an offset, like the in-memory engine's
 * clock. Tests that move the engine clock ({@code engine.increaseTime}) move this one by the same
 * amount, so due times computed by the application and timers fired by the engine agree. Every
 * EmbeddedStackTest context has one (same context configuration, so contexts are still shared);
 * unless a test moves it, it is the system clock.
 */
public class MovableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the application clock is UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /**
     * With {@code -Dbsc.test.clock=2026-12-31T22:00:00Z} the whole suite runs as if it were that
     * moment: the application clock and the in-memory engine's clock both start there (a weekend, a
     * holiday, a DST change, the last day of a year). The engine's clock only moves forward, so the
     * moment must lie ahead of now.
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        MovableClock movableClock(@Value("${bsc.test.clock:}") String start) {
            MovableClock clock = new MovableClock();
            if (!start.isBlank()) {
                Duration ahead = Duration.between(Instant.now(), Instant.parse(start));
                if (ahead.isNegative()) {
                    throw new IllegalArgumentException("bsc.test.clock " + start + " is in the past; the"
                            + " in-memory engine's clock only moves forward: choose a moment ahead of now");
                }
                clock.advance(ahead);
            }
            return clock;
        }

        /**
         * Moves the engine's clock to the application's once the context is refreshed (the engine
         * starts in the background, so the clock bean cannot wait for it).
         */
        @Bean
        ApplicationListener<ContextRefreshedEvent> engineClockAlignment(
                MovableClock clock, ObjectProvider<ZeebeTestEngine> engine) {
            AtomicBoolean done = new AtomicBoolean();
            return event -> {
                Duration ahead = clock.offset.get();
                if (!ahead.isZero() && done.compareAndSet(false, true)) {
                    engine.getObject().increaseTime(ahead);
                }
            };
        }
    }
}
