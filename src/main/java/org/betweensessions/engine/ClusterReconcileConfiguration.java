package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Against a cluster, live instances come from the orchestration cluster's REST API. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bsc.engine.embedded", havingValue = "false", matchIfMissing = true)
class ClusterReconcileConfiguration {

    @Bean
    ClusterLiveInstances clusterLiveInstances(CamundaClient client) {
        return new ClusterLiveInstances(client);
    }
}
