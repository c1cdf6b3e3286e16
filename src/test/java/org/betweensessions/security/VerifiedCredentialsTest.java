package org.betweensessions.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.betweensessions.support.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A successful HTTP Basic check is remembered, a failed one never is: real bcrypt hashes, a real
 * DaoAuthenticationProvider underneath, counting how often bcrypt had to run.
 */
class VerifiedCredentialsTest {

    static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    static final String HASH = ENCODER.encode("correct horse");

    MovableClock clock;
    AtomicInteger bcryptChecks;

    @BeforeEach
    void setUp() {
        clock = new MovableClock();
        bcryptChecks = new AtomicInteger();
    }

    VerifiedCredentials provider(Duration ttl) throws Exception {
        DaoAuthenticationProvider dao =
                new DaoAuthenticationProvider(SecurityConfiguration.users(new SecurityProperties(
                        List.of(new SecurityProperties.User("mailgate", HASH, StaffRole.INTEGRATION)),
                        null,
                        null,
                        ttl)));
        dao.setPasswordEncoder(ENCODER);
        AuthenticationProvider counting = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication a) {
                bcryptChecks.incrementAndGet();
                return dao.authenticate(a);
            }

            @Override
            public boolean supports(Class<?> type) {
                return dao.supports(type);
            }
        };
        return new VerifiedCredentials(counting, ttl, clock);
    }

    static Authentication basic(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    @Test
    void theSameCredentialsAreCheckedWithBcryptOncePerTtl() throws Exception {
        VerifiedCredentials credentials = provider(Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            Authentication a = credentials.authenticate(basic("mailgate", "correct horse"));
            assertThat(a.isAuthenticated()).isTrue();
            assertThat(a.getName()).isEqualTo("mailgate");
            assertThat(a.getAuthorities())
                    .extracting(GrantedAuthority::getAuthority)
                    .containsExactly("ROLE_INTEGRATION");
            assertThat(a.getCredentials()).as("the password is not kept").isNull();
        }
        assertThat(bcryptChecks).hasValue(1);

        clock.advance(Duration.ofMinutes(5));
        credentials.authenticate(basic("mailgate", "correct horse"));
        assertThat(bcryptChecks).as("checked again after the ttl").hasValue(2);
    }

    @Test
    void aWrongPasswordIsRefusedEveryTimeEvenRightAfterTheRightOne() throws Exception {
        VerifiedCredentials credentials = provider(Duration.ofMinutes(5));
        credentials.authenticate(basic("mailgate", "correct horse"));
        for (String wrong : new String[] {"correct horse ", "Correct horse", "", "correct hors"}) {
            assertThatThrownBy(() -> credentials.authenticate(basic("mailgate", wrong)))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> credentials.authenticate(basic("someone", "correct horse")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(bcryptChecks).as("every failure went through the full check").hasValue(6);
        assertThat(credentials.size()).isEqualTo(1);
    }

    @Test
    void aZeroTtlChecksEveryRequest() throws Exception {
        VerifiedCredentials credentials = provider(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            credentials.authenticate(basic("mailgate", "correct horse"));
        }
        assertThat(bcryptChecks).hasValue(3);
        assertThat(credentials.size()).isZero();
    }
}
