package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * The embedded default: a real Zeebe engine (the in-memory engine Camunda ships for process tests)
 * running inside the application, reached by the ordinary CamundaClient over gRPC. Its state lives in
 * memory only: running instances are gone after a restart.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bsc.engine.embedded", havingValue = "true")
class EmbeddedEngineConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngineConfiguration.class);

  /**
   * Started, and given {@code bpmn/} and {@code forms/}, on a background thread while the rest of the
   * application (Hibernate, Tomcat, security) starts on the main one; Spring waits for it before the
   * application is ready and the workers open.
   */
  @Bean(destroyMethod = "stop", bootstrap = Bean.Bootstrap.BACKGROUND)
  ZeebeTestEngine embeddedZeebeEngine(EngineProperties properties) {
    ZeebeTestEngine engine = EngineFactory.create(properties.port());
    engine.start();
    LOG.info("Embedded Zeebe engine listening on {} (in-memory: instances do not survive a restart)",
        engine.getGatewayAddress());
    deploy(engine);
    return engine;
  }

  private static void deploy(ZeebeTestEngine engine) {
    int port = Integer.parseInt(engine.getGatewayAddress().replaceAll(".*:", ""));
    try (CamundaClient client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://localhost:" + port))
        .preferRestOverGrpc(false)
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
      LOG.info("Deployed to the embedded engine: {} processes, {} decisions, {} forms",
          deployed.getProcesses().size(), deployed.getDecisionRequirements().size(),
          deployed.getForm().size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Bean
  EmbeddedUserTasks embeddedUserTasks(ObjectProvider<ZeebeTestEngine> engine) {
    return new EmbeddedUserTasks(engine::getObject);
  }
}
