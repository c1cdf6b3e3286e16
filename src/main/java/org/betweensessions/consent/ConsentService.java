package org.betweensessions.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.api.NotFoundException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.betweensessions.client.ClientConsentRepository;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.EmergencyContactRecords;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.engine.LiveInstances;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consent as the rest of the application sees it: whether a client may use between-session messaging
 * beyond administrative matters, recording an acknowledgement, and the staff steps done through the API.
 */
@Service
public class ConsentService {

    /** What between-session contact a client has. */
    public enum ContactScope {
        /** No consent recorded yet: administrative handling only (scheduling, billing, paperwork). */
        ADMINISTRATIVE_ONLY,
        /** Consent recorded (a pending re-consent does not narrow it). */
        FULL,
        /** Treatment ended. */
        CLOSED
    }

    private final ConsentRequestRepository requests;
    private final ConsentRequests requestService;
    private final ConsentReviewRepository reviews;
    private final ClientRepository clients;
    private final ClientConsentRepository consents;
    private final ClinicianRepository clinicians;
    private final PolicyService policies;
    private final IntakeConsent steps;
    private final UserTasks userTasks;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final LiveInstances live;

    /** Intake records the client's emergency contact with the review, when one is given. */
    private final EmergencyContactRecords emergencyContacts;

    ConsentService(
            ConsentRequestRepository requests,
            ConsentRequests requestService,
            ConsentReviewRepository reviews,
            ClientRepository clients,
            ClientConsentRepository consents,
            ClinicianRepository clinicians,
            PolicyService policies,
            IntakeConsent steps,
            UserTasks userTasks,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            LiveInstances live,
            EmergencyContactRecords emergencyContacts) {
        this.emergencyContacts = emergencyContacts;
        this.live = live;
        this.requests = requests;
        this.requestService = requestService;
        this.reviews = reviews;
        this.clients = clients;
        this.consents = consents;
        this.clinicians = clinicians;
        this.policies = policies;
        this.steps = steps;
        this.userTasks = userTasks;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** For triage: true once any consent is recorded; a pending re-consent still counts. */
    @Transactional(readOnly = true)
    public boolean hasCurrentConsent(UUID clientId) {
        return requests.hasAnyConsent(clientId);
    }

    @Transactional(readOnly = true)
    public ContactScope contactScope(UUID clientId) {
        Client client = client(clientId);
        if (client.getStatus() == ClientStatus.TERMINATED) {
            return ContactScope.CLOSED;
        }
        return hasCurrentConsent(clientId) ? ContactScope.FULL : ContactScope.ADMINISTRATIVE_ONLY;
    }

    public record Recorded(ClientConsent consent, boolean created) {}

    /**
     * Records the client's acknowledgement of the policy version they read. Only the client's current
     * effective version is accepted (409 otherwise, documented as an exception event). Repeating the
     * same acknowledgement returns the stored consent. The waiting process hears of it after commit.
     */
    public Recorded recordConsent(UUID clientId, int policyVersion, Channel channel, String actor) {
        Channel via = channel == null ? Channel.PORTAL : channel;
        Recorded stored;
        try {
            stored = tx.execute(s -> record(clientId, policyVersion, via, actor));
        } catch (DataIntegrityViolationException raced) {
            // The same acknowledgement arrived twice at once: the other one stored it.
            stored = tx.execute(s -> record(clientId, policyVersion, via, actor));
        }
        Recorded recorded = stored;
        if (recorded.created()) {
            requests.findFirstByClientIdAndStatus(clientId, ConsentRequest.Status.OPEN)
                    .filter(r -> recorded.consent().getId().equals(r.getConsentId()))
                    .ifPresent(r -> requestService.publishConsentGiven(r.getId(), r.getConsentId()));
        }
        return recorded;
    }

    private Recorded record(UUID clientId, int policyVersion, Channel channel, String actor) {
        Client client = client(clientId);
        if (client.getStatus() == ClientStatus.TERMINATED) {
            throw new ConflictException("Treatment has ended for this client; no consent is needed");
        }
        CommunicationPolicy current = policies.effectiveFor(client);
        if (current.getVersion() != policyVersion) {
            refuseStale(clientId, policyVersion, current.getVersion(), actor);
        }
        Optional<ClientConsent> existing = requests.consentTo(clientId, current.getId());
        if (existing.isPresent()) {
            return new Recorded(existing.get(), false);
        }
        ClientConsent consent = consents.saveAndFlush(
                new ClientConsent(clientId, current.getId(), current.getVersion(), clock.instant(), channel, actor));
        if (client.getStatus() == ClientStatus.INTAKE) {
            client.activate();
        }
        Optional<ConsentRequest> open = requests.findFirstByClientIdAndStatus(clientId, ConsentRequest.Status.OPEN);
        open.filter(r -> r.getPolicyId().equals(current.getId())).ifPresent(r -> r.consentRecorded(consent.getId()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("consentId", consent.getId().toString());
        details.put("policyId", current.getId().toString());
        details.put("policyVersion", current.getVersion());
        details.put("channel", channel.name());
        details.put("consentedAt", consent.getConsentedAt().toString());
        open.ifPresent(r -> details.put("requestId", r.getId().toString()));
        audit.record(actor, "CONSENT_RECORDED", "CLIENT", clientId, details);
        return new Recorded(consent, true);
    }

    private void refuseStale(UUID clientId, int submitted, int current, String actor) {
        // Documented in its own transaction: the refusal itself must not be rolled back with the request.
        requestService.auditSeparately(
                actor,
                "CONSENT_STALE_VERSION_REFUSED",
                clientId,
                Map.of("submittedVersion", submitted, "currentVersion", current));
        throw new ConflictException("Policy version " + submitted + " is not the current one for this "
                + "client (current: " + current + "). Show the client version " + current
                + " and ask again.");
    }

    /** The client's consent state for staff (and the portal). */
    public record Status(
            UUID clientId,
            ClientStatus clientStatus,
            ContactScope contactScope,
            int currentPolicyVersion,
            List<ConsentView> consents,
            RequestView openRequest,
            List<RequestView> requests) {}

    public record ConsentView(UUID id, int policyVersion, Instant consentedAt) {}

    public record RequestView(
            UUID id,
            String kind,
            String status,
            int policyVersion,
            Long processInstanceKey,
            int remindersSent,
            Instant escalatedAt,
            boolean reviewRecorded,
            boolean reviewTaskOpen,
            boolean followUpTaskOpen) {}

    @Transactional(readOnly = true)
    public Status status(UUID clientId) {
        Client client = client(clientId);
        List<RequestView> all = requests.findByClientIdOrderByCreatedAtAsc(clientId).stream()
                .map(this::view)
                .toList();
        return new Status(
                clientId,
                client.getStatus(),
                contactScope(clientId),
                policies.effectiveFor(client).getVersion(),
                requests.consentsOf(clientId).stream()
                        .map(c -> new ConsentView(c.getId(), c.getPolicyVersion(), c.getConsentedAt()))
                        .toList(),
                all.stream().filter(r -> r.status().equals("OPEN")).findFirst().orElse(null),
                all);
    }

    private RequestView view(ConsentRequest r) {
        Long key = r.getProcessInstanceKey();
        return new RequestView(
                r.getId(),
                r.getKind().name(),
                r.getStatus().name(),
                r.getPolicyVersion(),
                key,
                r.getRemindersSent(),
                r.getEscalatedAt(),
                reviews.findByRequestId(r.getId()).isPresent(),
                key != null
                        && userTasks
                                .findOpenTask(key, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK)
                                .isPresent(),
                key != null
                        && userTasks
                                .findOpenTask(key, ProcessIds.FOLLOW_UP_MISSING_CONSENT_TASK)
                                .isPresent());
    }

    /**
     * The clinician's review, completed through the API (the embedded default has no Tasklist): the
     * same variables as the form, checked first so a bad choice is a 422 and the task stays open.
     */
    public void completeReview(UUID clientId, ReviewChoices choices, CurrentUser user) {
        Client client = client(clientId);
        boolean own = clinicians
                .findById(client.getClinicianId())
                .map(c -> c.getUsername().equals(user.username()))
                .orElse(false);
        if (!(user.is(StaffRole.SUPERVISOR) || (user.is(StaffRole.CLINICIAN) && own))) {
            throw new AccessDeniedException("not this clinician's client");
        }
        ConsentRequest request = requests.findByClientIdOrderByCreatedAtAsc(clientId).stream()
                .filter(r -> r.getKind() == ConsentRequest.Kind.INTAKE)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new ConflictException("No intake consent was requested for this client"));
        reviews.findByRequestId(request.getId()).ifPresent(r -> {
            throw new ConflictException("The policy review is already recorded (at " + r.getReviewedAt() + " by "
                    + r.getReviewedBy() + ")");
        });
        if (request.getProcessInstanceKey() == null) {
            throw new ConflictException("The intake consent is being handed to the engine; the review "
                    + "task opens in a moment: try again in a moment");
        }
        steps.checkReview(client, policies.effectiveFor(client).getDocument(), choices)
                .ifPresent(p -> {
                    throw new InvalidFieldException(p.field(), p.message());
                });
        if (choices.emergencyContact() != null && choices.emergencyContact().missingField() != null) {
            throw InvalidFieldException.outOfRange(
                    "emergencyContact." + choices.emergencyContact().missingField(),
                    "a phone number (at least 5 digits) or an e-mail address");
        }
        var task = userTasks
                .findOpenTask(request.getProcessInstanceKey(), ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK)
                .orElseThrow(() -> notOpenNow("review", request));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("preferredChannel", choices.preferredChannel().name());
        variables.put("understoodChannels", choices.understoodChannels());
        variables.put("understoodContactKinds", choices.understoodContactKinds());
        variables.put("understoodResponseTime", choices.understoodResponseTime());
        variables.put("understoodCrisisPlan", choices.understoodCrisisPlan());
        variables.put("arrangement", choices.arrangement().name());
        variables.put(
                "smsReminders",
                choices.agreesToSmsReminders()
                        ? ReviewChoices.SmsReminderChoice.AGREED.name()
                        : ReviewChoices.SmsReminderChoice.NOT_AGREED.name());
        variables.put("reviewedBy", user.username());
        userTasks.complete(task.userTaskKey(), variables);
        // Never a process variable: stored encrypted, audited without the details.
        if (choices.emergencyContact() != null) {
            emergencyContacts.record(clientId, choices.emergencyContact(), user.username());
        }
    }

    /** The intake coordinator's follow-up on a missing acknowledgement, through the API. */
    public void completeFollowUp(UUID clientId, IntakeConsent.FollowUpOutcome outcome, CurrentUser user) {
        if (!(user.is(StaffRole.COORDINATOR) || user.is(StaffRole.SUPERVISOR) || user.is(StaffRole.ADMIN))) {
            throw new AccessDeniedException("intake coordinators follow up on consent");
        }
        client(clientId);
        ConsentRequest request = requests.findFirstByClientIdAndStatus(clientId, ConsentRequest.Status.OPEN)
                .orElseThrow(() -> new ConflictException(
                        requests.consentsOf(clientId).isEmpty()
                                ? "No consent request is open for this client"
                                : "No consent request is open for this client: consent recorded at "
                                        + requests.consentsOf(clientId)
                                                .getLast()
                                                .getConsentedAt()));
        if (request.getFollowedUpAt() != null) {
            throw new ConflictException("The follow-up is already recorded (at " + request.getFollowedUpAt() + " by "
                    + request.getFollowedUpBy() + ")");
        }
        if (request.getConsentId() != null) {
            throw new ConflictException("The client has acknowledged the policy; no follow-up is needed");
        }
        if (request.getEscalatedAt() == null) {
            throw new ConflictException(
                    request.getEscalateAt() == null
                            ? "No follow-up is due: the policy has not been sent yet"
                            : "No follow-up is due yet: the coordinator's task opens at " + request.getEscalateAt()
                                    + " if the client has not acknowledged the policy by then");
        }
        if (request.getProcessInstanceKey() == null) {
            throw new ConflictException(
                    "The consent request is being handed to the engine; try again " + "in a moment");
        }
        var task = userTasks
                .findOpenTask(request.getProcessInstanceKey(), ProcessIds.FOLLOW_UP_MISSING_CONSENT_TASK)
                .orElseThrow(() -> notOpenNow("follow-up", request));
        userTasks.complete(
                task.userTaskKey(),
                Map.of(
                        "followUpOutcome", outcome.name(),
                        "followedUpBy", user.username()));
    }

    /**
     * 409 for a task the engine does not show although the database says it should be open: the
     * instance is gone (being restored by reconciliation), or the task was just completed and its
     * record step has not stored it yet.
     */
    private ConflictException notOpenNow(String what, ConsentRequest request) {
        boolean alive =
                live.activeAmong(List.of(request.getProcessInstanceKey())).contains(request.getProcessInstanceKey());
        return new ConflictException(
                alive
                        ? "The " + what + " task is not open in the engine right now (it was just completed and "
                                + "is being recorded, or is being created); try again in a moment"
                        : "The " + what + " task is not open in the engine right now (its process is being "
                                + "restored after a restart); try again in a moment");
    }

    private Client client(UUID clientId) {
        return clients.findById(clientId).orElseThrow(() -> new NotFoundException("id", "No client with this id"));
    }
}
