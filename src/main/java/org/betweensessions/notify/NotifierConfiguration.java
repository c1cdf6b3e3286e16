package org.betweensessions.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotifierConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("org.betweensessions.ALERTS");

    @Bean
    Notifier notifier(@Value("${bsc.notifier.webhook-url:}") String webhookUrl) {
        if (webhookUrl.isBlank()) {
            return n -> LOG.warn(
                    "ALERT {} {} for {} about message {} (count {}) (log notifier: "
                            + "configure bsc.notifier.webhook-url to page people)",
                    n.level(),
                    n.kind(),
                    n.recipient(),
                    n.messageId(),
                    n.count());
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI target = URI.create(webhookUrl);
        return n -> {
            String json = json(n);
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(target)
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException("Notification gateway answered " + response.statusCode());
                }
            } catch (IOException e) {
                throw new IllegalStateException("Notification gateway unreachable", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while notifying", e);
            }
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The body posted to the pager/SMS/email gateway: ids and kinds only. A summary (the daily digest)
     * has no message id ({@code null}) and a count; a notification about one message has no count.
     */
    static String json(StaffNotification n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write notification", e);
        }
    }
}
