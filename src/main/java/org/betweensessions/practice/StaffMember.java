package org.betweensessions.practice;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.util.UUID;
import org.betweensessions.security.StaffRole;

/** A person (or integration) who signs in. The username is the Tasklist assignee as well. */
@Entity
public class StaffMember {

  @Id private UUID id;
  private UUID practiceId;
  private String username;
  private String displayName;

  @Enumerated(EnumType.STRING)
  private StaffRole role;

  protected StaffMember() {}

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
}
