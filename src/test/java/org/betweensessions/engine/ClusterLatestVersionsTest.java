package org.betweensessions.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the deployment rule asks a cluster (ClusterDeployment.latestVersions): the Orchestration
 * Cluster REST search for the latest process / decision requirements version, against a local HTTP
 * endpoint that answers as the 8.8 REST API does (the in-memory engine has no REST API).
 */
class ClusterLatestVersionsTest {

    private HttpServer server;
    private CamundaClient client;
    private final Map<String, String> requests = new ConcurrentHashMap<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.put(exchange.getRequestURI().getPath(), body);
            String answer;
            if (status != 200) {
                answer = "{\"type\":\"about:blank\",\"title\":\"FORBIDDEN\",\"status\":" + status
                        + ",\"detail\":\"no permission\"}";
            } else if (body.contains("message-triage")) {
                answer = "{\"items\":[{\"processDefinitionKey\":\"2251799813685249\","
                        + "\"processDefinitionId\":\"message-triage\",\"name\":\"Message triage\","
                        + "\"resourceName\":\"message-triage.bpmn\",\"version\":3,\"tenantId\":\"<default>\","
                        + "\"hasStartForm\":false}],\"page\":{\"totalItems\":1}}";
            } else if (body.contains("message-route")) {
                answer = "{\"items\":[{\"decisionRequirementsKey\":\"2251799813685250\","
                        + "\"decisionRequirementsId\":\"message-route\",\"decisionRequirementsName\":\"Route\","
                        + "\"resourceName\":\"message-route.dmn\",\"version\":7,\"tenantId\":\"<default>\"}],"
                        + "\"page\":{\"totalItems\":1}}";
            } else {
                answer = "{\"items\":[],\"page\":{\"totalItems\":0}}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = CamundaClient.newClientBuilder()
                .restAddress(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .grpcAddress(URI.create("http://127.0.0.1:1"))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void asksForTheLatestVersionOfEachDefinition() {
        var latest = ClusterDeployment.latestVersions(client);
        assertThat(latest.of("process", "message-triage")).hasValue(3);
        assertThat(requests.get("/v2/process-definitions/search"))
                .contains("\"processDefinitionId\"", "message-triage", "\"version\"", "DESC")
                .contains("\"limit\":1");
        assertThat(latest.of("drd", "message-route")).hasValue(7);
        assertThat(requests.get("/v2/decision-requirements/search"))
                .contains("\"decisionRequirementsId\"", "message-route", "DESC");
        assertThat(latest.of("process", "never-deployed")).isEmpty();
        // Forms cannot be searched in 8.8: counted as present, so an unchanged form is left alone.
        assertThat(latest.of("form", "respond-to-client-message")).isPresent();
        assertThat(requests.keySet())
                .containsExactlyInAnyOrder("/v2/process-definitions/search", "/v2/decision-requirements/search");
    }

    @Test
    void aRefusedSearchIsAnError() {
        // BundledDeployment then assumes the cluster holds something newer (BundledDeploymentTest).
        status = 403;
        assertThatThrownBy(() -> ClusterDeployment.latestVersions(client).of("process", "message-triage"))
                .isInstanceOf(RuntimeException.class);
    }
}
