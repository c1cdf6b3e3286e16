package org.betweensessions.inbox;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful stop (SIGTERM), intake side. Runs after the web server has finished the requests it had
 * (server.shutdown=graceful) and stopped: routine admission takes nothing more (503, retry later),
 * and the triage publisher hands what is queued to the engine for up to 10 s. Nothing accepted is
 * lost either way: every 202 was committed first, and a message not yet handed over keeps an empty
 * published_at and is published after the next start.
 */
@Component
class IntakeStop implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeStop.class);
    /** After the web server's graceful shutdown (DEFAULT_PHASE - 1024) and its stop (- 2048). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    private static final Duration PUBLISH_WITHIN = Duration.ofSeconds(10);

    private final RoutineAdmission admission;
    private final TriagePublisher publisher;
    private volatile boolean running;

    IntakeStop(RoutineAdmission admission, TriagePublisher publisher) {
        this.admission = admission;
        this.publisher = publisher;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        admission.close();
        int queued = publisher.inFlight();
        int left = publisher.drain(PUBLISH_WITHIN);
        LOG.info(
                "Graceful stop: intake closed; {} message(s) were being handed to the engine, {} left "
                        + "for the next start (stored, published then)",
                queued,
                left);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
