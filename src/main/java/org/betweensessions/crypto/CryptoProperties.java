package org.betweensessions.crypto;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for encryption at rest.
 *
 * @param activeKeyId the key new ciphertext is written with; older keys stay listed to read old rows
 * @param keys key id to base64-encoded 256-bit AES key
 * @param devKeyFile embedded default only: where a generated development key is kept so that data
 *     survives restarts. Never set in production: there a missing key stops the application.
 */
@ConfigurationProperties("bsc.crypto")
public record CryptoProperties(String activeKeyId, Map<String, String> keys, String devKeyFile) {

    public CryptoProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }
}
