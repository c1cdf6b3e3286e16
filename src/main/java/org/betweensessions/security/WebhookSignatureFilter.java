package org.betweensessions.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.betweensessions.api.ProblemWriter;
import org.betweensessions.api.RequestSizeLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Webhooks from channel integrations carry, on top of the integration's login, an HMAC signature
 * over the exact bytes sent:
 *
 * <pre>
 * X-BSC-Timestamp: 1763870400                 (Unix seconds)
 * X-BSC-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))
 * </pre>
 *
 * A wrong signature, or a timestamp more than {@code bsc.webhook-tolerance} (5 min) away, is 401; a
 * (timestamp, signature) pair seen before is 409 (replay). Applies to writes by INTEGRATION users;
 * required when {@code bsc.integrations.<name>.require-signature=true}, checked whenever sent.
 */
class WebhookSignatureFilter extends OncePerRequestFilter {

    static final String TIMESTAMP = "X-BSC-Timestamp";
    static final String SIGNATURE = "X-BSC-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSignatureFilter.class);

    private final IntegrationProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    WebhookSignatureFilter(IntegrationProperties properties, JdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean integration = auth != null
                && auth.getAuthorities().stream()
                        .anyMatch(a -> a.getAuthority().equals("ROLE_" + StaffRole.INTEGRATION.name()));
        if (!integration) {
            chain.doFilter(request, response);
            return;
        }
        IntegrationProperties.Integration config = properties.integrations().get(auth.getName());
        String timestamp = request.getHeader(TIMESTAMP);
        String signature = request.getHeader(SIGNATURE);
        boolean required = config != null && config.requireSignature();
        if (signature == null && timestamp == null && !required) {
            chain.doFilter(request, response);
            return;
        }
        String uri = request.getRequestURI();
        if (config == null
                || config.webhookSecret() == null
                || config.webhookSecret().isBlank()) {
            unauthorized(response, uri, "No webhook secret is configured for this integration");
            return;
        }
        if (signature == null || timestamp == null) {
            unauthorized(response, uri, "Signed webhooks need " + TIMESTAMP + " and " + SIGNATURE);
            return;
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (RuntimeException e) {
            unauthorized(response, uri, TIMESTAMP + " must be Unix seconds");
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(properties.webhookTolerance()) > 0) {
            unauthorized(
                    response,
                    uri,
                    "The signature's timestamp is more than "
                            + properties.webhookTolerance().toMinutes() + " minutes from the server's time");
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestSizeLimit.TooLarge e) {
            ProblemWriter.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", e.getMessage(), uri);
            return;
        }
        String expected = hmac(config.webhookSecret(), timestamp.trim(), body);
        String given = signature.trim().startsWith("sha256=") ? signature.trim().substring(7) : "";
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            LOG.warn("Webhook from {} with a wrong signature refused", auth.getName());
            unauthorized(response, uri, "The webhook signature does not match");
            return;
        }
        try {
            jdbc.update(
                    "delete from webhook_signature where received_at < ?",
                    utc(now.minus(properties.webhookTolerance().multipliedBy(2))));
            jdbc.update(
                    "insert into webhook_signature (signature, integration, signed_at, received_at)"
                            + " values (?, ?, ?, ?)",
                    expected,
                    auth.getName(),
                    utc(signedAt),
                    utc(now));
        } catch (DuplicateKeyException replayed) {
            LOG.warn("Replayed webhook from {} refused", auth.getName());
            ProblemWriter.write(
                    response,
                    HttpStatus.CONFLICT,
                    "Replayed request",
                    "This signed request was received before; sign each delivery with a fresh timestamp",
                    uri,
                    SIGNATURE);
            return;
        } catch (DataAccessException down) {
            response.setHeader("Retry-After", "30");
            ProblemWriter.write(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Temporarily unavailable",
                    "Storage is unavailable; nothing was stored. Retry later.",
                    uri);
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    static String hmac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static void unauthorized(HttpServletResponse response, String uri, String detail) throws IOException {
        ProblemWriter.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail, uri, SIGNATURE);
    }

    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /** Time columns hold UTC wall-clock time (DATETIME(6), see V50). */
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
