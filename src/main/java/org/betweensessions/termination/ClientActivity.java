package org.betweensessions.termination;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The facts about a client the ending decides on, read from the tables of messages, crises and
 * check-ins. Read here by SQL rather than through those features' services: termination sits below
 * them (they may end for it, it does not call into them), so it reads their tables and never writes.
 */
@Component
class ClientActivity {

    private final JdbcTemplate jdbc;

    ClientActivity(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The client who sent an inbound message (none for an unknown sender or an outbound one). */
    Optional<UUID> senderOf(UUID messageId) {
        return jdbc
                .queryForList(
                        "select client_id from message where id = ? and direction ="
                                + " 'INBOUND' and client_id is not null",
                        String.class,
                        messageId.toString())
                .stream()
                .findFirst()
                .map(UUID::fromString);
    }

    /** A message from the client, or a session recorded, since {@code since}. */
    boolean contactSince(UUID clientId, Instant since) {
        Integer n = jdbc.queryForObject(
                "select (select count(*) from message where client_id = ? and"
                        + " direction = 'INBOUND' and received_at >= ?) + (select count(*) from client_session"
                        + " where client_id = ? and recorded_at >= ?)",
                Integer.class,
                clientId.toString(),
                utc(since),
                clientId.toString(),
                utc(since));
        return n != null && n > 0;
    }

    Optional<Instant> lastInboundAt(UUID clientId) {
        return instant(
                "select max(received_at) from message where client_id = ? and direction =" + " 'INBOUND'",
                clientId.toString());
    }

    Optional<Instant> lastCrisisAt(UUID clientId) {
        return instant(
                "select max(received_at) from message where client_id = ? and direction ="
                        + " 'INBOUND' and category = 'CRISIS'",
                clientId.toString());
    }

    /** A crisis message nobody has acknowledged yet. */
    boolean crisisOpen(UUID clientId) {
        Integer n = jdbc.queryForObject(
                "select count(*) from message m where m.client_id = ? and"
                        + " m.direction = 'INBOUND' and m.category = 'CRISIS' and not exists (select 1 from"
                        + " crisis_acknowledgement a where a.message_id = m.id)",
                Integer.class,
                clientId.toString());
        return n != null && n > 0;
    }

    /** High-risk check-ins running (an open risk episode). */
    boolean checkinsOpen(UUID clientId) {
        Integer n = jdbc.queryForObject(
                "select count(*) from risk_episode where open_client_id = ?", Integer.class, clientId.toString());
        return n != null && n > 0;
    }

    Optional<Instant> lastSessionUpTo(UUID clientId, Instant until) {
        return instant(
                "select max(session_at) from client_session where client_id = ? and" + " session_at <= ?",
                clientId.toString(),
                utc(until));
    }

    /**
     * Active clients without a message or a session (past or booked) since {@code cutoff}, registered
     * before it, with no open termination and none started since then (a clinician who decided to
     * continue is not asked again for the same silence).
     */
    List<UUID> silentSince(Instant cutoff) {
        LocalDateTime t = utc(cutoff);
        return jdbc
                .queryForList(
                        "select c.id from client c where c.status = 'ACTIVE' and"
                                + " c.created_at < ? and not exists (select 1 from termination x where x.client_id = c.id"
                                + " and (x.status = 'OPEN' or x.started_at >= ?)) and not exists (select 1 from message m"
                                + " where m.client_id = c.id and m.direction = 'INBOUND' and m.received_at >= ?) and not"
                                + " exists (select 1 from client_session s where s.client_id = c.id and s.session_at >= ?)"
                                + " order by c.created_at",
                        String.class,
                        t,
                        t,
                        t,
                        t)
                .stream()
                .map(UUID::fromString)
                .toList();
    }

    /** Time columns hold UTC (DATETIME(6)); passed and read as local date-times, never shifted. */
    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private Optional<Instant> instant(String sql, Object... args) {
        LocalDateTime at = jdbc.queryForObject(sql, LocalDateTime.class, args);
        return Optional.ofNullable(at).map(a -> a.toInstant(ZoneOffset.UTC));
    }
}
