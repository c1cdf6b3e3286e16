package org.betweensessions.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Users who sign in with HTTP Basic. In production passwords are bcrypt hashes ({@code {bcrypt}...});
 * an OIDC issuer (spring.security.oauth2.resourceserver.jwt.issuer-uri) can replace or complement them.
 *
 * @param rolesClaim JWT claim that carries the roles (CLINICIAN, SUPERVISOR, ...)
 */
@ConfigurationProperties("bsc.security")
public record SecurityProperties(List<User> users, String rolesClaim) {

  public SecurityProperties {
    users = users == null ? List.of() : List.copyOf(users);
    rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
  }

  public record User(String username, String password, StaffRole role) {}
}
