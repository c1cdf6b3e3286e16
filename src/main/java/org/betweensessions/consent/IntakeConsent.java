package org.betweensessions.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.consent.ConsentReview.Arrangement;
import org.betweensessions.message.Channel;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.policy.ClientPolicyDocument;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.CommunicationPolicyRepository;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.policy.PolicyService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the intake-consent process, one method per service task. Each is idempotent: the
 * outbox is keyed by request (and version, reminder number), reviews by request, and audit events of
 * a step are written only when the step had an effect.
 */
@Service
public class IntakeConsent {

    static final String ACTOR = "intake-consent";

    /** What the intake coordinator did about a missing acknowledgement (form follow-up-missing-consent). */
    public enum FollowUpOutcome {
        REACHED_CLIENT_WILL_CONFIRM,
        LEFT_MESSAGE,
        RESEND_POLICY,
        NOT_REACHED,
        DISCUSS_IN_SESSION
    }

    /** Why a review choice does not fit: the form field, and a sentence for the clinician. */
    public record ReviewProblem(String field, String message) {}

    private final ConsentRequestRepository requests;
    private final ConsentRequests requestService;
    private final ConsentReviewRepository reviews;
    private final ClientRepository clients;
    private final CommunicationPolicyRepository policyVersions;
    private final PolicyService policies;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Clock clock;
    private final ConsentProperties timing;

    IntakeConsent(
            ConsentRequestRepository requests,
            ConsentRequests requestService,
            ConsentReviewRepository reviews,
            ClientRepository clients,
            CommunicationPolicyRepository policyVersions,
            PolicyService policies,
            Outbox outbox,
            AuditTrail audit,
            Clock clock,
            ConsentProperties timing) {
        this.timing = timing;
        this.requests = requests;
        this.requestService = requestService;
        this.reviews = reviews;
        this.clients = clients;
        this.policyVersions = policyVersions;
        this.policies = policies;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What SendPolicyToClientTask tells the instance: the version and channel, the stored absolute
     * deadlines its timers read, and whether the clinician's review is already recorded (a rebuilt
     * instance then opens no review task).
     */
    public record PolicySent(
            int policyVersion,
            String channel,
            Instant reminderAt,
            Instant secondReminderAt,
            Instant escalateAt,
            boolean reviewRecorded) {}

    /**
     * SendPolicyToClientTask: the policy in the client's language through their preferred channel.
     * The first time, the reminder and escalation times are computed from this moment and stored; a
     * rebuilt instance gets the stored ones (and sends nothing: the outbox key is the same).
     */
    @Transactional
    public PolicySent sendPolicy(UUID requestId, long processInstanceKey) {
        return sendPolicy(requestId, processInstanceKey, null, null, null);
    }

    /**
     * The same, with the delays the decision table consent-reminders gave (each null: the
     * configuration's, bsc.consent.*). Delays that do not increase (reminder, second reminder,
     * coordinator follow-up) fail the job: an incident an admin sees, naming the setting.
     */
    @Transactional
    public PolicySent sendPolicy(
            UUID requestId,
            long processInstanceKey,
            Duration reminderAfter,
            Duration secondReminderAfter,
            Duration escalateAfter) {
        ConsentRequest request = request(requestId);
        request.startedAs(processInstanceKey);
        request.policySent(
                clock.instant(),
                new ConsentProperties(
                        reminderAfter != null ? reminderAfter : timing.reminderAfter(),
                        secondReminderAfter != null ? secondReminderAfter : timing.secondReminderAfter(),
                        escalateAfter != null ? escalateAfter : timing.escalateAfter(),
                        timing.coordinatorGroup()));
        PolicySent sent = enqueuePolicy(request, "consent-policy:" + requestId + ":v" + request.getPolicyVersion());
        return new PolicySent(
                sent.policyVersion(),
                sent.channel(),
                request.getReminderAt(),
                request.getSecondReminderAt(),
                request.getEscalateAt(),
                reviews.findByRequestId(requestId).isPresent());
    }

