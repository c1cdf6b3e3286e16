package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.betweensessions.agenda.SessionAgenda;
import org.betweensessions.audit.AuditEvent;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an integration does in real life: delivers the same webhook many times at once, and writes
 * to clients whose contact is escalating.
 */
class WebhookRedeliveryTest extends EmbeddedStackTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MessageService service;

    @Autowired
    SessionAgenda agenda;

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate tx;

    @Test
    void theSameWebhookTwentyTimesAtOnceIsStoredOnceAndEveryDuplicateGetsTheStoredMessage() throws Exception {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Api api = new Api(port);
        String body = Api.json(Map.of(
                "channel",
                "PORTAL",
                "externalId",
                "burst-" + UUID.randomUUID(),
                "clientId",
                client.getId().toString(),
                "body",
                "Can we talk about the homework on Monday?"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Api.Response>> sent = new ArrayList<>();
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> api.post("portal", "/api/messages", body));
            }
            sent.addAll(pool.invokeAll(calls));
        } finally {
            pool.shutdown();
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Future<Api.Response> f : sent) {
            statuses.add(f.get().status());
            ids.add(f.get().json().path("id").asText());
        }

        assertThat(statuses).as(statuses.toString()).containsOnly(202, 200);
        assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
        assertThat(ids).hasSize(20).containsOnly(ids.getFirst());
        assertThat(jdbc.queryForObject(
                        "select count(*) from message where client_id = ?",
                        Long.class,
                        client.getId().toString()))
                .isEqualTo(1L);
        awaitMessage(UUID.fromString(ids.getFirst()), m -> m.getRoute() != null);
    }

    @Test
    void anInvalidEnumValueListsTheAllowedOnes() {
        Api.Response response = new Api(port)
                .post(
                        "portal",
                        "/api/messages",
                        Api.json(Map.of(
                                "channel",
                                "PIGEON",
                                "externalId",
                                "enum-" + UUID.randomUUID(),
                                "clientId",
                                UUID.randomUUID().toString(),
                                "body",
                                "hi")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .contains("PIGEON")
                .contains("allowed:")
                .contains("PORTAL")
                .contains("EMAIL");
    }

    /**
     * A client writing far more often than their own baseline is flagged for discussion in session,
     * and the message that tipped the pattern is still routed (it once failed its job on an audit
     * subject too long for its column, and was never routed).
     */
    @Test
    void aClientWhoseContactIsRisingIsFlaggedAndTheirMessageIsStillRouted() {
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        Instant now = now();
        // One message in the baseline period, weeks ago (stored as the channel would have, long since
        // answered: not work for anyone now).
        Message old = Message.inbound(
                Channel.PORTAL,
                "baseline-" + UUID.randomUUID(),
                client.getId(),
                client.getClinicianId(),
                "Thanks for Tuesday",
                now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(30)));
        tx.executeWithoutResult(s -> {
            messages.saveAndFlush(old);
            jdbc.update(
                    "update message set published_at = ?, status = 'CLOSED' where id = ?",
                    LocalDateTime.now(ZoneOffset.UTC),
                    old.getId().toString());
        });

        Message last = null;
        for (int i = 0; i < 6; i++) {
            last = service.accept(new InboundMessageRequest(
                            Channel.PORTAL,
                            "rising-" + i + "-" + UUID.randomUUID(),
                            client.getId(),
                            null,
                            "Another thought about the worksheet, number " + (i + 1),
                            null))
                    .message();
            UUID id = last.getId();
            awaitMessage(id, m -> m.getRoute() != null);
        }

        Message tipping = last;
        eventually(() -> assertThat(agenda.forClient(client.getId()))
                .anyMatch(item -> SessionAgenda.COMMUNICATION_PATTERN.equals(item.getKind())));
        UUID flaggedBy = agenda.forClient(client.getId()).stream()
                .filter(item -> SessionAgenda.COMMUNICATION_PATTERN.equals(item.getKind()))
                .findFirst()
                .orElseThrow()
                .getMessageId();
        assertThat(audit.eventsFor("MESSAGE", flaggedBy))
                .extracting(AuditEvent::getEventType)
                .contains("COMMUNICATION_PATTERN_FLAGGED");
        assertThat(messages.findById(tipping.getId()).orElseThrow().getRoute()).isNotNull();
        assertThat(incidents(
                        tipping.getProcessInstanceKey() == null
                                ? messages.findById(tipping.getId())
                                        .orElseThrow()
                                        .getProcessInstanceKey()
                                : tipping.getProcessInstanceKey()))
                .isEmpty();
    }
}
