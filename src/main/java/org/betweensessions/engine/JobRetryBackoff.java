package org.betweensessions.engine;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A worker that throws (the database is down, a downstream call timed out) fails its job with one
 * retry fewer <em>and a backoff</em>, doubling each time: {@code base, 2*base, 4*base, ...} up to
 * {@code max}. The starter's default retries at once, so a five-retry job would burn all its retries
 * within a second of a database restart and end as an incident. How many attempts failed before is
 * the retries the task declares in its diagram ({@link DeclaredRetries}) minus the retries the job has
 * left. With the default base of 10 s a job with retries="5" survives an outage of about 150 s, one
 * with retries="10" (the crisis steps) much longer, up to {@code max} between attempts; after that the
 * last failure leaves an incident in Operate, to be retried by an admin. BPMN errors and explicit
 * job errors from workers are handled as before.
 */
@Component
public class JobRetryBackoff implements JobExceptionHandlingStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(JobRetryBackoff.class);
    private final DefaultJobExceptionHandlingStrategy delegate;
    private final Duration base;
    private final Duration max;
    private final MeterRegistry meters;
    private final DeclaredRetries declared;

    public JobRetryBackoff(
            CommandExceptionHandlingStrategy commands,
            MetricsRecorder metrics,
            MeterRegistry meters,
            @Value("${bsc.jobs.retry-backoff:PT10S}") Duration base,
            @Value("${bsc.jobs.max-retry-backoff:PT5M}") Duration max,
            DeclaredRetries declared) {
        this.declared = declared;
        this.delegate = new DefaultJobExceptionHandlingStrategy(commands, metrics);
        this.meters = meters;
        this.base = base;
        this.max = max;
    }

    @Override
    public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
        if (exception instanceof CamundaError) {
            delegate.handleException(exception, context);
            return;
        }
        ActivatedJob job = context.job();
        int retriesLeft = Math.max(0, job.getRetries() - 1);
        // A task the bundled diagrams do not have (deployed from Modeler since): its first failure.
        int declaredRetries =
                declared.of(job.getBpmnProcessId(), job.getElementId()).orElse(job.getRetries());
        Duration backoff = backoff(declaredRetries, job.getRetries());
        // bsc_job_technical_failures_total{type, outcome=retry|incident}: an admin's early warning.
        meters.counter(
                        "bsc.job.technical.failures",
                        "type",
                        job.getType(),
                        "outcome",
                        retriesLeft > 0 ? "retry" : "incident")
                .increment();
        LOG.warn(
                "Job {} ({}) of instance {} failed, {} retries left, next attempt in {}: {}",
                job.getKey(),
                job.getType(),
                job.getProcessInstanceKey(),
                retriesLeft,
                backoff,
                exception.toString());
        delegate.handleException(
                CamundaError.jobError(describe(exception), null, retriesLeft, backoff, exception), context);
    }

    /**
     * The wait before the next attempt, for a job of a task declaring {@code declaredRetries} that had
     * {@code retries} left when it failed.
     */
    Duration backoff(int declaredRetries, int retries) {
        int failuresSoFar = Math.max(0, declaredRetries - retries);
        Duration d = base.multipliedBy(1L << Math.min(failuresSoFar, 16));
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Exception classes and messages only; workers never put message text into exceptions. */
    private static String describe(Exception e) {
        String text = e.toString();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            text += " (cause: " + root + ")";
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