    /**
     * The request now asks about a newer version (used on a policy change); the client is sent it
     * only when what they read changed.
     */
    @Transactional
    public void resendAfterChange(ConsentRequest request, CommunicationPolicy newer) {
        request.retarget(newer);
        requestService.policyVersionChanged(request);
        if (newer.isClientFacingChange()) {
            enqueuePolicy(request, "consent-policy:" + request.getId() + ":v" + newer.getVersion());
        }
    }

    private PolicySent enqueuePolicy(ConsentRequest request, String key) {
        Client client = client(request.getClientId());
        CommunicationPolicy policy = policy(request.getPolicyId());
        Channel channel = deliveryChannel(client, policy.getDocument());
        ClientPolicyDocument.Rendered doc = policies.render(client, policy, client.getPreferredLanguage());
        boolean updated = request.getKind() == ConsentRequest.Kind.RECONSENT;
        Outbox.Enqueued sent = outbox.enqueue(new Outbox.Notification(
                key,
                channel,
                client.getId(),
                updated ? ConsentNotifications.POLICY_UPDATED : ConsentNotifications.POLICY,
                doc.language(),
                ConsentNotifications.policy(doc, updated)));
        if (sent.created()) {
            audit.record(
                    ACTOR,
                    "POLICY_SENT",
                    "CLIENT",
                    client.getId(),
                    details(request, "channel", channel.name(), "language", doc.language()));
        }
        return new PolicySent(policy.getVersion(), channel.name(), null, null, null, false);
    }

    /** SendFirstReminderTask / SendSecondReminderTask. False when nothing was needed any more. */
    @Transactional
    public boolean remind(UUID requestId, int number) {
        ConsentRequest request = request(requestId);
        if (!request.isOpen() || request.getConsentId() != null) {
            return false;
        }
        Client client = client(request.getClientId());
        CommunicationPolicy policy = policy(request.getPolicyId());
        Channel channel = deliveryChannel(client, policy.getDocument());
        String language = ClientPolicyDocument.language(client.getPreferredLanguage());
        String crisis = policy.getDocument().crisis().resources().stream()
                .map(r -> ClientPolicyDocument.resource(r, language))
                .collect(Collectors.joining("; "));
        Outbox.Enqueued sent = outbox.enqueue(new Outbox.Notification(
                "consent-reminder:" + requestId + ":" + number,
                channel,
                client.getId(),
                ConsentNotifications.REMINDER,
                language,
                ConsentNotifications.reminder(language, policy.getVersion(), crisis)));
        request.reminderSent(number);
        if (sent.created()) {
            audit.record(
                    ACTOR,
                    "CONSENT_REMINDER_SENT",
                    "CLIENT",
                    client.getId(),
                    details(request, "reminder", number, "channel", channel.name()));
        }
        return true;
    }

    /**
     * EscalateMissingConsentTask: documented once, then the coordinator's task is created, unless the
     * coordinator's follow-up is already recorded (a rebuilt instance): returns true then.
     */
    @Transactional
    public boolean escalate(UUID requestId) {
        ConsentRequest request = request(requestId);
        if (request.getEscalatedAt() != null) {
            return request.getFollowedUpAt() != null;
        }
        request.escalated(clock.instant());
        audit.record(
                ACTOR,
                "CONSENT_ESCALATED",
                "CLIENT",
                request.getClientId(),
                details(request, "remindersSent", request.getRemindersSent(), "to", "INTAKE_COORDINATOR"));
        return false;
    }

