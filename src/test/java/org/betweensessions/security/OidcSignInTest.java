package org.betweensessions.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OIDC as docker-compose.oidc.yml wires it, against a stand-in identity provider (JWKS and token
 * endpoint on a local port, RSA-signed tokens): a person on the staff list signs in to the workspace
 * through the provider (authorization code, nonce and state checked by Spring Security) and gets the
 * role the staff list gives, never one from the provider's claims; someone not on the list, or taken
 * off it, is refused; API bearer tokens must come from the issuer, for the app's audience.
 */
class OidcSignInTest extends EmbeddedStackTest {

    private static final String CLIENT_ID = "between-sessions";
    private static final RSAKey KEY;
    private static final RSAKey OTHER_KEY;
    private static final HttpServer PROVIDER;
    /** The user name the provider puts in the next ID token, and the nonce it must repeat. */
    private static final AtomicReference<String> NEXT_USER = new AtomicReference<>();

    private static final AtomicReference<String> NONCE = new AtomicReference<>();

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("k1").generate();
            OTHER_KEY = new RSAKeyGenerator(2048).keyID("k1").generate();
            PROVIDER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            PROVIDER.createContext(
                    "/certs",
                    exchange -> reply(exchange, "application/json", new JWKSet(KEY.toPublicJWK()).toString()));
            PROVIDER.createContext("/token", exchange -> {
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (!form.contains("grant_type=authorization_code") || !form.contains("code=abc")) {
                    reply(exchange, "application/json", "{\"error\":\"invalid_grant\"}", 400);
                    return;
                }
                String idToken = token(KEY, NEXT_USER.get(), CLIENT_ID, issuer(), NONCE.get(), List.of());
                reply(
                        exchange,
                        "application/json",
                        "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\","
                                + "\"expires_in\":300,\"scope\":\"openid profile\",\"id_token\":\"" + idToken + "\"}");
            });
            PROVIDER.start();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        // The properties docker-compose.oidc.yml sets (as environment variables).
        String r = "spring.security.oauth2.client.registration.practice.";
        String p = "spring.security.oauth2.client.provider.practice.";
        registry.add(r + "client-id", () -> CLIENT_ID);
        registry.add(r + "client-name", () -> "Riverside's account");
        registry.add(r + "client-secret", () -> "app-secret");
        registry.add(r + "authorization-grant-type", () -> "authorization_code");
        registry.add(r + "scope", () -> "openid,profile");
        registry.add(r + "redirect-uri", () -> "{baseUrl}/login/oauth2/code/practice");
        registry.add(p + "authorization-uri", () -> issuer() + "/auth");
        registry.add(p + "token-uri", () -> issuer() + "/token");
        registry.add(p + "jwk-set-uri", () -> issuer() + "/certs");
        registry.add(p + "user-name-attribute", () -> "preferred_username");
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> issuer() + "/certs");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", OidcSignInTest::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> CLIENT_ID);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop(0);
    }

    @Test
    void aPersonOnTheStaffListSignsInThroughTheProviderWithTheStaffListsRole() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.body())
                .contains("/oauth2/authorization/practice")
                .contains("Sign in with Riverside&#39;s account")
                .doesNotContain("password");

        HttpResponse<String> home = browser.signInAs("alex");

        assertThat(home.statusCode()).isEqualTo(200);
        // Signed in under the provider's user name, with the role the staff list gives it.
        assertThat(home.body()).contains("My work", "alex (clinician)");
    }

    @Test
    void someoneNotOnTheStaffListIsRefusedAtTheDoor() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> refused = browser.signInAs("mallory");
        assertThat(refused.uri().getPath() + "?" + refused.uri().getQuery()).isEqualTo("/login?refused");
        assertThat(refused.body()).contains("not on the practice's staff list");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void someoneTakenOffTheStaffListCannotSignInNorUseAToken() throws Exception {
        String username = "leaver-" + Long.toHexString(System.nanoTime());
        StaffMember leaver =
                new StaffMember(practices.primary().getId(), username, "Left Practice", StaffRole.SUPERVISOR);
        leaver.update("Left Practice", StaffRole.SUPERVISOR, false);
        staffMembers.save(leaver);

        Browser browser = new Browser();
        assertThat(browser.signInAs(username).uri().getQuery()).isEqualTo("refused");
        assertThat(api("/api/clients", token(KEY, username, CLIENT_ID, issuer(), null, List.of()))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aBearerTokenGetsTheStaffListsRoleNeverTheClaimedOne() throws Exception {
        // Alex (clinician) claims SUPERVISOR and ADMIN in the token: the staff list says clinician.
        String alex = token(KEY, "alex", CLIENT_ID, issuer(), null, List.of("SUPERVISOR", "ADMIN"));
        assertThat(api("/api/clients", alex).statusCode()).isEqualTo(200);
        assertThat(api("/actuator/prometheus", alex).statusCode()).isEqualTo(403);
        String sam = token(KEY, "sam", CLIENT_ID, issuer(), null, List.of());
        assertThat(api("/actuator/prometheus", sam).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenFromAnotherKeyIssuerOrAudienceIsNotAccepted() throws Exception {
        assertThat(api("/api/clients", token(OTHER_KEY, "alex", CLIENT_ID, issuer(), null, List.of()))
                        .statusCode())
                .isEqualTo(401);
        assertThat(api("/api/clients", token(KEY, "alex", CLIENT_ID, "https://elsewhere.example", null, List.of()))
                        .statusCode())
                .isEqualTo(401);
        assertThat(api("/api/clients", token(KEY, "alex", "camunda", issuer(), null, List.of()))
                        .statusCode())
                .isEqualTo(401);
    }

    @Autowired
    PracticeRepository practices;

    private HttpResponse<String> api(String path, String bearer) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Bearer " + bearer)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** A browser: keeps cookies, follows redirects within the app, stops at the provider. */
    private final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Clicks "Sign in with the practice's account"; the provider signs {@code username} in. */
        HttpResponse<String> signInAs(String username) throws Exception {
            HttpResponse<String> toProvider = get("/oauth2/authorization/practice");
            assertThat(toProvider.statusCode()).isEqualTo(302);
            URI authorize =
                    URI.create(toProvider.headers().firstValue("Location").orElseThrow());
            assertThat(authorize.toString()).startsWith(issuer() + "/auth");
            Map<String, String> query = Arrays.stream(authorize.getRawQuery().split("&"))
                    .map(kv -> kv.split("=", 2))
                    .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
            assertThat(query)
                    .containsEntry("client_id", CLIENT_ID)
                    .containsEntry("response_type", "code")
                    .containsKeys("state", "nonce");
            assertThat(query.get("scope")).contains("openid");
            assertThat(query.get("redirect_uri")).endsWith("/login/oauth2/code/practice");
            NEXT_USER.set(username);
            NONCE.set(query.get("nonce"));
            // The provider sends the browser back with a code; the app redeems it at /token.
            HttpResponse<String> back = get("/login/oauth2/code/practice?code=abc&state="
                    + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
            assertThat(back.statusCode()).isEqualTo(302);
            String next = back.headers().firstValue("Location").orElseThrow();
            return get(URI.create(next).getRawPath()
                    + (URI.create(next).getRawQuery() == null
                            ? ""
                            : "?" + URI.create(next).getRawQuery()));
        }
    }

    private static String issuer() {
        return "http://127.0.0.1:" + PROVIDER.getAddress().getPort();
    }

    private static String token(
            RSAKey key, String username, String audience, String issuer, String nonce, List<String> roles) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject("sub-" + username)
                    .audience(audience)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(300)))
                    .claim("preferred_username", username)
                    .claim("azp", audience);
            if (nonce != null) {
                claims.claim("nonce", nonce);
            }
            if (!roles.isEmpty()) {
                claims.claim("roles", roles);
            }
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange exchange, String type, String body) throws IOException {
        reply(exchange, type, body, 200);
    }

    private static void reply(HttpExchange exchange, String type, String body, int status) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
