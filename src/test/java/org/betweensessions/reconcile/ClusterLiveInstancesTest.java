package org.betweensessions.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.camunda.client.CamundaClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.betweensessions.engine.ClusterLiveInstances;
import org.junit.jupiter.api.Test;

/**
 * The cluster path of reconciliation against a stand-in for the orchestration cluster's REST API
 * (no cluster runs here): the real CamundaClient posts process instance searches; the stand-in
 * answers as a cluster would, knowing only the instances it was given as active (an instance
 * cancelled in Operate is not ACTIVE).
 */
class ClusterLiveInstancesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void asksForActiveInstancesByKeyAHundredAtATime() throws Exception {
        Set<Long> activeOnCluster = Set.of(5L, 150L);
        List<JsonNode> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/process-instances/search", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            List<String> items = new ArrayList<>();
            for (JsonNode key :
                    request.path("filter").path("processInstanceKey").path("$in")) {
                if (activeOnCluster.contains(key.asLong())) {
                    items.add("{\"processInstanceKey\":\"" + key.asText() + "\",\"state\":\"ACTIVE\","
                            + "\"processDefinitionId\":\"message-triage\"}");
                }
            }
            byte[] body = ("{\"items\":[" + String.join(",", items) + "],\"page\":{\"totalItems\":" + items.size()
                            + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI address = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (CamundaClient client = CamundaClient.newClientBuilder()
                .restAddress(address)
                .grpcAddress(address)
                .preferRestOverGrpc(true)
                .build()) {
            List<Long> keys = LongStream.rangeClosed(1, 180).boxed().toList();

            Set<Long> active = new ClusterLiveInstances(client).activeAmong(keys);

            assertThat(active).containsExactlyInAnyOrder(5L, 150L);
            assertThat(requests).hasSize(2);
            assertThat(requests.getFirst().path("filter").path("state").toString())
                    .contains("ACTIVE");
            assertThat(requests.getFirst()
                            .path("filter")
                            .path("processInstanceKey")
                            .path("$in"))
                    .hasSize(100);
            assertThat(new ClusterLiveInstances(client).startedEmpty()).isFalse();
        } finally {
            server.stop(0);
        }
    }
}
