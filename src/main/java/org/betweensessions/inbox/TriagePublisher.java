package org.betweensessions.inbox;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.betweensessions.engine.BackgroundPriority;
import org.betweensessions.engine.EngineMessages;
import org.betweensessions.engine.EngineMessages.EngineMessage;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.process.ProcessIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands stored messages to the engine. The database is the source of truth: a message is committed
 * before it is published, and any message still RECEIVED (the engine was unreachable, or the app died
 * between commit and publish: published_at still empty) is published again by
 * {@link #publishPending()}. The engine makes the
 * retry safe: the message id is the Zeebe message id and correlation key, so one message starts one
 * triage instance however often it is published.
 */
@Component
public class TriagePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(TriagePublisher.class);
    private static final Duration MESSAGE_TTL = Duration.ofHours(1);
    private static final Duration PENDING_GRACE = Duration.ofSeconds(5);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    private static final int PENDING_BATCH = 100;

    private final EngineMessages engine;
    private final MessageRepository messages;
    private final TransactionTemplate tx;
    private final Clock clock;
    /**
     * Publishing happens off the request thread: a slow or unreachable engine must not slow the
     * webhook down. When the queue is full the message simply waits for {@link #publishPending()}.
     */
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(
            4,
            4,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            BackgroundPriority.threads("triage-publisher", true));
    /**
     * Messages queued or being published right now. {@link #publishPending()} skips them: under a
     * backlog it used to publish again, one by one, messages still waiting in the queue above, each a
     * second command the engine had to refuse while it was already behind.
     */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    TriagePublisher(EngineMessages engine, MessageRepository messages, TransactionTemplate tx, Clock clock) {
        this.engine = engine;
        this.messages = messages;
        this.tx = tx;
        this.clock = clock;
    }

    /** Hands the (already committed) message to the engine in the background. */
    public void publishSoon(UUID messageId) {
        if (!inFlight.add(messageId)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    publish(messageId);
                } finally {
                    inFlight.remove(messageId);
                }
            });
        } catch (RejectedExecutionException full) {
            // Queue full or shutting down: the message is stored; publishPending hands it over later.
            inFlight.remove(messageId);
        }
    }

    /** How many messages are queued for, or being handed to, the engine right now. */
    int inFlight() {
        return inFlight.size();
    }

    /**
     * Graceful stop: takes no new work and lets what is queued be handed to the engine for up to
     * {@code within}; what is left stays stored with no published_at and is published after the next
     * start ({@link #publishPending()}). Returns how many were left.
     */
    int drain(Duration within) {
        executor.shutdown();
        try {
            executor.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return executor.shutdownNow().size();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Returns false when the engine could not be reached; the message stays RECEIVED for a retry. */
    public boolean publish(UUID messageId) {
        if (!engine.publish(
                new EngineMessage(
                        ProcessIds.INBOUND_MESSAGE_RECEIVED,
                        messageId.toString(),
                        messageId.toString(),
                        MESSAGE_TTL,
                        Map.of("messageId", messageId.toString())),
                PUBLISH_TIMEOUT)) {
            return false;
        }
        // Targeted updates, not a loaded entity: a worker may be changing the same row right now.
        tx.executeWithoutResult(s -> messages.markHandedToEngine(messageId, clock.instant()));
        return true;
    }

    @Scheduled(fixedDelayString = "${bsc.triage.republish-interval:PT10S}")
    public void publishPending() {
        var pending = new ArrayList<>(
                messages.findUnpublished(clock.instant().minus(PENDING_GRACE), PageRequest.ofSize(PENDING_BATCH)));
        pending.removeIf(inFlight::contains);
        if (!pending.isEmpty()) {
            LOG.info("{} stored message(s) not yet handed to the engine; publishing again", pending.size());
        }
        for (UUID id : pending) {
            if (!inFlight.add(id)) {
                continue;
            }
            try {
                if (!publish(id)) {
                    return;
                }
            } finally {
                inFlight.remove(id);
            }
        }
    }
}