    /** RecordConsentFollowUpTask: what the coordinator did; a resend puts the policy in the outbox again. */
    @Transactional
    public void recordFollowUp(UUID requestId, FollowUpOutcome outcome, String by, long userTaskKey) {
        ConsentRequest request = request(requestId);
        String marker = String.valueOf(userTaskKey);
        boolean recorded = audit.eventsFor("CLIENT", request.getClientId()).stream()
                .anyMatch(e -> e.getEventType().equals("CONSENT_FOLLOW_UP_RECORDED")
                        && e.getDetails() != null
                        && e.getDetails().contains("\"userTaskKey\":\"" + marker + "\""));
        if (recorded) {
            return;
        }
        request.followedUp(clock.instant(), by);
        audit.record(
                by == null ? ACTOR : by,
                "CONSENT_FOLLOW_UP_RECORDED",
                "CLIENT",
                request.getClientId(),
                details(request, "outcome", outcome.name(), "userTaskKey", marker));
        if (outcome == FollowUpOutcome.RESEND_POLICY && request.isOpen()) {
            enqueuePolicy(request, "consent-policy-resend:" + requestId + ":" + marker);
        }
    }

    /**
     * RecordPolicyReviewTask. Returns a problem (nothing written) when a choice does not fit the client
     * or the policy; the process then sends the clinician back to the form.
     */
    @Transactional
    public Optional<ReviewProblem> recordReview(UUID requestId, ReviewChoices choices, String reviewedBy) {
        ConsentRequest request = request(requestId);
        if (reviews.findByRequestId(requestId).isPresent()) {
            return Optional.empty();
        }
        Client client = client(request.getClientId());
        CommunicationPolicy policy = policy(request.getPolicyId());
        Optional<ReviewProblem> problem = checkReview(client, policy.getDocument(), choices);
        if (problem.isPresent()) {
            return problem;
        }
        reviews.saveAndFlush(new ConsentReview(requestId, client.getId(), choices, reviewedBy, clock.instant()));
        client.changePreferredChannel(choices.preferredChannel());
        audit.record(
                reviewedBy,
                "POLICY_REVIEWED_WITH_CLIENT",
                "CLIENT",
                client.getId(),
                details(
                        request,
                        "preferredChannel",
                        choices.preferredChannel().name(),
                        "arrangement",
                        choices.arrangement().name(),
                        "understandingChecked",
                        true,
                        "smsRemindersAgreed",
                        choices.agreesToSmsReminders()));
        return Optional.empty();
    }

