package org.betweensessions.outbox;

/**
 * Hands one notification to a real channel (portal inbox, encrypted email, ...). Throw to signal a
 * failed attempt; the dispatcher retries. Implementations must not log the body.
 */
public interface OutboxDelivery {

    void deliver(OutboundNotification notification) throws Exception;
}
