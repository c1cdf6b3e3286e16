package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.betweensessions.api.ConflictException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.crisis.CrisisAcknowledgement.ContactMade;
import org.betweensessions.crisis.CrisisAcknowledgement.NextStep;
import org.betweensessions.crypto.MessageCipher;
import org.betweensessions.inbox.CrisisAcknowledgementRequest;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.inbox.ReplyRequest;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 6, part 3: message text never reaches the engine, whatever the route; every encrypted
 * column of every row is ciphertext; production does not start without a key.
 */
class PrivacyTest extends EmbeddedStackTest {

    static final Instant WEDNESDAY_10AM_NY =
            ZonedDateTime.parse("2026-11-18T10:00:00-05:00[America/New_York]").toInstant();
    static final Instant SATURDAY_11PM_NY =
            ZonedDateTime.parse("2026-11-21T23:00:00-05:00[America/New_York]").toInstant();

    @Autowired
    MessageService service;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MessageCipher cipher;

    private Message send(Channel channel, UUID clientId, String sender, String body, Instant at) {
        return service.accept(
                        new InboundMessageRequest(channel, "privacy-" + UUID.randomUUID(), clientId, sender, body, at))
                .message();
    }

    /** The user task appears a moment after the route is recorded; until then the API says 409. */
    static void untilNoConflict(Runnable action) {
        Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(ConflictException.class)
                .until(() -> {
                    action.run();
                    return true;
                });
    }

    @Test
    void noProcessVariableOfAnyRouteHoldsMessageOrReplyText() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Client taylor = demoClient("alex", ClientStatus.INTAKE);
        Client robin = demoClient("blair", ClientStatus.TERMINATED);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String unknownSender = "privacy." + tag + "@example.net";
        List<String> secrets = new ArrayList<>(List.of(unknownSender));
        List<Message> sent = new ArrayList<>();
        record Route(Channel channel, Client client, String sender, String body, Instant at) {}
        List<Route> routes = List.of(
                new Route(
                        Channel.PORTAL,
                        jordan,
                        null,
                        "Could we talk this week? Things with my sister " + tag
                                + " have been hard and I could use some advice.",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.PORTAL,
                        jordan,
                        null,
                        "Could we talk this week about my mom " + tag
                                + "? The argument keeps coming back to me and I could use some advice.",
                        SATURDAY_11PM_NY),
                new Route(
                        Channel.PORTAL,
                        jordan,
                        null,
                        "I need to reschedule my appointment next Tuesday " + tag + ", could we move it to Thursday?",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.PORTAL,
                        jordan,
                        null,
                        "Quick update: I did the breathing exercise every day " + tag + " and I'm sleeping better.",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.PORTAL,
                        jordan,
                        null,
                        "I sent you a friend request on Facebook " + tag + ", hope that's ok!",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.SMS,
                        null,
                        "+1 (555) 0142",
                        "hey, rough day " + tag + ", can we talk about it this week?",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.PORTAL,
                        taylor,
                        null,
                        "Could we talk before our first session " + tag + " about what to expect?",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.PORTAL,
                        robin,
                        null,
                        "Hi, could we find a time " + tag + " to talk about how my new job is going?",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.EMAIL,
                        null,
                        unknownSender,
                        "Hello, do you have openings " + tag + " for new clients on weekday evenings?",
                        WEDNESDAY_10AM_NY),
                new Route(
                        Channel.PORTAL,
                        jordan,
                        null,
                        "I don't want to be alive anymore. I have the pills ready for tonight. " + tag,
                        now()));
        for (Route r : routes) {
            sent.add(send(r.channel(), r.client() == null ? null : r.client().getId(), r.sender(), r.body(), r.at()));
            secrets.add(r.body());
        }
        List<Message> routed = sent.stream()
                .map(m -> awaitMessage(m.getId(), x -> x.getRoute() != null))
                .toList();
        assertThat(routed.stream().map(Message::getRoute).distinct())
                .contains("CLINICIAN", "COORDINATOR", "CLOSED", "CRISIS");