    /** PORTAL: "the secure portal", as a clinician says it. */
    static String channelWords(Channel channel) {
        return switch (channel) {
            case PORTAL -> "the secure portal";
            case EMAIL -> "practice email";
            case PHONE -> "phone calls";
            case VIDEO -> "video calls";
            default -> channel.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** The rules a review must follow, for the API (4xx) and the worker (back to the form) alike. */
    public Optional<ReviewProblem> checkReview(Client client, PolicyDocument policy, ReviewChoices choices) {
        if (choices.preferredChannel() == null || choices.arrangement() == null) {
            return Optional.of(new ReviewProblem(
                    choices.preferredChannel() == null ? "preferredChannel" : "arrangement", "Choose a value"));
        }
        if (!choices.understoodChannels()
                || !choices.understoodContactKinds()
                || !choices.understoodResponseTime()
                || !choices.understoodCrisisPlan()) {
            String field = !choices.understoodChannels()
                    ? "understoodChannels"
                    : !choices.understoodContactKinds()
                            ? "understoodContactKinds"
                            : !choices.understoodResponseTime() ? "understoodResponseTime" : "understoodCrisisPlan";
            return Optional.of(new ReviewProblem(
                    field,
                    "Go through this part again with the client until they can say it back in their own words."));
        }
        List<Channel> offered = policy.channelsOffered().stream()
                .map(PolicyDocument.OfferedChannel::channel)
                .toList();
        if (!offered.contains(choices.preferredChannel())) {
            String chosen = channelWords(choices.preferredChannel());
            return Optional.of(new ReviewProblem(
                    "preferredChannel",
                    Character.toUpperCase(chosen.charAt(0)) + chosen.substring(1)
                            + " is not offered by this client's policy; choose "
                            + String.join(
                                    " or ",
                                    offered.stream()
                                            .map(IntakeConsent::channelWords)
                                            .toList())
                            + "."));
        }
        if (choices.arrangement() == Arrangement.DBT_SKILLS_COACHING
                && (policy.modalityExceptions() == null
                        || !policy.modalityExceptions().dbtSkillsCoachingByPhone())) {
            return Optional.of(new ReviewProblem(
                    "arrangement",
                    "This policy does not offer DBT skills coaching by phone; ask a supervisor to add it first."));
        }
        if (choices.agreesToSmsReminders()
                && (policy.smsAppointmentReminders() == null
                        || !policy.smsAppointmentReminders().offered())) {
            return Optional.of(
                    new ReviewProblem("smsReminders", "This policy does not offer appointment reminders by SMS."));
        }
        if (choices.arrangement() == Arrangement.OPEN_INBOX) {
            if (policy.modalityExceptions() == null
                    || !policy.modalityExceptions().openInboxForLowRisk()) {
                return Optional.of(new ReviewProblem("arrangement", "This policy does not offer an open inbox."));
            }
            if (client.getRiskLevel() != RiskLevel.LOW) {
                return Optional.of(new ReviewProblem(
                        "arrangement",
                        "An open inbox is only for low-risk clients: messages may be read late or not answered."));
            }
        }
        return Optional.empty();
    }

    /** CompleteConsentRequestTask: the request is done; the client hears that messaging is open. */
    @Transactional
    public void complete(UUID requestId, UUID consentId) {
        ConsentRequest request = request(requestId);
        if (!request.isOpen()) {
            return;
        }
        Client client = client(request.getClientId());
        request.completed(clock.instant());
        requests.flush(); // the request no longer holds the client's one open slot
        String language = ClientPolicyDocument.language(client.getPreferredLanguage());
        outbox.enqueue(new Outbox.Notification(
                "consent-confirmed:" + requestId,
                deliveryChannel(client, policy(request.getPolicyId()).getDocument()),
                client.getId(),
                ConsentNotifications.CONFIRMED,
                language,
                ConsentNotifications.confirmed(language, request.getPolicyVersion())));
        audit.record(
                ACTOR,
                "CONSENT_REQUEST_COMPLETED",
                "CLIENT",
                client.getId(),
                details(request, "consentId", String.valueOf(consentId)));
        // The policy may have changed while the acknowledgement was under way: ask about the newest one.
        CommunicationPolicy effective = policies.effectiveFor(client);
        Optional<ClientConsent> toEffective = requests.consentTo(client.getId(), effective.getId());
        if (toEffective.isEmpty() && effective.isClientFacingChange()) {
            requestService.open(client, effective, ConsentRequest.Kind.RECONSENT, ACTOR);
        }
    }

    /** Preferred channel if the policy offers it for writing; else the first written channel offered. */
    static Channel deliveryChannel(Client client, PolicyDocument policy) {
        List<Channel> written = policy.channelsOffered().stream()
                .map(PolicyDocument.OfferedChannel::channel)
                .filter(c -> c == Channel.PORTAL || c == Channel.EMAIL)
                .toList();
        if (written.contains(client.getPreferredChannel())) {
            return client.getPreferredChannel();
        }
        return written.isEmpty() ? Channel.PORTAL : written.getFirst();
    }

    private static Map<String, Object> details(ConsentRequest request, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("requestId", request.getId().toString());
        details.put("kind", request.getKind().name());
        details.put("policyVersion", request.getPolicyVersion());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            details.put(String.valueOf(pairs[i]), pairs[i + 1]);
        }
        return details;
    }

    private ConsentRequest request(UUID requestId) {
        return requests.findById(requestId)
                .orElseThrow(() -> new IllegalStateException("No consent request " + requestId));
    }

    private Client client(UUID clientId) {
        return clients.findById(clientId).orElseThrow(() -> new IllegalStateException("No client " + clientId));
    }

    private CommunicationPolicy policy(UUID policyId) {
        return policyVersions.findById(policyId).orElseThrow(() -> new IllegalStateException("No policy " + policyId));
    }
}
