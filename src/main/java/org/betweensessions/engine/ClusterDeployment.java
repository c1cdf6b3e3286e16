package org.betweensessions.engine;

import io.camunda.client.annotation.Deployment;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;

/** Against a cluster, Camunda's client deploys {@code bpmn/} and {@code forms/} at start-up. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bsc.engine.embedded", havingValue = "false", matchIfMissing = true)
@Deployment(resources = {ProcessResources.BPMN, ProcessResources.DMN, ProcessResources.FORMS})
class ClusterDeployment {}
