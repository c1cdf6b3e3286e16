package org.betweensessions.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production notifier (bsc.notifier.webhook-url) against a real HTTP endpoint standing in for a
 * pager/SMS/email gateway: what it posts, and that a refusing gateway fails the caller (so the job
 * retries and ends as an incident instead of a silently lost alert).
 */
class WebhookNotifierTest {

    private HttpServer gateway;
    private final LinkedBlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(204);

    @BeforeEach
    void startGateway() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/page", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    private Notifier notifier() {
        return new NotifierConfiguration()
                .notifier("http://127.0.0.1:" + gateway.getAddress().getPort() + "/page");
    }

    @Test
    void aCrisisAlertCarriesTheMessageIdAndNoText() throws Exception {
        UUID message = UUID.randomUUID();
        notifier().send(new StaffNotification("alex", "CRISIS", "HIGH", message));

        JsonNode body = new ObjectMapper().readTree(bodies.poll(5, TimeUnit.SECONDS));
        assertThat(body.get("recipient").asText()).isEqualTo("alex");
        assertThat(body.get("kind").asText()).isEqualTo("CRISIS");
        assertThat(body.get("level").asText()).isEqualTo("HIGH");
        assertThat(body.get("messageId").asText()).isEqualTo(message.toString());
        assertThat(body.get("count").isNull()).isTrue();
        assertThat(body.size()).as("ids and kinds only").isEqualTo(5);
    }

    @Test
    void theDailyDigestCarriesItsCountAndAJsonNullMessageId() throws Exception {
        notifier().send(new StaffNotification("blair", "SLA_DIGEST", "NORMAL", null, 3));

        JsonNode body = new ObjectMapper().readTree(bodies.poll(5, TimeUnit.SECONDS));
        assertThat(body.get("count").asInt()).isEqualTo(3);
        assertThat(body.get("messageId").isNull())
                .as("JSON null, not the string \"null\"")
                .isTrue();
    }

    @Test
    void aUsernameWithQuotesStillMakesValidJson() throws Exception {
        notifier().send(new StaffNotification("o\"brien\\x", "SLA_REMINDER", "NORMAL", UUID.randomUUID()));

        JsonNode body = new ObjectMapper().readTree(bodies.poll(5, TimeUnit.SECONDS));
        assertThat(body.get("recipient").asText()).isEqualTo("o\"brien\\x");
    }

    @Test
    void aRefusingGatewayFailsTheCaller() {
        status.set(503);
        assertThatThrownBy(() -> notifier().send(new StaffNotification("alex", "CRISIS", "HIGH", UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("503");
    }
}
