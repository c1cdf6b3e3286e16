package org.betweensessions.outbox;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Delivers pending notifications after they are committed; a failed delivery is retried later. */
@Component
class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int MAX_ATTEMPTS = 10;

    private final OutboundNotificationRepository notifications;
    private final OutboxDelivery delivery;
    private final TransactionTemplate tx;
    private final Clock clock;

    OutboxDispatcher(
            OutboundNotificationRepository notifications,
            OutboxDelivery delivery,
            TransactionTemplate tx,
            Clock clock) {
        this.notifications = notifications;
        this.delivery = delivery;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${bsc.outbox.dispatch-interval:PT2S}")
    void dispatchPending() {
        for (OutboundNotification pending :
                notifications.findTop50ByStatusOrderByCreatedAtAsc(OutboundNotification.Status.PENDING)) {
            tx.executeWithoutResult(s -> {
                OutboundNotification n = notifications.findById(pending.getId()).orElseThrow();
                if (n.getStatus() != OutboundNotification.Status.PENDING) {
                    return;
                }
                try {
                    delivery.deliver(n);
                    n.sent(clock.instant());
                } catch (Exception e) {
                    n.failedAttempt(MAX_ATTEMPTS);
                    LOG.warn(
                            "Delivery of notification {} ({}) failed, attempt {}: {}",
                            n.getId(),
                            n.getTemplateKey(),
                            n.getAttempts(),
                            e.getMessage());
                }
            });
        }
    }
}
