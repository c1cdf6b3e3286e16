package org.betweensessions.client;

public enum ClientStatus {
    /** Registered; consent to the communication policy not yet recorded. */
    INTAKE,
    ACTIVE,
    /** Treatment ended: between-session contact is closed. */
    TERMINATED
}