        // A clinician's reply and a crisis acknowledgement go through the engine too.
        // The first message routed to a clinician (the model may flag a borderline one as crisis).
        Message clinicians = routed.stream()
                .filter(m -> "CLINICIAN".equals(m.getRoute()))
                .findFirst()
                .orElseThrow();
        Message support = awaitMessage(clinicians.getId(), m -> m.getStatus() == MessageStatus.AWAITING_RESPONSE);
        untilNoConflict(() -> service.reply(
                support.getId(),
                new ReplyRequest("Thank you for telling me about your sister " + tag),
                new CurrentUser("alex", StaffRole.CLINICIAN)));
        secrets.add("Thank you for telling me about your sister " + tag);
        Message crisis = sent.getLast();
        untilNoConflict(() -> service.acknowledgeCrisis(
                crisis.getId(),
                new CrisisAcknowledgementRequest(ContactMade.PHONE_CALL, true, NextStep.SAFETY_PLAN_REVIEWED),
                new CurrentUser("alex", StaffRole.CLINICIAN)));
        awaitMessage(crisis.getId(), m -> m.getStatus() == MessageStatus.ANSWERED);
        // Auto-replies (after-hours, crisis resources, redirects...) are client-facing text as well.
        for (Message m : sent) {
            messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()).forEach(r -> secrets.add(r.getBody()));
        }

        int variables = 0;
        List<String> leaks = new ArrayList<>();
        for (var r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() != ValueType.VARIABLE) {
                continue;
            }
            variables++;
            VariableRecordValue v = (VariableRecordValue) r.getValue();
            for (String secret : secrets) {
                if (v.getValue().contains(secret) || v.getValue().contains(tag)) {
                    leaks.add(v.getName() + "=" + v.getValue());
                }
            }
        }
        assertThat(variables).isGreaterThan(100);
        assertThat(leaks).isEmpty();
        // Not only variables: no record of any kind (jobs, messages, incidents, user tasks) mentions them.
        assertThat(engineRecordsMentioning(tag)).isEmpty();
        assertThat(engineRecordsMentioning("+1 (555) 0142")).isEmpty();
    }

    @Test
    void everyEncryptedColumnOfEveryRowIsCiphertext() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = awaitMessage(
                send(
                                Channel.PORTAL,
                                jordan.getId(),
                                null,
                                "Can we talk about what happened with my mom? I'd like your advice before I see her again.",
                                SATURDAY_11PM_NY)
                        .getId(),
                x -> x.getStatus() == MessageStatus.AWAITING_RESPONSE);
        untilNoConflict(() -> service.reply(
                m.getId(),
                new ReplyRequest("Yes, let's make time for it."),
                new CurrentUser("alex", StaffRole.CLINICIAN)));
        eventually(() -> assertThat(jdbc.queryForObject("select count(*) from outbox", Long.class))
                .isPositive());

        Map<String, String> columns = Map.of("message", "body_enc", "outbox", "body_enc", "client", "display_name_enc");
        int checked = 0;
        for (var entry : columns.entrySet()) {
            List<String> raw = jdbc.queryForList(
                    "select " + entry.getValue() + " from " + entry.getKey() + " where " + entry.getValue()
                            + " is not null",
                    String.class);
            assertThat(raw).as(entry.getKey()).isNotEmpty();
            for (String value : raw) {
                assertThat(value).as(entry.getKey() + "." + entry.getValue()).startsWith("v1:");
                String plain = cipher.decrypt(value);
                assertThat(value).doesNotContain(plain.length() > 8 ? plain.substring(0, 8) : plain);
                checked++;
            }
        }
        // The replies by kind: a clinician's reply and the after-hours auto-reply are in message rows.
        assertThat(jdbc.queryForList(
                        "select body_enc from message where in_reply_to_id = ?",
                        String.class,
                        m.getId().toString()))
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(v -> assertThat(v).startsWith("v1:").doesNotContain("make time"));
        List<String> senders =
                jdbc.queryForList("select sender_enc from message where sender_enc is not null", String.class);
        senders.forEach(s -> assertThat(s).startsWith("v1:").doesNotContain("@").doesNotContain("555"));
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void noCoverageSummaryTextReachesTheEngineAndItIsCiphertextAtRest() {
        Api api = new Api(port);
        LocalDate from =
                now().atZone(ZoneId.of("America/New_York")).toLocalDate().plusDays(560 + (int) (Math.random() * 150));
        Api.Response created = api.post(
                "alex",
                "/api/coverages",
                Api.json(Map.of(
                        "coveringClinician",
                        "blair",
                        "startsOn",
                        from.toString(),
                        "endsOn",
                        from.plusDays(2).toString(),
                        "reasonCategory",
                        "VACATION")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        Client client = demoClient("alex", ClientStatus.ACTIVE);
        String tag = "Clozapine 300 mg, ANC monitoring weekly " + UUID.randomUUID();
        Api.Response written = api.send(
                "alex",
                "PUT",
                "/api/coverages/" + id + "/summaries/" + client.getId(),
                "application/json",
                Api.json(Map.of("text", tag)).getBytes(StandardCharsets.UTF_8));
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        // The instance has run its first steps (the covering clinician's task is open) meanwhile.
        eventually(() -> assertThat(jdbc.queryForObject(
                        "select process_instance_key from coverage" + " where id = ?", Long.class, id))
                .isNotNull());

        assertThat(engineRecordsMentioning("Clozapine")).isEmpty();
        assertThat(engineRecordsMentioning(tag.substring(tag.length() - 36))).isEmpty();
        String stored = jdbc.queryForObject(
                "select text_enc from coverage_summary where coverage_id" + " = ?", String.class, id);
        assertThat(stored).startsWith("v1:").doesNotContain("Clozapine");
        assertThat(cipher.decrypt(stored)).isEqualTo(tag);
        assertThat(api.post("alex", "/api/coverages/" + id + "/cancel", "").status())
                .isEqualTo(200);
    }
}
