package org.betweensessions.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Users who sign in with HTTP Basic. In production passwords are bcrypt hashes ({@code {bcrypt}...});
 * an OIDC issuer (spring.security.oauth2.resourceserver.jwt.issuer-uri) can replace or complement them.
 *
 * @param usersFile optional file with one user a line: {@code username:ROLE:{bcrypt}hash}; lines
 *     starting with # are comments. Lets a deployment keep password hashes out of its environment.
 * @param usernameClaim the token claim that carries the user name of someone signed in through the
 *     identity provider (OIDC); it must equal their user name on the staff list, which gives the role
 * @param verifiedCredentialsTtl how long a successful HTTP Basic check is remembered so the same
 *     credentials skip bcrypt (default 5 minutes; 0 checks bcrypt on every request)
 */
@ConfigurationProperties("bsc.security")
public record SecurityProperties(
        List<User> users, String usersFile, String usernameClaim, Duration verifiedCredentialsTtl) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? "preferred_username" : usernameClaim;
        verifiedCredentialsTtl = verifiedCredentialsTtl == null ? Duration.ofMinutes(5) : verifiedCredentialsTtl;
    }

    public record User(String username, String password, StaffRole role) {}
}
