package org.betweensessions.security;

/** Who someone is to the practice; each maps to a Spring Security role of the same name. */
public enum StaffRole {
    CLINICIAN,
    SUPERVISOR,
    COORDINATOR,
    ADMIN,
    /** A channel integration (portal, email or SMS gateway) that may only post inbound messages. */
    INTEGRATION
}
