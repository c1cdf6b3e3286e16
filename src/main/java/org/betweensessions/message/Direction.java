package org.betweensessions.message;

public enum Direction {
    INBOUND,
    OUTBOUND
}
