package org.betweensessions.notify;

import java.util.UUID;

/**
 * What a pager, SMS or email adapter needs to wake someone up: who, how urgent, which message id.
 * Never the message text: the recipient signs in to read it.
 */
public record StaffNotification(String recipient, String kind, String level, UUID messageId) {}
