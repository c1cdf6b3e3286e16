package org.betweensessions.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The routine-intake bulkhead ({@link RoutineAdmission}).
 *
 * @param routineConcurrency routine messages stored at the same time (default 8); keep it well below
 *     spring.datasource.hikari.maximum-pool-size so crises, workers and staff find a connection
 * @param routineQueue routine messages that may wait for their turn (default 32); one more is
 *     answered 503 at once. Each waiting message holds a web server thread, and crisis messages
 *     need free ones.
 * @param routineWait how long a routine message may wait for its turn before a 503 (default 2 s)
 * @param maxDeliveryDelay how long after a message was received a channel may still deliver it
 *     (default P90D: a portal that queued messages through an outage still delivers them, late and
 *     overdue, rather than losing them); an older {@code receivedAt} is a 400
 * @param clockSkew how far ahead of our clock a sender's {@code receivedAt} may be (default PT5M);
 *     further ahead is a 400
 */
@ConfigurationProperties("bsc.intake")
public record IntakeProperties(
        Integer routineConcurrency,
        Integer routineQueue,
        Duration routineWait,
        Duration maxDeliveryDelay,
        Duration clockSkew) {

    public IntakeProperties {
        maxDeliveryDelay = maxDeliveryDelay == null ? Duration.ofDays(90) : maxDeliveryDelay;
        clockSkew = clockSkew == null ? Duration.ofMinutes(5) : clockSkew;
        routineConcurrency = routineConcurrency == null ? 8 : routineConcurrency;
        routineQueue = routineQueue == null ? 32 : routineQueue;
        routineWait = routineWait == null ? Duration.ofSeconds(2) : routineWait;
        if (routineConcurrency < 1) {
            throw new IllegalArgumentException("bsc.intake.routine-concurrency must be at least 1");
        }
        if (routineQueue < 0 || routineWait.isNegative()) {
            throw new IllegalArgumentException(
                    "bsc.intake.routine-queue and bsc.intake.routine-wait must not be negative");
        }
    }
}
