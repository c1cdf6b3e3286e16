package org.betweensessions.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/** The signed-in user as the domain needs it: a username (= Tasklist assignee) and a role. */
public record CurrentUser(String username, StaffRole role) {

    public static CurrentUser of(Authentication authentication) {
        StaffRole role = authentication.getAuthorities().stream()
                .map(a -> a.getAuthority().replaceFirst("^ROLE_", ""))
                .filter(CurrentUser::isRole)
                .map(StaffRole::valueOf)
                .findFirst()
                .orElseThrow(() -> new AccessDeniedException("no role"));
        return new CurrentUser(authentication.getName(), role);
    }

    private static boolean isRole(String name) {
        for (StaffRole r : StaffRole.values()) {
            if (r.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    public boolean is(StaffRole other) {
        return role == other;
    }
}
