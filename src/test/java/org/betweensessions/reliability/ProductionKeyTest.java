package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.betweensessions.crypto.CryptoProperties;
import org.betweensessions.crypto.MessageCipher;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Issue 6, part 3: with the production profile (application.yml + application-production.yml as
 * shipped) and no key, the application does not start, and says which properties to set.
 */
class ProductionKeyTest {

    /** Not a @Configuration (component scanning would pick it up in the other tests' contexts). */
    @EnableConfigurationProperties(CryptoProperties.class)
    static class CipherOnly {}

    private static SpringApplicationBuilder production() {
        return new SpringApplicationBuilder(CipherOnly.class, MessageCipher.class)
                .profiles("production")
                .web(WebApplicationType.NONE)
                .logStartupInfo(false);
    }

    @Test
    void productionRefusesToStartWithoutAKey() {
        assertThatThrownBy(() -> production().run().close())
                .rootCause()
                .hasMessageContaining("No encryption key configured")
                .hasMessageContaining("bsc.crypto.active-key-id");

        String key = Base64.getEncoder().encodeToString(new byte[32]);
        try (var started = production().run("--bsc.crypto.active-key-id=k1", "--bsc.crypto.keys.k1=" + key)) {
            assertThat(started.getBean(MessageCipher.class).activeKeyId()).isEqualTo("k1");
        }
    }
}
