package org.betweensessions.outbox;

/**
 * Hands one notification to a real channel (portal inbox, encrypted email, ...). Throw to signal a
 * failed attempt; the dispatcher retries. Implementations must not log the body. The address is the
 * client's for the channel, or, when {@code getRecipient()} is {@code EMERGENCY_CONTACT}, the client's
 * emergency contact's (table {@code emergency_contact}).
 */
public interface OutboxDelivery {

    void deliver(OutboundNotification notification) throws Exception;
}
