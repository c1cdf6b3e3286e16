package org.betweensessions.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRegistration;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.consent.ConsentRequest;
import org.betweensessions.consent.ConsentRequestRepository;
import org.betweensessions.consent.ConsentReview.Arrangement;
import org.betweensessions.consent.IntakeConsent;
import org.betweensessions.consent.ReviewChoices;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.support.EmbeddedStackTest;
import org.betweensessions.triage.Route;
import org.betweensessions.triage.TriageService;
import org.betweensessions.workers.AddToSessionAgendaWorker;
import org.betweensessions.workers.AlertCrisisWorker;
import org.betweensessions.workers.CompleteConsentRequestWorker;
import org.betweensessions.workers.EscalateMissingConsentWorker;
import org.betweensessions.workers.RecordCrisisAcknowledgementWorker;
import org.betweensessions.workers.RecordCrisisDocumentationWorker;
import org.betweensessions.workers.RemindCrisisDocumentationWorker;
import org.betweensessions.workers.RouteMessageWorker;
import org.betweensessions.workers.SendAutoReplyWorker;
import org.betweensessions.workers.SendConsentReminderWorker;
import org.betweensessions.workers.SendCrisisResourcesWorker;
import org.betweensessions.workers.TrackCommunicationPatternWorker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 6, part 4: the engine delivers a job at least once. Every job type's worker (or, where the
 * worker needs the activated job, the service it calls) runs again for work the engine already did,
 * or twice in a row, and nothing changes the second time: one auto-reply, one alert, one audit entry
 * per event type, one agenda item, one outbox row.
 */
class WorkerIdempotencyTest extends EmbeddedStackTest {

    static final Instant WEDNESDAY_10AM_NY =
            ZonedDateTime.parse("2026-11-18T10:00:00-05:00[America/New_York]").toInstant();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MessageService service;

    @Autowired
    TriageService triage;

    @Autowired
    TrackCommunicationPatternWorker track;

    @Autowired
    RouteMessageWorker route;

    @Autowired
    SendAutoReplyWorker autoReply;

    @Autowired
    AddToSessionAgendaWorker agenda;

    @Autowired
    SendCrisisResourcesWorker resources;

    @Autowired
    AlertCrisisWorker alert;

    @Autowired
    RecordCrisisAcknowledgementWorker acknowledgement;

    @Autowired
    RecordCrisisDocumentationWorker documentation;

    @Autowired
    RemindCrisisDocumentationWorker remindToDocument;

    @Autowired
    ClientRegistration registration;

    @Autowired
    ConsentRequestRepository requests;

    @Autowired
    IntakeConsent consent;

    @Autowired
    SendConsentReminderWorker reminder;

    @Autowired
    EscalateMissingConsentWorker escalate;

    @Autowired
    CompleteConsentRequestWorker complete;

    /** Runs the job again and shows that no table changed. */
    private void again(String job, Runnable redelivery) {
        settle(); // earlier work (other instances) must not run into this comparison
        Map<String, Long> before = StackCounts.of(jdbc, engine);
        redelivery.run();
        assertThat(StackCounts.of(jdbc, engine)).as("redelivered " + job).isEqualTo(before);
    }

    /** Runs the job twice: the first may change things, the second must not. */
    private void twice(String job, Runnable delivery) {
        delivery.run();
        again(job, delivery);
    }

    private void settle() {
        Map<String, Long> last = StackCounts.of(jdbc, engine);
        for (int i = 0; i < 100; i++) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            Map<String, Long> now = StackCounts.of(jdbc, engine);
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
    }

    private long audits(String subjectId, String eventType) {
        return jdbc.queryForObject(
                "select count(*) from audit_event where subject_id like ? and event_type = ?",
                Long.class,
                subjectId + "%",
                eventType);
    }

