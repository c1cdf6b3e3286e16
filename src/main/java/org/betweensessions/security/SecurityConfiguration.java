package org.betweensessions.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Every {@code /api/**} endpoint needs a signed-in user with a role. Users come from configuration
 * (HTTP Basic) and, when an issuer is configured, from an OIDC provider's JWTs.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String[] STAFF = {"CLINICIAN", "SUPERVISOR", "COORDINATOR", "ADMIN"};

    /**
     * The API: HTTP Basic (and JWT), stateless, no CSRF (no cookies are accepted). Only {@code /api/**}
     * and {@code /actuator/**}; every other path is the browser workspace ({@link #workspace}).
     */
    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http,
            SecurityProperties properties,
            IntegrationProperties integrations,
            JdbcTemplate jdbc,
            Clock clock,
            StaffRoles staffRoles,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSet)
            throws Exception {
        // After authentication (it needs the integration's name), before authorization.
        http.addFilterBefore(new WebhookSignatureFilter(integrations, jdbc, clock), AuthorizationFilter.class);
        // The API, its OpenAPI description and browsable page (HTTP Basic/JWT, no session).
        http.securityMatcher(
                        "/api",
                        "/api/**",
                        "/actuator/**",
                        "/v3/api-docs",
                        "/v3/api-docs.yaml",
                        "/v3/api-docs/**",
                        "/swagger-ui/**",
                        "/swagger-ui.html")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/error", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasAnyRole("ADMIN", "SUPERVISOR")
                        .requestMatchers(HttpMethod.POST, "/api/messages")
                        .hasAnyRole("INTEGRATION", "CLINICIAN", "SUPERVISOR", "COORDINATOR", "ADMIN")
                        // The client portal shows the policy and sends the client's e-signature (intake consent).
                        .requestMatchers(HttpMethod.GET, "/api/clients/*/policy")
                        .hasAnyRole("INTEGRATION", "CLINICIAN", "SUPERVISOR", "COORDINATOR", "ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/clients/*/consent")
                        .hasAnyRole("INTEGRATION", "CLINICIAN", "SUPERVISOR", "COORDINATOR", "ADMIN")
                        // The API's description (OpenAPI) and its browsable page, for staff.
                        .requestMatchers(
                                "/api",
                                "/v3/api-docs",
                                "/v3/api-docs.yaml",
                                "/v3/api-docs/**",
                                "/swagger-ui/**",
                                "/swagger-ui.html")
                        .hasAnyRole(STAFF)
                        .requestMatchers("/api/**")
                        .hasAnyRole(STAFF)
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(ProblemSecurityHandlers.unauthorized()))
                .exceptionHandling(e -> e.authenticationEntryPoint(ProblemSecurityHandlers.unauthorized())
                        .accessDeniedHandler(ProblemSecurityHandlers.forbidden()));
        if (!issuer.isBlank() || !jwkSet.isBlank()) {
            http.oauth2ResourceServer(o -> o.jwt(
                            jwt -> jwt.jwtAuthenticationConverter(staffRolesOf(properties.usernameClaim(), staffRoles)))
                    .authenticationEntryPoint(ProblemSecurityHandlers.unauthorized())
                    .accessDeniedHandler(ProblemSecurityHandlers.forbidden()));
        }
        return http.build();
    }

    /**
     * The browser workspace: form login with a session that ends after {@code
     * server.servlet.session.timeout} of inactivity (15 minutes by default), CSRF tokens on every form,
     * no caching of any page (they show PHI), a strict Content-Security-Policy (scripts and styles from
     * this origin only, no framing). The same users as the API.
     */
    @Bean
    @Order(2)
    SecurityFilterChain workspace(
            HttpSecurity http,
            SecurityProperties properties,
            StaffRoles staffRoles,
            ObjectProvider<ClientRegistrationRepository> oidc)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/login", "/error", "/css/**", "/js/**", "/vendor/**", "/favicon.ico")
                        .permitAll()
                        .anyRequest()
                        .hasAnyRole(STAFF))
                .formLogin(form ->
                        form.loginPage("/login").defaultSuccessUrl("/", true).permitAll())
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?signedOut")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.invalidSessionUrl("/login?expired").sessionFixation(f -> f.newSession()))
                .headers(h -> h.cacheControl(c -> {}) // Cache-Control: no-cache, no-store, max-age=0, must-revalidate
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        if (oidc.getIfAvailable() != null) {
            // People sign in through the practice's identity provider (its MFA and lockout); the role
            // comes from the staff list, and someone not on it (or taken off it) is refused.
            http.oauth2Login(login -> login.loginPage("/login")
                    .defaultSuccessUrl("/", true)
                    .failureUrl("/login?refused")
                    .userInfoEndpoint(
                            user -> user.oidcUserService(staffOidcUsers(properties.usernameClaim(), staffRoles))));
        }
        return http.build();
    }

    /** The identity provider's user, with the role the staff list gives their user name. */
    static OAuth2UserService<OidcUserRequest, OidcUser> staffOidcUsers(String usernameClaim, StaffRoles staffRoles) {
        OidcUserService provider = new OidcUserService();
        return request -> {
            OidcUser user = provider.loadUser(request);
            String username = user.getClaimAsString(usernameClaim);
            StaffRole role = staffRoles
                    .activeRole(username)
                    .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(
                            "access_denied",
                            "'" + username + "' (" + usernameClaim + ") is not on the practice's staff list",
                            null)));
            return new DefaultOidcUser(
                    List.of(new SimpleGrantedAuthority("ROLE_" + role.name())),
                    user.getIdToken(),
                    user.getUserInfo(),
                    usernameClaim);
        };
    }

    /**
     * Scripts only from this origin; styles from this origin (form-js sets a few style attributes, so
     * inline style attributes are allowed, inline scripts are not); no plugins, no framing, forms post
     * only here.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none';"
            + " base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /**
     * HTTP Basic users from configuration (and the users file), checked with their bcrypt hashes; a
     * successful check is remembered for {@code bsc.security.verified-credentials-ttl}
     * ({@link VerifiedCredentials}). Passwords are never re-encoded in memory.
     */
    @Bean
    AuthenticationProvider basicUsers(SecurityProperties properties, PasswordEncoder encoder) throws IOException {
        DaoAuthenticationProvider check = new DaoAuthenticationProvider(users(properties));
        check.setPasswordEncoder(encoder);
        return new VerifiedCredentials(check, properties.verifiedCredentialsTtl(), Clock.systemUTC());
    }

    static UserDetailsService users(SecurityProperties properties) throws IOException {
        List<SecurityProperties.User> all = new ArrayList<>(properties.users());
        if (properties.usersFile() != null && !properties.usersFile().isBlank()) {
            all.addAll(readUsersFile(Path.of(properties.usersFile())));
        }
        return new InMemoryUserDetailsManager(all.stream()
                .map(u -> User.withUsername(u.username())
                        .password(u.password())
                        .roles(u.role().name())
                        .build())
                .toList());
    }

    /** {@code username:ROLE:{bcrypt}hash} a line; a malformed line stops the start, naming the line. */
    static List<SecurityProperties.User> readUsersFile(Path file) throws IOException {
        List<SecurityProperties.User> users = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", 3);
            if (parts.length != 3 || !parts[2].startsWith("{")) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": expected username:ROLE:{bcrypt}hash");
            }
            users.add(new SecurityProperties.User(parts[0], parts[2], StaffRole.valueOf(parts[1])));
        }
        return users;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * A bearer token's user: named by {@code usernameClaim}, with the role the staff list gives that
     * name (none, so every endpoint answers 403, for someone not on the list or taken off it).
     */
    static Converter<Jwt, AbstractAuthenticationToken> staffRolesOf(String usernameClaim, StaffRoles staffRoles) {
        return jwt -> {
            String username = jwt.getClaimAsString(usernameClaim);
            Collection<GrantedAuthority> authorities = staffRoles
                    .activeRole(username)
                    .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                    .map(List::of)
                    .orElse(List.of());
            return new JwtAuthenticationToken(jwt, authorities, username);
        };
    }
}
