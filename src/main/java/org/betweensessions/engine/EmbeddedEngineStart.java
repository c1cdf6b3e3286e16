package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

/**
 * Starts the embedded engine, and gives it {@code bpmn/} and {@code forms/}, on its own thread from
 * the moment the application context exists (logging is configured by then), so the engine's few
 * seconds overlap with everything the main thread does (MariaDB, Flyway, Hibernate, security, Tomcat).
 * The {@code embeddedZeebeEngine} bean then only waits for it. Registered in spring.factories; does
 * nothing unless {@code bsc.engine.embedded=true}.
 */
public class EmbeddedEngineStart implements ApplicationListener<SpringApplicationEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngineStart.class);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(120);
    /** By gRPC port: tests run several application contexts, each with its own engine. */
    private static final Map<Integer, CompletableFuture<ZeebeTestEngine>> STARTING = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationContextInitializedEvent initialized) {
            Environment env = initialized.getApplicationContext().getEnvironment();
            if (env.getProperty("bsc.engine.embedded", Boolean.class, false)) {
                int port = env.getProperty("bsc.engine.port", Integer.class, 26500);
                STARTING.computeIfAbsent(port, EmbeddedEngineStart::begin);
            }
        } else if (event instanceof ApplicationFailedEvent failed && failed.getApplicationContext() != null) {
            // The context never got to the bean: stop the engine it would have owned.
            Integer port =
                    failed.getApplicationContext().getEnvironment().getProperty("bsc.engine.port", Integer.class);
            CompletableFuture<ZeebeTestEngine> starting = port == null ? null : STARTING.remove(port);
            if (starting != null) {
                starting.thenAccept(ZeebeTestEngine::stop);
            }
        }
    }

    /** The engine started for {@code port}, started now if nothing began it early. */
    static ZeebeTestEngine engine(int port) {
        CompletableFuture<ZeebeTestEngine> starting = STARTING.remove(port);
        // Not started early (no context event): start it now, the same way.
        return (starting != null ? starting : begin(port)).join();
    }

    /** On a thread of its own; every thread the engine creates inherits its background priority. */
    private static CompletableFuture<ZeebeTestEngine> begin(int port) {
        ThreadFactory thread = BackgroundPriority.threads("embedded-engine-start", false);
        return CompletableFuture.supplyAsync(
                () -> startAndDeploy(port),
                runnable -> thread.newThread(runnable).start());
    }

    private static ZeebeTestEngine startAndDeploy(int port) {
        ZeebeTestEngine engine = EngineFactory.create(port);
        engine.start();
        LOG.info(
                "Embedded Zeebe engine listening on {} (in-memory: instances do not survive a restart; jobs"
                        + " are pushed to workers through the common pool, {} threads)",
                engine.getGatewayAddress(),
                java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        try {
            deploy(port);
        } catch (RuntimeException e) {
            engine.stop();
            throw e;
        }
        return engine;
    }

    private static void deploy(int port) {
        try (CamundaClient client = CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://localhost:" + port))
                .preferRestOverGrpc(false)
                // The client's default of 10 s is too short on a loaded 2-core machine: the engine parses
                // every BPMN, DMN and form on its first deployment (seen at 10+ s with other builds
                // running; the start then failed, so a restart after a crash never became healthy).
                .defaultRequestTimeout(DEPLOY_TIMEOUT)
                .build()) {
            DeployResourceCommandStep2 command = null;
            for (Resource resource : ProcessResources.all()) {
                byte[] content = resource.getContentAsByteArray();
                command = command == null
                        ? client.newDeployResourceCommand().addResourceBytes(content, resource.getFilename())
                        : command.addResourceBytes(content, resource.getFilename());
            }
            if (command == null) {
                throw new IllegalStateException("Nothing to deploy: no bpmn/ or forms/ on the classpath");
            }
            DeploymentEvent deployed = command.send().join();
            LOG.info(
                    "Deployed to the embedded engine: {} processes, {} decisions, {} forms",
                    deployed.getProcesses().size(),
                    deployed.getDecisionRequirements().size(),
                    deployed.getForm().size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
