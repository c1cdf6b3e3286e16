package org.betweensessions.practice;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.betweensessions.security.StaffRole;

/** A person (or integration) who signs in. The username is the Tasklist assignee as well. */
@Entity
public class StaffMember {

    @Id
    private UUID id;

    private UUID practiceId;
    private String username;
    private String displayName;

    @Enumerated(EnumType.STRING)
    private StaffRole role;

    /** When the person left the practice (null while they work here). */
    private Instant leftAt;

    /** False once the person is taken off the staff list: they can no longer sign in. */
    private boolean active = true;

    protected StaffMember() {}

    public Instant getLeftAt() {
        return leftAt;
    }

    /** Left the practice, or taken off the staff list: work that would go to them goes elsewhere. */
    public boolean hasLeft() {
        return leftAt != null || !active;
    }

    public void left(Instant at) {
        this.leftAt = at;
    }

    public StaffMember(UUID practiceId, String username, String displayName, StaffRole role) {
        this.id = UUID.randomUUID();
        this.practiceId = practiceId;
        this.username = username;
        this.displayName = displayName;
        this.role = role;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public StaffRole getRole() {
        return role;
    }

    public boolean isActive() {
        return active;
    }

    /** The staff list's name, role and presence for this person (StaffDirectory). */
    public void update(String displayName, StaffRole role, boolean active) {
        this.displayName = displayName;
        this.role = role;
        this.active = active;
    }
}
