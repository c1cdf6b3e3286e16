package org.betweensessions.triage.screening;

/** Routing category of an inbound client message. CRISIS bypasses every normal rule. */
public enum MessageCategory {
    ADMINISTRATIVE,
    THERAPEUTIC_UPDATE,
    SUPPORT_SEEKING,
    BOUNDARY,
    CRISIS
}
