package org.betweensessions.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import org.springframework.beans.factory.ObjectProvider;
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

    /**
     * Started, and given {@code bpmn/} and {@code forms/}, on its own thread since the context was
     * initialized ({@link EmbeddedEngineStart}); this bean waits for it on a background thread, and
     * Spring waits for the bean before the application is ready and the workers open.
     */
    @Bean(destroyMethod = "stop", bootstrap = Bean.Bootstrap.BACKGROUND)
    ZeebeTestEngine embeddedZeebeEngine(EngineProperties properties) {
        return EmbeddedEngineStart.engine(properties.port());
    }

    @Bean
    EmbeddedLiveInstances embeddedLiveInstances(ObjectProvider<ZeebeTestEngine> engine) {
        return new EmbeddedLiveInstances(engine::getObject);
    }

    @Bean
    EmbeddedUserTasks embeddedUserTasks(ObjectProvider<ZeebeTestEngine> engine) {
        return new EmbeddedUserTasks(engine::getObject);
    }
}
