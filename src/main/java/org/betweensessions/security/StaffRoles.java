package org.betweensessions.security;

import java.util.Optional;

/**
 * Who may do what, by user name, from the practice's staff list (the app's staff records): the role
 * of someone signed in through the identity provider comes from here, never from the provider's
 * claims, so the staff list stays the one place that grants access. Empty for someone not on the
 * list or taken off it.
 */
public interface StaffRoles {

    Optional<StaffRole> activeRole(String username);
}
