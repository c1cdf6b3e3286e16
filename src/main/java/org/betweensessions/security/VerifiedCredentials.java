package org.betweensessions.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * HTTP Basic sends the password with every request, and checking a bcrypt hash costs tens of
 * milliseconds of CPU on purpose. An integration posting 100 webhooks a second would spend two cores
 * on bcrypt alone (measured: the crisis benchmark's API accepted 4 messages a second, its request
 * threads all inside BCrypt). So a successful check is remembered for a short time, under a keyed
 * hash of the username and password (HMAC-SHA256 with a random key that lives only in this
 * process's memory): the same credentials within {@code ttl} skip bcrypt; anything else, including
 * every failed attempt, goes through the full check. The password itself is never kept.
 */
final class VerifiedCredentials implements AuthenticationProvider {

    /** Bounded: a flood of distinct valid credentials cannot grow it without limit. */
    static final int MAX_ENTRIES = 10_000;

    private final AuthenticationProvider delegate;
    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    private record Entry(Authentication authentication, Instant expires) {}

    VerifiedCredentials(AuthenticationProvider delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (ttl.isZero() || !(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String id = fingerprint(authentication.getName(), password);
        Instant now = clock.instant();
        Entry entry = verified.get(id);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.authentication();
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.values().removeIf(e -> !now.isBefore(e.expires()));
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();
                }
            }
            // Kept without the password: what the rest of the request sees is the principal and roles.
            UsernamePasswordAuthenticationToken remembered = UsernamePasswordAuthenticationToken.authenticated(
                    result.getPrincipal(), null, result.getAuthorities());
            remembered.setDetails(result.getDetails());
            verified.put(id, new Entry(remembered, now.plus(ttl)));
            return remembered;
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    int size() {
        return verified.size();
    }

    private String fingerprint(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
