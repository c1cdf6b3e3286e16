package org.betweensessions.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
   * Started on a background thread while the rest of the application (Hibernate, Tomcat, security)
   * starts on the main one; Spring waits for it before the client deploys and the workers open.
   */
  @Bean(destroyMethod = "stop", bootstrap = Bean.Bootstrap.BACKGROUND)
  ZeebeTestEngine embeddedZeebeEngine(EngineProperties properties) {
    ZeebeTestEngine engine = EngineFactory.create(properties.port());
    engine.start();
    LOG.info("Embedded Zeebe engine listening on {} (in-memory: instances do not survive a restart)",
        engine.getGatewayAddress());
    return engine;
  }

  @Bean
  EmbeddedUserTasks embeddedUserTasks(ObjectProvider<ZeebeTestEngine> engine) {
    return new EmbeddedUserTasks(engine::getObject);
  }
}
