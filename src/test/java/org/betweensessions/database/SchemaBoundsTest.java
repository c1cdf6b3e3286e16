package org.betweensessions.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.outbox.OutboundNotification;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every string the application writes fits its column, or is refused with a clear error before
 * anything is written; every time column holds any date a health record needs (after 2038 too), in
 * UTC. Walks the entity mappings against the live schema, so a new entity or column is covered
 * without a change here.
 */
class SchemaBoundsTest extends EmbeddedStackTest {

    @Autowired
    ColumnLengthGuard guard;

    @Autowired
    EntityManagerFactory entityManagers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate tx;

    @PersistenceContext
    EntityManager entityManager;

    @Test
    void everyBoundedTextColumnOfEveryEntityIsGuarded() {
        List<String> checked = new ArrayList<>();
        for (EntityType<?> entity : entityManagers.getMetamodel().getEntities()) {
            for (Attribute<?, ?> attribute : entity.getAttributes()) {
                if (attribute.getJavaType() != String.class
                        || attribute.getPersistentAttributeType() != Attribute.PersistentAttributeType.BASIC) {
                    continue;
                }
                Class<?> type = entity.getJavaType();
                String property = attribute.getName();
                var limit = guard.maxLength(type, property);
                if (limit.isEmpty()) {
                    continue; // text, encrypted or JSON columns: unbounded for our purposes
                }
                guard.check(type, property, "x".repeat(limit.get()));
                assertThatThrownBy(() -> guard.check(type, property, "x".repeat(limit.get() + 1)))
                        .as(type.getSimpleName() + "." + property)
                        .isInstanceOf(ColumnLengthGuard.ValueTooLongException.class)
                        .hasMessageContaining(type.getSimpleName() + "." + property)
                        .hasMessageContaining("at most " + limit.get());
                checked.add(guard.column(type, property));
            }
        }
        // The columns this guard exists for are among them.
        assertThat(checked)
                .contains(
                        "audit_event.subject_id",
                        "audit_event.event_type",
                        "message.external_id",
                        "message.signals",
                        "outbox.idempotency_key",
                        "outbox.template_key");
    }

    @Test
    void aTooLongAuditSubjectIsRefusedBeforeAnythingIsWritten() {
        String subject = UUID.randomUUID() + "/" + UUID.randomUUID(); // 73: the pattern bug's subject
        long before = jdbc.queryForObject("select count(*) from audit_event", Long.class);

        assertThatThrownBy(() -> audit.record("test", "SCHEMA_BOUNDS", "CLIENT", subject, Map.of()))
                .hasRootCauseInstanceOf(ColumnLengthGuard.ValueTooLongException.class)
                .rootCause()
                .hasMessageContaining("AuditEvent.subjectId holds at most 64 characters");
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Long.class))
                .isEqualTo(before);
    }

    /** Each composed value, built from the longest parts the code allows, fits its column. */
    @Test
    void composedKeysFitTheirColumnsAtMaximumLength() {
        int templateKey =
                guard.maxLength(OutboundNotification.class, "templateKey").orElseThrow();
        String longestTemplate = "t".repeat(templateKey);
        UUID id = UUID.randomUUID();
        // AutoReplies: the outbox key and the auto-reply message's external id.
        guard.check(OutboundNotification.class, "idempotencyKey", "auto-reply:" + id + ":" + longestTemplate);
        guard.check(Message.class, "externalId", "auto-" + id + "-" + longestTemplate);
        guard.check(Message.class, "externalId", "reply-" + id);
        // IntakeConsent's outbox keys.
        guard.check(OutboundNotification.class, "idempotencyKey", "consent-policy-resend:" + id + ":" + Long.MAX_VALUE);
        guard.check(OutboundNotification.class, "idempotencyKey", "consent-policy:" + id + ":v" + Integer.MAX_VALUE);
        // Audit subjects are ids (UUID or number) only.
        guard.check(AuditEvent.class, "subjectId", id.toString());
        guard.check(AuditEvent.class, "subjectId", String.valueOf(Long.MIN_VALUE));
    }

    @Test
    void manySignalsAreCutToTheColumnKeepingTheFirstOnes() {
        List<String> signals = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            signals.add("si.some_long_signal_name_" + i);
        }
        Message m = Message.inbound(Channel.PORTAL, "signals-" + UUID.randomUUID(), null, null, "x", now(), now());
        m.screened(1L, "SUPPORT_SEEKING", null, signals, "test", false);

        String stored = String.join(",", m.getSignals());
        guard.check(Message.class, "signals", stored);
        assertThat(m.getSignals().getFirst()).isEqualTo("si.some_long_signal_name_0");
        assertThat(m.getSignals().getLast()).matches("\\+\\d+ more");
        // Few signals are kept whole.
        m.screened(1L, "SUPPORT_SEEKING", null, List.of("a", "b"), "test", false);
        assertThat(m.getSignals()).containsExactly("a", "b");
    }

    @Test
    void noTimeColumnIsATimestampThatEndsIn2038() {
        assertThat(jdbc.queryForList("""
        select concat(table_name, '.', column_name) from information_schema.columns
        where table_schema = database() and data_type = 'timestamp'
          and table_name <> 'flyway_schema_history'""", String.class)).isEmpty();
        assertThat(jdbc.queryForObject("""
        select count(*) from information_schema.columns
        where table_schema = database() and data_type = 'datetime'""", Integer.class)).isGreaterThanOrEqualTo(34);
    }

    @Test
    void datesAfter2038AreStoredAndReadBackAsUtc() {
        Instant farAhead = Instant.parse("2045-07-01T12:34:56.123456Z");
        // Rolled back at the end: the message never becomes work for the publisher.
        tx.executeWithoutResult(status -> {
            Message m =
                    Message.inbound(Channel.PORTAL, "far-" + UUID.randomUUID(), null, null, "x", farAhead, farAhead);
            messages.saveAndFlush(m);
            entityManager.clear();

            assertThat(messages.findById(m.getId()).orElseThrow().getReceivedAt())
                    .isEqualTo(farAhead);
            // Stored as UTC wall-clock time, whatever the JVM's or the server's zone.
            assertThat(jdbc.queryForObject(
                            "select cast(received_at as char) from message where id = ?",
                            String.class,
                            m.getId().toString()))
                    .isEqualTo("2045-07-01 12:34:56.123456");
            status.setRollbackOnly();
        });
    }
}
