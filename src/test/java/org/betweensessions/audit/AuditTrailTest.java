package org.betweensessions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class AuditTrailTest extends EmbeddedStackTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eventsCanBeAppendedButNeverChangedOrDeleted() {
        String subject = UUID.randomUUID().toString();
        AuditEvent event =
                audit.record("alex", "TEST_EVENT", "MESSAGE", subject, Map.of("category", "SUPPORT_SEEKING"));

        assertThat(audit.eventsFor("MESSAGE", subject)).hasSize(1);
        assertThatThrownBy(() -> jdbc.update("update audit_event set actor = 'mallory' where id = ?", event.getId()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_event where id = ?", event.getId()))
                .hasMessageContaining("append-only");
        assertThat(audit.eventsFor("MESSAGE", subject).getFirst().getActor()).isEqualTo("alex");
    }
}