    @Test
    void triageJobsRunTwiceHaveOneEffect() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = service.accept(new InboundMessageRequest(
                        Channel.PORTAL,
                        "idem-" + UUID.randomUUID(),
                        jordan.getId(),
                        null,
                        "Quick update: I did the breathing exercise every day this week and I'm sleeping better.",
                        WEDNESDAY_10AM_NY))
                .message();
        Message done = awaitMessage(m.getId(), x -> x.getStatus() == MessageStatus.CLOSED);
        eventually(() -> assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId()))
                .hasSize(1));
        String id = m.getId().toString();

        again("screen-message", () -> triage.screen(m.getId(), done.getProcessInstanceKey()));
        again("track-communication-pattern", () -> track.track(m.getId()));
        again(
                "route-message",
                () -> route.route(m.getId(), Route.valueOf(done.getRoute()), "policy window", 0.75, "alex", "casey"));
        again("send-auto-reply", () -> autoReply.send(m.getId(), "ack.therapeutic-update"));
        again("add-to-session-agenda", () -> agenda.add(m.getId()));

        assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId())).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from session_agenda_item where message_id = ?", Long.class, id))
                .isEqualTo(1);
    }

    @Test
    void crisisJobsRunTwiceAlertOnceAndDocumentOnce() {
        Client jordan = demoClient("alex", ClientStatus.ACTIVE);
        Message m = service.accept(InboundMessageRequest.fromClient(
                        Channel.PORTAL,
                        "idem-" + UUID.randomUUID(),
                        jordan.getId(),
                        "I don't want to be alive anymore. I have the pills ready for tonight."))
                .message();
        awaitMessage(m.getId(), x -> "CRISIS".equals(x.getCategory()) && x.getProcessInstanceKey() != null);
        eventually(
                () -> assertThat(audits(m.getId().toString(), "CRISIS_ALERT")).isEqualTo(1));
        String id = m.getId().toString();

        again("send-crisis-resources", () -> resources.send(m.getId()));
        again("alert-crisis (clinician)", () -> alert.alert(m.getId(), "CLINICIAN", "alex", "PT10M"));
        twice("alert-crisis (covering)", () -> alert.alert(m.getId(), "COVERING", "blair", null));
        twice("record-crisis-acknowledgement", () -> acknowledgement.record(m.getId(), "alex", null));
        twice("remind-crisis-documentation", () -> remindToDocument.remind(m.getId(), "alex"));
        twice(
                "record-crisis-documentation",
                () -> documentation.record(m.getId(), "alex", "PHONE_CALL", true, "SAFETY_PLAN_REVIEWED", 20));

        assertThat(messages.findByInReplyToIdOrderByCreatedAtAsc(m.getId())).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from staff_alert where message_id = ?", Long.class, id))
                .isEqualTo(2);
        for (String type : new String[] {
            "CRISIS_DETECTED",
            "CRISIS_RESOURCES_SENT",
            "CRISIS_ALERT",
            "CRISIS_ESCALATED",
            "CRISIS_ACKNOWLEDGED",
            "CRISIS_DOCUMENTATION_REMINDER",
            "CRISIS_DOCUMENTED"
        }) {
            assertThat(audits(id, type)).as(type).isEqualTo(1);
        }
        // One crisis follow-up for the next session and, the client not being rated high risk, one
        // "review risk level" item: each once, however often the jobs ran.
        for (String kind : new String[] {"CRISIS_FOLLOW_UP", "REVIEW_RISK_LEVEL"}) {
            assertThat(jdbc.queryForObject(
                            "select count(*) from session_agenda_item where message_id = ?" + " and kind = ?",
                            Long.class,
                            id,
                            kind))
                    .as(kind)
                    .isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("select count(*) from session_agenda_item where message_id = ?", Long.class, id))
                .isEqualTo(2);
    }

    @Test
    void consentJobsRunTwiceSendOneOutboxRowEach() {
        Client client = registration.register(
                new ClientRegistration.RegisterClient("Idem Potent " + UUID.randomUUID(), "alex", Channel.PORTAL, "en"),
                null,
                "casey");
        ConsentRequest request = await(client.getId());
        UUID requestId = request.getId();
        String rid = requestId.toString();
        eventually(() -> assertThat(jdbc.queryForObject(
                        "select count(*) from outbox where idempotency_key like ?",
                        Long.class,
                        "consent-policy:" + rid + "%"))
                .isEqualTo(1));

        again("send-policy-to-client", () -> consent.sendPolicy(requestId, request.getProcessInstanceKey()));
        twice("send-consent-reminder 1", () -> reminder.remind(requestId, 1));
        twice("escalate-missing-consent", () -> escalate.escalate(requestId));
        twice(
                "record-consent-follow-up",
                () -> consent.recordFollowUp(requestId, IntakeConsent.FollowUpOutcome.RESEND_POLICY, "casey", 4242L));
        twice(
                "record-policy-review",
                () -> consent.recordReview(
                        requestId,
                        new ReviewChoices(Channel.PORTAL, true, true, true, true, Arrangement.STANDARD),
                        "alex"));
        twice("complete-consent-request", () -> complete.complete(requestId, null));

        String cid = client.getId().toString();
        for (String key : new String[] {
            "consent-policy:" + rid + ":",
            "consent-reminder:" + rid + ":1",
            "consent-policy-resend:" + rid + ":",
            "consent-confirmed:" + rid
        }) {
            assertThat(jdbc.queryForObject(
                            "select count(*) from outbox where idempotency_key like ?", Long.class, key + "%"))
                    .as(key)
                    .isEqualTo(1);
        }
        // POLICY_SENT is not counted: completing without consent may open a re-consent request (new key).
        for (String type : new String[] {
            "CONSENT_REMINDER_SENT",
            "CONSENT_ESCALATED",
            "CONSENT_FOLLOW_UP_RECORDED",
            "POLICY_REVIEWED_WITH_CLIENT",
            "CONSENT_REQUEST_COMPLETED"
        }) {
            assertThat(audits(cid, type)).as(type).isEqualTo(1);
        }
    }

    private ConsentRequest await(UUID clientId) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> requests.findFirstByClientIdAndStatus(clientId, ConsentRequest.Status.OPEN)
                                .orElse(null),
                        r -> r != null && r.getProcessInstanceKey() != null);
    }
}
