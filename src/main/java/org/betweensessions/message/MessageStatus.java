package org.betweensessions.message;

public enum MessageStatus {
    /** Stored; not yet handed to the engine (the publisher picks it up). */
    RECEIVED,
    /** Handed to the engine; triage running. */
    TRIAGING,
    /** A person has to answer it (a user task is open). */
    AWAITING_RESPONSE,
    ANSWERED,
    /** Handled without a personal answer (acknowledged automatically, or contact has ended). */
    CLOSED,
    /** Outbound: a reply or auto-reply. */
    SENT
}
