package org.betweensessions.consent;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.database.AfterCommit;
import org.betweensessions.engine.EngineMessages;
import org.betweensessions.engine.EngineMessages.EngineMessage;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.process.ProcessIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens consent requests and hands them to the engine. A request is committed first, then published
 * as the {@code consent-requested} message (message id = request id, so a retry starts no second
 * instance); requests the engine has not seen are published again by {@link #publishPending()}. The
 * client's acknowledgement travels the same way ({@code client-consent-given}, message id = consent id).
 */
@Service
public class ConsentRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentRequests.class);
    private static final Duration MESSAGE_TTL = Duration.ofHours(1);
    private static final Duration PENDING_GRACE = Duration.ofSeconds(5);

    private final ConsentRequestRepository requests;
    private final ConsentReviewRepository reviews;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final CamundaClient camunda;
    private final EngineMessages engine;
    private final ConsentProperties properties;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    /** The workspace's task list, linked from the consent forms in Tasklist. */
    private final String tasksLink;

    ConsentRequests(
            ConsentRequestRepository requests,
            ConsentReviewRepository reviews,
            ClientRepository clients,
            ClinicianRepository clinicians,
            CamundaClient camunda,
            EngineMessages engine,
            ConsentProperties properties,
            AuditTrail audit,
            PlatformTransactionManager transactions,
            Clock clock,
            @Value("${bsc.workspace.public-url:http://localhost:8080}") String publicUrl) {
        this.engine = engine;
        // The task's page is reached from the person's task list (the form cannot know its own key).
        this.tasksLink =
                (publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl).replaceAll("/+$", "")
                        + "/tasks";
        this.requests = requests;
        this.reviews = reviews;
        this.clients = clients;
        this.clinicians = clinicians;
        this.camunda = camunda;
        this.properties = properties;
        this.audit = audit;
        // Publishing runs after the opening transaction committed: its writes need a transaction of their own.
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    public Optional<ConsentRequest> openRequestOf(UUID clientId) {
        return requests.findFirstByClientIdAndStatus(clientId, ConsentRequest.Status.OPEN);
    }

    /**
     * Opens a request in the caller's transaction and publishes it after commit. Returns the open
     * request already there, if any: a client has at most one (unique index in V21).
     */
    @Transactional
    public ConsentRequest open(Client client, CommunicationPolicy policy, ConsentRequest.Kind kind, String actor) {
        Optional<ConsentRequest> existing = openRequestOf(client.getId());
        if (existing.isPresent()) {
            return existing.get();
        }
        ConsentRequest request =
                requests.saveAndFlush(new ConsentRequest(client.getId(), policy, kind, clock.instant()));
        audit.record(
                actor,
                "CONSENT_REQUESTED",
                "CLIENT",
                client.getId(),
                Map.of(
                        "requestId", request.getId().toString(),
                        "kind", kind.name(),
                        "policyVersion", policy.getVersion()));
        AfterCommit.run(() -> publishStart(request.getId()));
        return request;
    }

    /** Publishes the start message; false when the engine is unreachable (retried later). */
    public boolean publishStart(UUID requestId) {
        ConsentRequest request = requests.findById(requestId).orElseThrow();
        if (!request.isOpen()) {
            return true;
        }
        Map<String, Object> variables = startVariables(request);
        if (!publish(ProcessIds.CONSENT_REQUESTED, requestId, requestId.toString(), variables)) {
            return false;
        }
        tx.executeWithoutResult(s -> requests.findById(requestId).ifPresent(r -> r.published(clock.instant())));
        return true;
    }

    private Map<String, Object> startVariables(ConsentRequest request) {
        UUID requestId = request.getId();
        Client client = clients.findById(request.getClientId()).orElseThrow();
        String assignee =
                clinicians.findById(client.getClinicianId()).orElseThrow().getUsername();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("requestId", requestId.toString());
        variables.put("clientId", client.getId().toString());
        variables.put("clientLabel", client.getInitials());
        variables.put("workspaceLink", tasksLink);
        variables.put("clinicianAssignee", assignee);
        variables.put("reconsent", request.getKind() == ConsentRequest.Kind.RECONSENT);
        variables.put("coordinatorGroup", properties.coordinatorGroup());
        return variables;
    }

    /**
     * Treatment ended: the client's open consent request (reminders, the coordinator's follow-up) ends
     * through the engine (its instance is cancelled) and is marked withdrawn, so reconciliation does
     * not start it again. Idempotent: an instance already gone is fine. Returns the request's id.
     */
    @Transactional
    public Optional<UUID> withdrawForClient(UUID clientId, String by) {
        Optional<ConsentRequest> open = openRequestOf(clientId)
                .flatMap(r -> requests.findForUpdate(r.getId()))
                .filter(ConsentRequest::isOpen);
        open.ifPresent(request -> {
            if (request.getProcessInstanceKey() != null) {
                cancel(request.getProcessInstanceKey());
            }
            request.withdrawn(clock.instant());
            audit.record(
                    by,
                    "CONSENT_REQUEST_WITHDRAWN",
                    "CLIENT",
                    clientId,
                    Map.of(
                            "requestId",
                            request.getId().toString(),
                            "reason",
                            "TREATMENT_ENDED",
                            "instance",
                            String.valueOf(request.getProcessInstanceKey())));
        });
        return open.map(ConsentRequest::getId);
    }

    private void cancel(long key) {
        try {
            camunda.newCancelInstanceCommand(key).send().join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** An open request as reconciliation sees it. */
    public record OpenRequest(UUID id, UUID clientId, Long processInstanceKey, Instant publishedAt) {}

    /** Open requests handed to the engine, oldest first. */
    @Transactional(readOnly = true)
    public List<OpenRequest> openInEngine(int limit) {
        return requests.findOpenInEngine(PageRequest.ofSize(limit)).stream()
                .map(r -> new OpenRequest(r.getId(), r.getClientId(), r.getProcessInstanceKey(), r.getPublishedAt()))
                .toList();
    }

    /**
     * Called by reconciliation, inside its transaction, for a request whose instance is gone: locks
     * the row and checks it is still open and still points at {@code lostKey} (else empty: completed
     * or driven again meanwhile). Then {@code action} decides (drive again or raise) with the locked
     * request.
     */
    public <T> Optional<T> whileLocked(UUID requestId, Long lostKey, Function<ConsentRequest, T> action) {
        ConsentRequest request = requests.findForUpdate(requestId).orElse(null);
        if (request == null || !request.isOpen() || !Objects.equals(request.getProcessInstanceKey(), lostKey)) {
            return Optional.empty();
        }
        return Optional.ofNullable(action.apply(request));
    }

    /**
     * Drives a locked open request again in a new intake-consent instance, resuming where it stood:
     * an acknowledgement already recorded goes straight to CompleteConsentRequestTask (its message was
     * taken up by the lost instance and is not correlated twice), with the review branch beside it;
     * otherwise from DecideConsentRemindersTask and SendPolicyToClientTask, which sends nothing again and returns the stored
     * deadlines. The new key is stored at once. Returns it.
     */
    public long redrive(ConsentRequest request) {
        Map<String, Object> variables = startVariables(request);
        variables.put("resumed", true);
        variables.put("policyVersion", request.getPolicyVersion());
        long key;
        if (request.getConsentId() != null) {
            variables.put("consentId", request.getConsentId().toString());
            variables.put(
                    "reviewRecorded", reviews.findByRequestId(request.getId()).isPresent());
            key = camunda.newCreateInstanceCommand()
                    .bpmnProcessId(ProcessIds.INTAKE_CONSENT)
                    .latestVersion()
                    .variables(variables)
                    .startBeforeElement(ProcessIds.COMPLETE_CONSENT_REQUEST_TASK)
                    .startBeforeElement(ProcessIds.FIRST_CONSENT_GATEWAY)
                    .send()
                    .join()
                    .getProcessInstanceKey();
        } else {
            key = camunda.newCreateInstanceCommand()
                    .bpmnProcessId(ProcessIds.INTAKE_CONSENT)
                    .latestVersion()
                    .variables(variables)
                    .startBeforeElement(ProcessIds.DECIDE_CONSENT_REMINDERS_TASK)
                    .send()
                    .join()
                    .getProcessInstanceKey();
        }
        request.startedAs(key);
        return key;
    }

    /**
     * After commit: the running instance's {@code policyVersion} (shown on the clinician's review form)
     * becomes the version the request now asks about. Safe to repeat; an instance not started yet
     * gets it from SendPolicyToClientTask.
     */
    void policyVersionChanged(ConsentRequest request) {
        Long key = request.getProcessInstanceKey();
        int version = request.getPolicyVersion();
        if (key == null) {
            return;
        }
        AfterCommit.run(() -> {
            try {
                camunda.newSetVariablesCommand(key)
                        .variables(Map.of("policyVersion", version))
                        .send()
                        .join();
            } catch (RuntimeException e) {
                // The form shows an older number until the next step; the request itself is right.
                LOG.warn("Could not set policyVersion {} on instance {}: {}", version, key, e.getMessage());
            }
        });
    }

    /** Tells the waiting instance that the client acknowledged; safe to repeat. */
    public boolean publishConsentGiven(UUID requestId, UUID consentId) {
        return publish(
                ProcessIds.CLIENT_CONSENT_GIVEN,
                requestId,
                consentId.toString(),
                Map.of("consentId", consentId.toString()));
    }

    /** Requests not yet handed to the engine, and acknowledgements not yet taken up by it. */
    @Scheduled(fixedDelayString = "${bsc.consent.republish-interval:PT10S}")
    public void publishPending() {
        for (ConsentRequest r : requests.findTop100ByStatusAndPublishedAtIsNullAndCreatedAtBefore(
                ConsentRequest.Status.OPEN, clock.instant().minus(PENDING_GRACE))) {
            if (!publishStart(r.getId())) {
                return;
            }
        }
        for (ConsentRequest r : requests.findTop100ByStatusAndConsentIdIsNotNull(ConsentRequest.Status.OPEN)) {
            if (r.getPublishedAt() != null && !publishConsentGiven(r.getId(), r.getConsentId())) {
                return;
            }
        }
    }

    /**
     * The in-memory engine forgets everything on restart: every open request is published again (the
     * process is idempotent: the policy is not sent twice, a recorded consent completes it at once).
     */
    public int republishAllOpen() {
        int count = 0;
        for (ConsentRequest r : requests.findByStatus(ConsentRequest.Status.OPEN)) {
            if (publishStart(r.getId())) {
                count++;
                if (r.getConsentId() != null) {
                    publishConsentGiven(r.getId(), r.getConsentId());
                }
            }
        }
        return count;
    }

    private boolean publish(String name, UUID correlationKey, String messageId, Map<String, Object> variables) {
        return engine.publish(new EngineMessage(name, correlationKey.toString(), messageId, MESSAGE_TTL, variables));
    }

    /** An audit event that must stay even when the caller's transaction rolls back (a refusal). */
    void auditSeparately(String actor, String eventType, UUID clientId, Map<String, ?> details) {
        tx.executeWithoutResult(s -> audit.record(actor, eventType, "CLIENT", clientId, details));
    }
}
