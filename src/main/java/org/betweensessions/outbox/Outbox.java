package org.betweensessions.outbox;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.betweensessions.message.Channel;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outgoing client notifications. {@link #enqueue} is idempotent on its key: a worker that runs twice,
 * or a request that is retried, produces one notification. Delivery happens after commit, in
 * {@link OutboxDispatcher}.
 */
@Service
public class Outbox {

    private final OutboundNotificationRepository notifications;
    private final Clock clock;

    Outbox(OutboundNotificationRepository notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * @param idempotencyKey e.g. {@code consent-policy:<requestId>:v3}; the same key is the same
     *     notification
     * @param body the rendered text; stored encrypted, never logged or put into the engine
     */
    public record Notification(
            String idempotencyKey,
            Channel channel,
            UUID clientId,
            String templateKey,
            String language,
            String body,
            Recipient recipient) {

        /** To the client. */
        public Notification(
                String idempotencyKey,
                Channel channel,
                UUID clientId,
                String templateKey,
                String language,
                String body) {
            this(idempotencyKey, channel, clientId, templateKey, language, body, Recipient.CLIENT);
        }

        public Notification {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(templateKey, "templateKey");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(recipient, "recipient");
        }
    }

    /**
     * Who receives it: the client (at their address for the channel), or the client's emergency
     * contact (the delivery adapter reads that address from the emergency contact record).
     */
    public enum Recipient {
        CLIENT,
        EMERGENCY_CONTACT
    }

    public record Enqueued(OutboundNotification notification, boolean created) {}

    /** Joins the caller's transaction, so the notification commits with the change that caused it. */
    @Transactional(propagation = Propagation.REQUIRED)
    public Enqueued enqueue(Notification n) {
        var existing = notifications.findByIdempotencyKey(n.idempotencyKey());
        if (existing.isPresent()) {
            return new Enqueued(existing.get(), false);
        }
        // A concurrent enqueue of the same key fails on the unique constraint: the caller's transaction
        // rolls back and its job is retried, and the retry finds the existing row.
        return new Enqueued(
                notifications.saveAndFlush(new OutboundNotification(
                        n.idempotencyKey(),
                        n.channel(),
                        n.clientId(),
                        n.templateKey(),
                        n.language(),
                        n.body(),
                        n.recipient() == Recipient.CLIENT ? null : n.recipient().name(),
                        clock.instant())),
                true);
    }
}
