package org.betweensessions.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the process engine runs.
 *
 * @param embedded start an in-memory Zeebe engine inside the application (demo and tests; state is
 *     lost on restart). False in production, where the application talks to a Camunda 8.8 cluster.
 * @param port gRPC port of the embedded engine; 0 picks a free port (tests).
 */
@ConfigurationProperties("bsc.engine")
public record EngineProperties(boolean embedded, int port) {}
