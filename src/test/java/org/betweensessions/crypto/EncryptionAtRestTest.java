package org.betweensessions.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class EncryptionAtRestTest extends EmbeddedStackTest {

    @Autowired
    MessageService service;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MessageCipher cipher;

    @Test
    void theRawBodyColumnHoldsCiphertextOnly() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String body = "I keep thinking about what happened at work " + UUID.randomUUID();
        UUID id = service.accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL, "enc-" + UUID.randomUUID(), client.getId(), body))
                .message()
                .getId();

        String raw = jdbc.queryForObject("select body_enc from message where id = ?", String.class, id.toString());

        assertThat(raw)
                .startsWith("v1:" + cipher.activeKeyId() + ":")
                .doesNotContain(body)
                .doesNotContain("what happened");
        assertThat(cipher.decrypt(raw)).isEqualTo(body);
        assertThat(messages.findById(id).orElseThrow().getBody()).isEqualTo(body);

        String rawName = jdbc.queryForObject(
                "select display_name_enc from client where id = ?",
                String.class,
                client.getId().toString());
        assertThat(rawName).startsWith("v1:").doesNotContain(client.getDisplayName());
    }

    @Test
    void sameTextEncryptsDifferentlyEachTimeAndTamperingIsDetected() {
        String a = cipher.encrypt("same words");
        String b = cipher.encrypt("same words");
        assertThat(a).isNotEqualTo(b);

        String[] parts = a.split(":", 3);
        byte[] bytes = Base64.getDecoder().decode(parts[2]);
        bytes[bytes.length - 1] ^= 1;
        String tampered = parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotatedKeysStillReadOldRowsAndNoKeyMeansNoStart() {
        String k1 = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] second = new byte[32];
        second[0] = 7;
        String k2 = Base64.getEncoder().encodeToString(second);
        MessageCipher old = new MessageCipher(new CryptoProperties("k1", Map.of("k1", k1), null));
        String written = old.encrypt("before the rotation");
        MessageCipher rotated = new MessageCipher(new CryptoProperties("k2", Map.of("k1", k1, "k2", k2), null));

        assertThat(rotated.decrypt(written)).isEqualTo("before the rotation");
        assertThat(rotated.encrypt("after")).startsWith("v1:k2:");
        assertThatThrownBy(() -> new MessageCipher(new CryptoProperties(null, Map.of(), null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No encryption key");
    }
}
