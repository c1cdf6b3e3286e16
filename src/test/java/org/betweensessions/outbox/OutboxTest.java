package org.betweensessions.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.message.Channel;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The outbox against MariaDB: one notification per key, encrypted at rest, delivered after commit. */
class OutboxTest extends EmbeddedStackTest {

    @Autowired
    Outbox outbox;

    @Autowired
    OutboundNotificationRepository notifications;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void enqueueIsIdempotentOnItsKeyEncryptedAndDelivered() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String key = "test:" + UUID.randomUUID();
        String body = "Your appointment moved to Thursday " + UUID.randomUUID();
        Outbox.Notification n =
                new Outbox.Notification(key, Channel.PORTAL, client.getId(), "test.template", "en", body);

        Outbox.Enqueued first = outbox.enqueue(n);
        Outbox.Enqueued second = outbox.enqueue(n);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.notification().getId()).isEqualTo(first.notification().getId());
        String stored = jdbc.queryForObject("select body_enc from outbox where idempotency_key = ?", String.class, key);
        assertThat(stored).startsWith("v1:").doesNotContain("Thursday");
        OutboundNotification sent = await().atMost(WAIT)
                .until(
                        () -> notifications.findByIdempotencyKey(key).orElseThrow(),
                        x -> x.getStatus() == OutboundNotification.Status.SENT);
        assertThat(sent.getBody()).isEqualTo(body);
        assertThat(sent.getSentAt()).isNotNull();
    }
}
