package org.betweensessions.engine;

import io.camunda.client.jobhandling.CamundaClientExecutorService;
import io.camunda.client.spring.properties.CamundaClientProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job workers' threads: as many as {@code camunda.client.execution-threads}, as Camunda's own
 * default would make them, but at background priority ({@link BackgroundPriority}) and named
 * {@code job-worker-N} so a thread dump says what they are.
 *
 * <p>Graceful stop: the Camunda client closes its job workers first (its lifecycle bean stops in
 * the first phase: no new jobs are activated); {@link Drain} then waits, after the web server has
 * stopped, until the jobs already running have finished (up to 20 s), so none is cut off in the
 * middle of its transaction when the datasource and the database close afterwards. A job still
 * running then is not lost: the engine times it out and hands it to a worker again (every worker
 * is idempotent), or reconciliation rebuilds its instance at the next start.
 */
@Configuration(proxyBeanMethods = false)
class JobWorkerThreads {

    /** Not a ScheduledExecutorService bean: Boot would take it for the @Scheduled scheduler. */
    @Bean
    Drain jobWorkerDrain(CamundaClientProperties properties) {
        return new Drain((ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(
                properties.getExecutionThreads(), BackgroundPriority.threads("job-worker", true)));
    }

    @Bean
    CamundaClientExecutorService camundaClientThreadPool(Drain drain, MeterRegistry meters) {
        new ExecutorServiceMetrics(
                        drain.threads, "camundaClientExecutor", List.of(Tag.of("name", "zeebe_client_thread_pool")))
                .bindTo(meters);
        return new CamundaClientExecutorService(drain.threads, true);
    }

    static final class Drain implements SmartLifecycle {

        private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
        private static final Duration WITHIN = Duration.ofSeconds(20);

        final ScheduledThreadPoolExecutor threads;
        private volatile boolean running;

        Drain(ScheduledThreadPoolExecutor threads) {
            this.threads = threads;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            int busy = threads.getActiveCount();
            long deadline = System.nanoTime() + WITHIN.toNanos();
            while (threads.getActiveCount() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            LOG.info(
                    "Graceful stop: job workers closed; {} job(s) were running, {} still running after "
                            + "the wait (the engine hands those out again)",
                    busy,
                    threads.getActiveCount());
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** With the intake's stop, after the web server stopped. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 3072;
        }
    }
}
