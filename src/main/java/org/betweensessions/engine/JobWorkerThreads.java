package org.betweensessions.engine;

import io.camunda.client.jobhandling.CamundaClientExecutorService;
import io.camunda.client.spring.properties.CamundaClientProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job workers' threads: as many as {@code camunda.client.execution-threads}, as Camunda's own
 * default would make them, but at background priority ({@link BackgroundPriority}) and named
 * {@code job-worker-N} so a thread dump says what they are.
 */
@Configuration(proxyBeanMethods = false)
class JobWorkerThreads {

  @Bean
  CamundaClientExecutorService camundaClientThreadPool(CamundaClientProperties properties,
      MeterRegistry meters) {
    ScheduledExecutorService threads = Executors.newScheduledThreadPool(
        properties.getExecutionThreads(), BackgroundPriority.threads("job-worker", true));
    new ExecutorServiceMetrics(threads, "camundaClientExecutor",
        List.of(io.micrometer.core.instrument.Tag.of("name", "zeebe_client_thread_pool")))
        .bindTo(meters);
    return new CamundaClientExecutorService(threads, true);
  }
}
