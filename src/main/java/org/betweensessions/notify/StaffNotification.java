package org.betweensessions.notify;

import java.util.UUID;

/**
 * What a pager, SMS or email adapter needs to wake someone up: who, how urgent, which message id.
 * Never the message text: the recipient signs in to read it. {@code count}: how many messages a
 * summary notification (the daily digest) is about; null for a notification about one message.
 */
public record StaffNotification(String recipient, String kind, String level, UUID messageId, Integer count) {

    /** About one message (no count). */
    public StaffNotification(String recipient, String kind, String level, UUID messageId) {
        this(recipient, kind, level, messageId, null);
    }
}
