package org.betweensessions.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Channel integrations (users with role INTEGRATION) and how their webhooks are authenticated on top
 * of their login: {@code bsc.integrations.<username>.webhook-secret} and
 * {@code bsc.integrations.<username>.require-signature}.
 *
 * @param integrations per integration username
 * @param webhookTolerance how far a signed timestamp may be from the server's clock (default 5 min)
 */
@ConfigurationProperties("bsc")
public record IntegrationProperties(Map<String, Integration> integrations, Duration webhookTolerance) {

    public IntegrationProperties {
        integrations = integrations == null ? Map.of() : Map.copyOf(integrations);
        webhookTolerance = webhookTolerance == null ? Duration.ofMinutes(5) : webhookTolerance;
    }

    /**
     * @param webhookSecret shared secret for {@code X-BSC-Signature}; when set, a signature that is sent
     *     is always checked
     * @param requireSignature refuse unsigned webhooks from this integration (production: true)
     */
    public record Integration(String webhookSecret, boolean requireSignature) {}
}
