package org.betweensessions.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code bsc.engine.port=0} (tests), picks a free port before any bean exists, so the embedded
 * engine and the CamundaClient's gRPC address agree on it.
 */
public class FreePortEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
        if (!env.getProperty("bsc.engine.embedded", Boolean.class, false)
                || env.getProperty("bsc.engine.port", Integer.class, 26500) != 0) {
            return;
        }
        int port = freePort();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "embeddedEnginePort",
                        Map.of("bsc.engine.port", port, "camunda.client.grpc-address", "http://localhost:" + port)));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
