package org.betweensessions.reconcile;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.checkins.CaringContacts;
import org.betweensessions.checkins.RiskEpisode;
import org.betweensessions.checkins.SafetyPlanCheckins;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.consent.ConsentRequest;
import org.betweensessions.consent.ConsentRequests;
import org.betweensessions.coverage.Coverage;
import org.betweensessions.coverage.CoverageHandoff;
import org.betweensessions.crisis.CrisisResponse;
import org.betweensessions.engine.EngineProperties;
import org.betweensessions.engine.LiveInstances;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.message.OpenInEngine;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.ReconcileProperties.OnLostInstance;
import org.betweensessions.sla.ResponseSlaRepository;
import org.betweensessions.termination.Termination;
import org.betweensessions.termination.Terminations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database is the truth; the engine is rebuilt from it. At start and then every
 * {@code bsc.reconcile.interval}, every open item in the database is compared with the engine:
 *
 * <ul>
 *   <li>inbound messages handed to the engine and not yet answered or closed (triage under way, an
 *       answer awaited, a crisis not acknowledged, at whatever escalation level), and
 *   <li>answered messages whose response-SLA breach the supervisor has not reviewed yet, and
 *   <li>acknowledged crises whose contact is not documented yet (started again directly before
 *       RecordCrisisAcknowledgementTask, which returns the stored documentation deadline), and
 *   <li>open consent requests (intake or re-consent) handed to the engine: a new intake-consent
 *       instance resumes where the request stood, with its stored reminder and escalation times
 *       ({@link ConsentRequests#redrive}).
 * </ul>
 *
 * <p>An item whose process instance is gone (the in-memory engine after a crash or restart; on a
 * cluster, an instance cancelled in Operate) is either driven again ({@code REDRIVE}) or raised to
 * the supervisor ({@code RAISE}), as configured. A message is driven again by a new message-triage
 * instance started before ScreenMessageTask (variable {@code resumed}): every step finds in the
 * database what was done already and does not do it again (stored classification, alert rows per
 * level, auto-replies per template, the response promise, reminder, breach and review), and every
 * timer reads a stored date-time, so the instance arrives where the old one stood, with the same
 * assignee and the same absolute deadlines; a deadline that passed meanwhile fires at once. A
 * pending breach review is started directly before ReviewSlaBreachTask.
 *
 * <p>Each item is handled in its own transaction holding its message row lock, so a reply or
 * acknowledgement arriving at the same moment, another application instance, or another run wait
 * their turn and then see the new instance.
 */
@Component
public class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    /** Unscreened messages on a cluster (no instance key yet) are judged after the message TTL. */
    private static final Duration UNSCREENED_GRACE = Duration.ofHours(1);

    private static final int BATCH = 500;

    private final MessageRepository messages;
    private final ResponseSlaRepository slas;
    private final ClientRepository clients;
    private final CrisisResponse crisis;
    private final CareTeam careTeam;
    private final LiveInstances live;
    private final CamundaClient camunda;
    private final AuditTrail audit;
    private final Notifier notifier;
    private final ReconcileProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConsentRequests consentRequests;
    private final EngineProperties engine;
    private final Terminations terminations;
    private final SafetyPlanCheckins checkins;
    private final CaringContacts caring;
    private final CoverageHandoff coverages;
    private final Instant startedAt;
    /** Instances this application started recently: a cluster's search may not show them yet. */
    private final Map<Long, Instant> startedHere = new ConcurrentHashMap<>();

    Reconciliation(
            MessageRepository messages,
            ResponseSlaRepository slas,
            ClientRepository clients,
            CrisisResponse crisis,
            CareTeam careTeam,
            LiveInstances live,
            CamundaClient camunda,
            AuditTrail audit,
            Notifier notifier,
            ReconcileProperties properties,
            TransactionTemplate tx,
            Clock clock,
            ConsentRequests consentRequests,
            EngineProperties engine,
            Terminations terminations,
            SafetyPlanCheckins checkins,
            CaringContacts caring,
            CoverageHandoff coverages) {
        this.consentRequests = consentRequests;
        this.engine = engine;
        this.terminations = terminations;
        this.checkins = checkins;
        this.caring = caring;
        this.coverages = coverages;
        this.messages = messages;
        this.slas = slas;
        this.clients = clients;
        this.crisis = crisis;
        this.careTeam = careTeam;
        this.live = live;
        this.camunda = camunda;
        this.audit = audit;
        this.notifier = notifier;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** What one run found and did. */
    public record Outcome(int open, int lost, int redriven, int raised) {
        static final Outcome NONE = new Outcome(0, 0, 0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(open + other.open, lost + other.lost, redriven + other.redriven, raised + other.raised);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        if (!properties.enabled()) {
            if (engine.embedded()) {
                // The test suite: its database outlives each in-memory engine. Open consent requests are
                // handed to the new engine from the start again (idempotent).
                int resumed = consentRequests.republishAllOpen();
                if (resumed > 0) {
                    LOG.info("{} open consent request(s) handed to the in-memory engine again", resumed);
                }
            }
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        Outcome outcome = reconcile();
                        LOG.info(
                                "Reconciliation at start: {} open item(s), {} without a live instance, "
                                        + "{} driven again, {} raised to the supervisor",
                                outcome.open(),
                                outcome.lost(),
                                outcome.redriven(),
                                outcome.raised());
                    } catch (RuntimeException e) {
                        LOG.error("Reconciliation at start failed; the periodic run will try again", e);
                    }
                },
                "reconciliation-start");
        thread.setDaemon(true);
        thread.start();
    }

    @Scheduled(
            fixedDelayString = "${bsc.reconcile.interval:PT1M}",
            initialDelayString = "${bsc.reconcile.interval:PT1M}")
    void periodically() {
        if (!properties.enabled()) {
            return;
        }
        try {
            Outcome outcome = reconcile();
            if (outcome.lost() > 0) {
                LOG.warn(
                        "Reconciliation: {} open item(s) had no live instance; {} driven again, {} " + "raised",
                        outcome.lost(),
                        outcome.redriven(),
                        outcome.raised());
            }
        } catch (RuntimeException e) {
            LOG.warn("Reconciliation failed (engine or database unreachable?): {}", e.getMessage());
        }
    }

    /** Every open item in the database. */
    public synchronized Outcome reconcile() {
        List<OpenInEngine> open = messages.findOpenInEngine(PageRequest.ofSize(BATCH));
        List<UUID> reviews = slas.findAnsweredAwaitingBreachReview(PageRequest.ofSize(BATCH));
        terminations.publishPending();
        return reconcile(open, reviews)
                .plus(reconcileCrisisDocumentation(crisis.undocumented(BATCH)))
                .plus(reconcileConsent(consentRequests.openInEngine(BATCH)))
                .plus(reconcileTermination(terminations.openInEngine(BATCH)))
                .plus(reconcileEpisodes(checkins.openInEngine(BATCH)))
                .plus(reconcileCaring(caring.runningInEngine(BATCH)))
                .plus(reconcileCoverage(coverages.openInEngine()));
    }

    /** Only these acknowledged, undocumented crises (tests; an operator's targeted run). */
    public synchronized Outcome reconcileCrisisDocumentation(Collection<UUID> messageIds) {
        List<Candidate> candidates = new ArrayList<>();
        for (UUID id : messageIds) {
            messages.findById(id).ifPresent(m -> {
                Long key = m.getProcessInstanceKey();
                candidates.add(new Candidate(key, null, true, () -> handleCrisisDocumentation(id, key)));
            });
        }
        return sweep(candidates);
    }

    private Handled handleCrisisDocumentation(UUID id, Long lostKey) {
        return tx.execute(s -> {
            Message message = messages.findForUpdate(id).orElse(null);
            var ack = crisis.acknowledgement(id).orElse(null);
            if (message == null
                    || ack == null
                    || ack.isDocumented()
                    || !Objects.equals(message.getProcessInstanceKey(), lostKey)) {
                return Handled.SKIPPED;
            }
            if (properties.onLostInstance() == OnLostInstance.RAISE) {
                return raise(message, lostKey, "crisis documentation");
            }
            long key = camunda.newCreateInstanceCommand()
                    .bpmnProcessId(ProcessIds.MESSAGE_TRIAGE)
                    .latestVersion()
                    .variables(Map.of(
                            "messageId", id.toString(), "resumed", true, "acknowledgedBy", ack.getAcknowledgedBy()))
                    .startBeforeElement(ProcessIds.RECORD_CRISIS_ACKNOWLEDGEMENT_TASK)
                    .send()
                    .join()
                    .getProcessInstanceKey();
            startedHere.put(key, clock.instant());
            messages.recordProcessInstance(id, key);
            audit.record(
                    "reconciliation",
                    "ENGINE_INSTANCE_RESTORED",
                    "MESSAGE",
                    id,
                    details(lostKey, key, "CRISIS_DOCUMENTATION", ProcessIds.RECORD_CRISIS_ACKNOWLEDGEMENT_TASK));
            return Handled.REDRIVEN;
        });
    }

    /** Only these terminations (tests; an operator's targeted run). */
    public synchronized Outcome reconcileTerminations(Collection<UUID> ids) {
        Set<UUID> wanted = new HashSet<>(ids);
        return reconcileTermination(terminations.openInEngine(BATCH).stream()
                .filter(t -> wanted.contains(t.id()))
                .toList());
    }

    /**
     * Open endings whose termination instance is gone: a new instance starts at the element of the
     * stage the ending stood at, with the stored dates (timers fire at their original times, a passed
     * one at once); every step finds its work done and does not repeat it. Endings that stopped or
     * completed are not open, and neither are the instances they ended (check-ins, consent requests,
     * messages closed with a reason): nothing of them is revived.
     */
    private Outcome reconcileTermination(List<Terminations.OpenTermination> open) {
        return sweep(open.stream()
                .map(t -> new Candidate(
                        t.processInstanceKey(),
                        t.publishedAt(),
                        false,
                        () -> handleTermination(t.id(), t.processInstanceKey())))
                .toList());
    }

    private Handled handleTermination(UUID id, Long lostKey) {
        return tx.execute(s -> terminations
                .lockedIfLost(id, lostKey)
                .map(t -> {
                    if (properties.onLostInstance() == OnLostInstance.RAISE) {
                        return raiseTermination(t, lostKey);
                    }
                    Terminations.Resume resume = terminations.resume(t);
                    long key = camunda.newCreateInstanceCommand()
                            .bpmnProcessId(ProcessIds.TERMINATION)
                            .latestVersion()
                            .variables(resume.variables())
                            .startBeforeElement(resume.startBefore())
                            .send()
                            .join()
                            .getProcessInstanceKey();
                    startedHere.put(key, clock.instant());
                    terminations.restartedAs(id, key);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("terminationId", id.toString());
                    details.put("lostInstance", String.valueOf(lostKey));
                    details.put("instance", String.valueOf(key));
                    details.put("stood", t.getStage().name());
                    details.put("startedBefore", resume.startBefore());
                    audit.record("reconciliation", "ENGINE_INSTANCE_RESTORED", "CLIENT", t.getClientId(), details);
                    LOG.info(
                            "Termination {} had no live instance{}; driven again as instance {} before {}",
                            id,
                            lostKey == null ? "" : " (was " + lostKey + ")",
                            key,
                            resume.startBefore());
                    return Handled.REDRIVEN;
                })
                .orElse(Handled.SKIPPED));
    }

    /** Tells the supervisor once per lost termination instance; starts nothing. */
    private Handled raiseTermination(Termination t, Long lostKey) {
        String eventType = "ENGINE_INSTANCE_LOST";
        boolean raisedBefore = audit.eventsFor("CLIENT", t.getClientId()).stream()
                .anyMatch(e -> eventType.equals(e.getEventType())
                        && e.getDetails() != null
                        && e.getDetails().contains("\"terminationId\":\"" + t.getId() + "\"")
                        && e.getDetails().contains("\"lostInstance\":\"" + lostKey + "\""));
        if (raisedBefore) {
            return Handled.SKIPPED;
        }
        UUID practiceId =
                clients.findById(t.getClientId()).map(c -> c.getPracticeId()).orElse(null);
        String supervisor = careTeam.supervisorOf(practiceId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("terminationId", t.getId().toString());
        details.put("lostInstance", String.valueOf(lostKey));
        details.put("process", ProcessIds.TERMINATION);
        details.put("raisedTo", supervisor);
        audit.record("reconciliation", eventType, "CLIENT", t.getClientId(), details);
        // The notification names the ending (never a client's name).
        notifier.send(new StaffNotification(supervisor, "TERMINATION_INSTANCE_LOST", "SUPERVISOR", t.getId()));
        return Handled.RAISED;
    }

    /** Only these consent requests (tests; an operator's targeted run). */
    public synchronized Outcome reconcileConsentRequests(Collection<UUID> requestIds) {
        Set<UUID> wanted = new HashSet<>(requestIds);
        return reconcileConsent(consentRequests.openInEngine(BATCH).stream()
                .filter(r -> wanted.contains(r.id()))
                .toList());
    }

    private Outcome reconcileConsent(List<ConsentRequests.OpenRequest> open) {
        return sweep(open.stream()
                .map(r -> new Candidate(
                        r.processInstanceKey(),
                        r.publishedAt(),
                        false,
                        () -> handleConsentRequest(r.id(), r.processInstanceKey())))
                .toList());
    }

    private Handled handleConsentRequest(UUID requestId, Long lostKey) {
        return tx.execute(s -> consentRequests
                .whileLocked(requestId, lostKey, request -> {
                    if (properties.onLostInstance() == OnLostInstance.RAISE) {
                        return raiseConsent(request, lostKey);
                    }
                    long key = consentRequests.redrive(request);
                    startedHere.put(key, clock.instant());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("requestId", requestId.toString());
                    details.put("lostInstance", String.valueOf(lostKey));
                    details.put("instance", String.valueOf(key));
                    details.put("stood", request.getConsentId() != null ? "ACKNOWLEDGED" : "AWAITING_ACKNOWLEDGEMENT");
                    details.put("remindersSent", request.getRemindersSent());
                    details.put("escalated", request.getEscalatedAt() != null);
                    details.put(
                            "startedBefore",
                            request.getConsentId() != null
                                    ? ProcessIds.COMPLETE_CONSENT_REQUEST_TASK
                                    : ProcessIds.DECIDE_CONSENT_REMINDERS_TASK);
                    audit.record(
                            "reconciliation", "ENGINE_INSTANCE_RESTORED", "CLIENT", request.getClientId(), details);
                    LOG.info(
                            "Consent request {} had no live instance{}; driven again as instance {}",
                            requestId,
                            lostKey == null ? "" : " (was " + lostKey + ")",
                            key);
                    return Handled.REDRIVEN;
                })
                .orElse(Handled.SKIPPED));
    }

    /** Tells the supervisor once per lost consent instance; starts nothing. */
    private Handled raiseConsent(ConsentRequest request, Long lostKey) {
        String eventType = "ENGINE_INSTANCE_LOST";
        boolean raisedBefore = audit.eventsFor("CLIENT", request.getClientId()).stream()
                .anyMatch(e -> eventType.equals(e.getEventType())
                        && e.getDetails() != null
                        && e.getDetails().contains("\"requestId\":\"" + request.getId() + "\"")
                        && e.getDetails().contains("\"lostInstance\":\"" + lostKey + "\""));
        if (raisedBefore) {
            return Handled.SKIPPED;
        }
        UUID practiceId = clients.findById(request.getClientId())
                .map(c -> c.getPracticeId())
                .orElse(null);
        String supervisor = careTeam.supervisorOf(practiceId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("requestId", request.getId().toString());
        details.put("lostInstance", String.valueOf(lostKey));
        details.put("process", ProcessIds.INTAKE_CONSENT);
        details.put("raisedTo", supervisor);
        audit.record("reconciliation", eventType, "CLIENT", request.getClientId(), details);
        // The notification names the consent request (never a client's name).
        notifier.send(new StaffNotification(supervisor, "CONSENT_INSTANCE_LOST", "SUPERVISOR", request.getId()));
        LOG.warn(
                "Consent request {} has no live intake-consent instance (was {}); raised to {}",
                request.getId(),
                lostKey,
                supervisor);
        return Handled.RAISED;
    }

    /** Only these messages (tests; an operator's targeted run). */
    public synchronized Outcome reconcileMessages(Collection<UUID> messageIds) {
        Set<UUID> wanted = new HashSet<>(messageIds);
        List<OpenInEngine> open = messages.findOpenInEngine(PageRequest.ofSize(BATCH)).stream()
                .filter(m -> wanted.contains(m.id()))
                .toList();
        List<UUID> reviews = slas.findAnsweredAwaitingBreachReview(PageRequest.ofSize(BATCH)).stream()
                .filter(wanted::contains)
                .toList();
        return reconcile(open, reviews);
    }

    private Outcome reconcile(List<OpenInEngine> open, List<UUID> reviews) {
        List<Candidate> candidates = new ArrayList<>();
        for (OpenInEngine item : open) {
            candidates.add(new Candidate(
                    item.processInstanceKey(),
                    item.publishedAt(),
                    false,
                    () -> handleMessage(item.id(), item.processInstanceKey())));
        }
        for (UUID id : reviews) {
            messages.findById(id).ifPresent(m -> {
                Long key = m.getProcessInstanceKey();
                candidates.add(new Candidate(key, null, true, () -> handleBreachReview(id, key)));
            });
        }
        return sweep(candidates);
    }

    /**
     * One open item the database knows: its instance key (null before the engine gave one), since when
     * it was handed to the engine, whether having no key means its instance is lost, and what to do
     * when it is lost (drive it again or raise it, in its own transaction holding its row lock).
     */
    private record Candidate(Long key, Instant since, boolean lostWithoutKey, Supplier<Handled> handle) {}

    /** The check every kind of open item shares: which lost their instance, and what was done. */
    private Outcome sweep(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return Outcome.NONE;
        }
        Instant now = clock.instant();
        startedHere.values().removeIf(at -> at.isBefore(now.minus(properties.grace())));
        List<Long> keys =
                candidates.stream().map(Candidate::key).filter(Objects::nonNull).toList();
        Set<Long> active = keys.isEmpty() ? Set.of() : live.activeAmong(keys);
        int lost = 0;
        int redriven = 0;
        int raised = 0;
        for (Candidate candidate : candidates) {
            boolean gone = candidate.key() == null
                    ? candidate.lostWithoutKey() || isLost(null, candidate.since(), active, now)
                    : isLost(candidate.key(), candidate.since(), active, now);
            if (!gone) {
                continue;
            }
            switch (candidate.handle().get()) {
                case REDRIVEN -> {
                    lost++;
                    redriven++;
                }
                case RAISED -> {
                    lost++;
                    raised++;
                }
                case SKIPPED -> {}
            }
        }
        return new Outcome(candidates.size(), lost, redriven, raised);
    }

    private boolean isLost(Long key, Instant publishedAt, Set<Long> active, Instant now) {
        if (key != null) {
            return !active.contains(key) && !startedHere.containsKey(key);
        }
        // Not screened yet, so no instance key to look up: an earlier run's message is certainly lost
        // when the engine started empty with us; on a cluster it may still wait in a long queue.
        if (publishedAt == null) {
            return false;
        }
        return live.startedEmpty()
                ? publishedAt.isBefore(startedAt)
                : publishedAt.isBefore(now.minus(UNSCREENED_GRACE));
    }

    private enum Handled {
        REDRIVEN,
        RAISED,
        SKIPPED
    }

    private Handled handleMessage(UUID id, Long lostKey) {
        return tx.execute(s -> {
            Message message = messages.findForUpdate(id).orElse(null);
            if (message == null
                    || !Objects.equals(message.getProcessInstanceKey(), lostKey)
                    || (message.getStatus() != MessageStatus.TRIAGING
                            && message.getStatus() != MessageStatus.AWAITING_RESPONSE)
                    || crisis.isAcknowledged(id)) {
                return Handled.SKIPPED; // answered, acknowledged or driven again meanwhile
            }
            if (properties.onLostInstance() == OnLostInstance.RAISE) {
                return raise(message, lostKey, "message-triage");
            }
            long key = camunda.newCreateInstanceCommand()
                    .bpmnProcessId(ProcessIds.MESSAGE_TRIAGE)
                    .latestVersion()
                    .variables(Map.of("messageId", id.toString(), "resumed", true))
                    .startBeforeElement(ProcessIds.SCREEN_MESSAGE_TASK)
                    .send()
                    .join()
                    .getProcessInstanceKey();
            startedHere.put(key, clock.instant());
            messages.recordProcessInstance(id, key);
            audit.record(
                    "reconciliation",
                    "ENGINE_INSTANCE_RESTORED",
                    "MESSAGE",
                    id,
                    details(lostKey, key, message.getStatus().name(), "ScreenMessageTask"));
            LOG.info(
                    "Message {} ({}) had no live instance{}; driven again as instance {}",
                    id,
                    message.getStatus(),
                    lostKey == null ? "" : " (was " + lostKey + ")",
                    key);
            return Handled.REDRIVEN;
        });
    }

    private Handled handleBreachReview(UUID id, Long lostKey) {
        return tx.execute(s -> {
            Message message = messages.findForUpdate(id).orElse(null);
            var sla = slas.findById(id).orElse(null);
            if (message == null
                    || sla == null
                    || sla.getReviewedAt() != null
                    || !Objects.equals(message.getProcessInstanceKey(), lostKey)) {
                return Handled.SKIPPED;
            }
            if (properties.onLostInstance() == OnLostInstance.RAISE) {
                return raise(message, lostKey, "response SLA breach review");
            }
            long key = camunda.newCreateInstanceCommand()
                    .bpmnProcessId(ProcessIds.MESSAGE_TRIAGE)
                    .latestVersion()
                    .variables(Map.of(
                            "messageId", id.toString(), "resumed", true, "supervisorAssignee", supervisorFor(message)))
                    .startBeforeElement(ProcessIds.REVIEW_SLA_BREACH_TASK)
                    .send()
                    .join()
                    .getProcessInstanceKey();
            startedHere.put(key, clock.instant());
            messages.recordProcessInstance(id, key);
            audit.record(
                    "reconciliation",
                    "ENGINE_INSTANCE_RESTORED",
                    "MESSAGE",
                    id,
                    details(lostKey, key, "BREACH_REVIEW", ProcessIds.REVIEW_SLA_BREACH_TASK));
            return Handled.REDRIVEN;
        });
    }

    /** Tells the supervisor once per lost instance; starts nothing. */
    private Handled raise(Message message, Long lostKey, String what) {
        String eventType = "ENGINE_INSTANCE_LOST";
        boolean raisedBefore = audit.eventsFor("MESSAGE", message.getId()).stream()
                .anyMatch(e -> eventType.equals(e.getEventType())
                        && e.getDetails() != null
                        && e.getDetails().contains("\"lostInstance\":\"" + lostKey + "\""));
        if (raisedBefore) {
            return Handled.SKIPPED;
        }
        String supervisor = supervisorFor(message);
        audit.record(
                "reconciliation",
                eventType,
                "MESSAGE",
                message.getId(),
                Map.of(
                        "lostInstance",
                        String.valueOf(lostKey),
                        "status",
                        message.getStatus().name(),
                        "process",
                        what,
                        "raisedTo",
                        supervisor));
        notifier.send(new StaffNotification(supervisor, "ENGINE_INSTANCE_LOST", "SUPERVISOR", message.getId()));
        LOG.warn(
                "Message {} ({}) has no live {} instance (was {}); raised to {}",
                message.getId(),
                message.getStatus(),
                what,
                lostKey,
                supervisor);
        return Handled.RAISED;
    }

    private String supervisorFor(Message message) {
        UUID practiceId = message.getClientId() == null
                ? null
                : clients.findById(message.getClientId())
                        .map(c -> c.getPracticeId())
                        .orElse(null);
        return careTeam.supervisorOf(practiceId);
    }

    private static Map<String, Object> details(Long lostKey, long key, String stood, String from) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lostInstance", String.valueOf(lostKey));
        details.put("instance", String.valueOf(key));
        details.put("stood", stood);
        details.put("startedBefore", from);
        return details;
    }

    /** Only the caring contacts after these episodes (tests; an operator's targeted run). */
    public synchronized Outcome reconcileCaringContacts(Collection<UUID> episodeIds) {
        Set<UUID> wanted = new HashSet<>(episodeIds);
        return reconcileCaring(caring.runningInEngine(BATCH).stream()
                .filter(e -> wanted.contains(e.id()))
                .toList());
    }

    private Outcome reconcileCaring(List<SafetyPlanCheckins.OpenEpisode> running) {
        // raisedAt here is when the risk was lowered (the start message was published then).
        return sweep(running.stream()
                .map(e -> new Candidate(
                        e.processInstanceKey(),
                        e.raisedAt(),
                        false,
                        () -> handleCaringContacts(e.id(), e.processInstanceKey())))
                .toList());
    }

    private Handled handleCaringContacts(UUID episodeId, Long lostKey) {
        return tx.execute(s -> caring.whileLocked(episodeId, lostKey, e -> {
                    if (properties.onLostInstance() == OnLostInstance.RAISE) {
                        return raiseEpisode(e, lostKey, ProcessIds.CARING_CONTACTS);
                    }
                    long key = caring.redrive(e);
                    startedHere.put(key, clock.instant());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("episodeId", e.getId().toString());
                    details.put("process", ProcessIds.CARING_CONTACTS);
                    details.put("lostInstance", String.valueOf(lostKey));
                    details.put("instance", String.valueOf(key));
                    details.put("startedBefore", ProcessIds.NEXT_CARING_CONTACT_GATEWAY);
                    audit.record("reconciliation", "ENGINE_INSTANCE_RESTORED", "CLIENT", e.getClientId(), details);
                    return Handled.REDRIVEN;
                })
                .orElse(Handled.SKIPPED));
    }

    /** Only these high-risk episodes (tests; an operator's targeted run). */
    public synchronized Outcome reconcileRiskEpisodes(Collection<UUID> episodeIds) {
        Set<UUID> wanted = new HashSet<>(episodeIds);
        return reconcileEpisodes(checkins.openInEngine(BATCH).stream()
                .filter(e -> wanted.contains(e.id()))
                .toList());
    }

    private Outcome reconcileEpisodes(List<SafetyPlanCheckins.OpenEpisode> open) {
        // No key yet: the start message (buffered an hour) did not reach an instance that opened it.
        return sweep(open.stream()
                .map(e -> new Candidate(
                        e.processInstanceKey(),
                        e.raisedAt(),
                        false,
                        () -> handleEpisode(e.id(), e.processInstanceKey())))
                .toList());
    }

    private Handled handleEpisode(UUID episodeId, Long lostKey) {
        return tx.execute(s -> checkins.whileLocked(episodeId, lostKey, episode -> {
                    if (properties.onLostInstance() == OnLostInstance.RAISE) {
                        return raiseEpisode(episode, lostKey, ProcessIds.SAFETY_PLAN_CHECKINS);
                    }
                    SafetyPlanCheckins.Redriven redriven = checkins.redrive(episode);
                    startedHere.put(redriven.processInstanceKey(), clock.instant());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("episodeId", episodeId.toString());
                    details.put("lostInstance", String.valueOf(lostKey));
                    details.put("instance", String.valueOf(redriven.processInstanceKey()));
                    details.put("stood", redriven.checkinStood());
                    details.put("checkinNumber", redriven.checkinNumber());
                    details.put("startedBefore", String.join(",", redriven.startedBefore()));
                    audit.record(
                            "reconciliation", "ENGINE_INSTANCE_RESTORED", "CLIENT", episode.getClientId(), details);
                    LOG.info(
                            "High-risk episode {} had no live instance{}; driven again as instance {} ({})",
                            episodeId,
                            lostKey == null ? "" : " (was " + lostKey + ")",
                            redriven.processInstanceKey(),
                            redriven.checkinStood());
                    return Handled.REDRIVEN;
                })
                .orElse(Handled.SKIPPED));
    }
    /** Tells the supervisor once per lost safety-plan-checkins or caring-contacts instance. */
    private Handled raiseEpisode(RiskEpisode episode, Long lostKey, String process) {
        String eventType = "ENGINE_INSTANCE_LOST";
        boolean raisedBefore = audit.eventsFor("CLIENT", episode.getClientId()).stream()
                .anyMatch(e -> eventType.equals(e.getEventType())
                        && e.getDetails() != null
                        && e.getDetails().contains("\"episodeId\":\"" + episode.getId() + "\"")
                        && e.getDetails().contains("\"process\":\"" + process + "\"")
                        && e.getDetails().contains("\"lostInstance\":\"" + lostKey + "\""));
        if (raisedBefore) {
            return Handled.SKIPPED;
        }
        UUID practiceId = clients.findById(episode.getClientId())
                .map(c -> c.getPracticeId())
                .orElse(null);
        String supervisor = careTeam.supervisorOf(practiceId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("episodeId", episode.getId().toString());
        details.put("lostInstance", String.valueOf(lostKey));
        details.put("process", process);
        details.put("raisedTo", supervisor);
        audit.record("reconciliation", eventType, "CLIENT", episode.getClientId(), details);
        // The notification names the episode (never a client's name).
        notifier.send(new StaffNotification(supervisor, "CHECKINS_INSTANCE_LOST", "SUPERVISOR", episode.getId()));
        LOG.warn(
                "High-risk episode {} has no live {} instance (was {}); raised to {}",
                episode.getId(),
                process,
                lostKey,
                supervisor);
        return Handled.RAISED;
    }

    /** Only these coverages (tests; an operator's targeted run). */
    public synchronized Outcome reconcileCoverages(Collection<UUID> coverageIds) {
        Set<UUID> wanted = new HashSet<>(coverageIds);
        return reconcileCoverage(coverages.openInEngine().stream()
                .filter(c -> wanted.contains(c.id()))
                .toList());
    }

    private Outcome reconcileCoverage(List<CoverageHandoff.OpenCoverage> open) {
        return sweep(open.stream()
                .map(c -> new Candidate(
                        c.processInstanceKey(),
                        c.plannedAt(),
                        false,
                        () -> handleCoverage(c.id(), c.processInstanceKey())))
                .toList());
    }

    private Handled handleCoverage(UUID coverageId, Long lostKey) {
        return tx.execute(s -> coverages
                .whileLocked(coverageId, lostKey, coverage -> {
                    if (properties.onLostInstance() == OnLostInstance.RAISE) {
                        return raiseCoverage(coverage, lostKey);
                    }
                    long key = coverages.redrive(coverage);
                    startedHere.put(key, clock.instant());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("coverageId", coverageId.toString());
                    details.put("lostInstance", String.valueOf(lostKey));
                    details.put("instance", String.valueOf(key));
                    details.put("stood", coverage.getStatus().name());
                    audit.record("reconciliation", "ENGINE_INSTANCE_RESTORED", "COVERAGE", coverageId, details);
                    LOG.info(
                            "Coverage {} ({}) had no live instance{}; driven again as instance {}",
                            coverageId,
                            coverage.getStatus(),
                            lostKey == null ? "" : " (was " + lostKey + ")",
                            key);
                    return Handled.REDRIVEN;
                })
                .orElse(Handled.SKIPPED));
    }

    /** Tells the supervisor once per lost coverage instance; starts nothing. */
    private Handled raiseCoverage(Coverage coverage, Long lostKey) {
        String eventType = "ENGINE_INSTANCE_LOST";
        boolean raisedBefore = audit.eventsFor("COVERAGE", coverage.getId()).stream()
                .anyMatch(e -> eventType.equals(e.getEventType())
                        && e.getDetails() != null
                        && e.getDetails().contains("\"lostInstance\":\"" + lostKey + "\""));
        if (raisedBefore) {
            return Handled.SKIPPED;
        }
        String supervisor = careTeam.supervisorOf(coverage.getPracticeId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lostInstance", String.valueOf(lostKey));
        details.put("process", ProcessIds.COVERAGE_HANDOFF);
        details.put("status", coverage.getStatus().name());
        details.put("raisedTo", supervisor);
        audit.record("reconciliation", eventType, "COVERAGE", coverage.getId(), details);
        notifier.send(new StaffNotification(supervisor, "COVERAGE_INSTANCE_LOST", "SUPERVISOR", coverage.getId()));
        return Handled.RAISED;
    }

    /**
     * Starts the message's triage instance again from its stored state (as for a lost instance), after
     * cancelling the running one: an answer task reassigned in the database (a covering clinician
     * takes over) gets its new assignee and its new due and reminder timers. The same steps as a
     * rebuild, so nothing is sent twice. False if the message awaits no answer.
     */
    public synchronized boolean restartMessage(UUID id, String reason) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Message message = messages.findForUpdate(id).orElse(null);
            if (message == null
                    || message.getStatus() != MessageStatus.AWAITING_RESPONSE
                    || message.getProcessInstanceKey() == null
                    || crisis.isAcknowledged(id)) {
                return false;
            }
            long old = message.getProcessInstanceKey();
            try {
                camunda.newCancelInstanceCommand(old).send().join();
            } catch (ClientStatusException e) {
                if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
            long key = camunda.newCreateInstanceCommand()
                    .bpmnProcessId(ProcessIds.MESSAGE_TRIAGE)
                    .latestVersion()
                    .variables(Map.of("messageId", id.toString(), "resumed", true))
                    .startBeforeElement(ProcessIds.SCREEN_MESSAGE_TASK)
                    .send()
                    .join()
                    .getProcessInstanceKey();
            startedHere.put(key, clock.instant());
            messages.recordProcessInstance(id, key);
            Map<String, Object> details = details(old, key, message.getStatus().name(), ProcessIds.SCREEN_MESSAGE_TASK);
            details.put("reason", reason);
            audit.record("reconciliation", "ENGINE_INSTANCE_RESTARTED", "MESSAGE", id, details);
            return true;
        }));
    }
}
