package org.betweensessions.termination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsentRepository;
import org.betweensessions.client.ClientRegistration;
import org.betweensessions.client.ClientReopened;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.database.AfterCommit;
import org.betweensessions.message.Channel;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.policy.LanguageBank;
import org.betweensessions.policy.Policies;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.practice.ReferralProperties;
import org.betweensessions.templates.TemplateBank;
import org.betweensessions.termination.Termination.CancelReason;
import org.betweensessions.termination.Termination.Kind;
import org.betweensessions.termination.Termination.Reason;
import org.betweensessions.termination.Termination.Stage;
import org.betweensessions.termination.Termination.StopReason;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ending of treatment: starting it (planned, or a suspected drop-out), each step of the
 * termination process (one method per service task, each idempotent: a job run twice finds its row
 * and returns what is stored), stopping it, and re-opening a former client. Texts (the outreach, the
 * closing letter) are rendered from the template bank and stay in the database, encrypted; the
 * engine gets ids, categories and times.
 */
@Service
public class Terminations {

    static final String ACTOR = "termination";
    static final String OUTREACH_TEMPLATE = "termination.outreach";
    static final String LETTER_TEMPLATE = "termination.closing-letter";
    static final int MAX_LETTER_LENGTH = 20_000;
    static final int MAX_NOTE_LENGTH = 2_000;

    private final TerminationRepository terminations;
    private final ClosingLetterVersionRepository letterVersions;
    private final ClientSessionRepository sessions;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final ClientConsentRepository consents;
    private final CareTeam careTeam;
    private final Policies policies;
    private final ClientActivity activity;
    private final Outbox outbox;
    private final TemplateBank templates;
    private final ReferralProperties referrals;
    private final TerminationProperties properties;
    private final Notifier notifier;
    private final AuditTrail audit;
    private final TerminationMessages engine;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String emergencyNumber;

    Terminations(
            TerminationRepository terminations,
            ClosingLetterVersionRepository letterVersions,
            ClientSessionRepository sessions,
            ClientRepository clients,
            ClinicianRepository clinicians,
            ClientConsentRepository consents,
            CareTeam careTeam,
            Policies policies,
            ClientActivity activity,
            Outbox outbox,
            TemplateBank templates,
            ReferralProperties referrals,
            TerminationProperties properties,
            Notifier notifier,
            AuditTrail audit,
            TerminationMessages engine,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${bsc.triage.emergency-number:911}") String emergencyNumber) {
        this.terminations = terminations;
        this.letterVersions = letterVersions;
        this.sessions = sessions;
        this.clients = clients;
        this.clinicians = clinicians;
        this.consents = consents;
        this.careTeam = careTeam;
        this.policies = policies;
        this.activity = activity;
        this.outbox = outbox;
        this.templates = templates;
        this.referrals = referrals;
        this.properties = properties;
        this.notifier = notifier;
        this.audit = audit;
        this.engine = engine;
        this.events = events;
        this.clock = clock;
        this.emergencyNumber = emergencyNumber;
    }

    // ---- Starting, stopping, re-opening (API and the daily check) ----

    /**
     * The clinician records a planned end of treatment: the last session's date (today or later) and
     * a reason category. 409 if the client's contact is closed already or an ending is under way.
     */
    @Transactional
    public Termination planned(Client client, LocalDate lastSessionDate, Reason reason, String by) {
        if (lastSessionDate == null) {
            throw InvalidFieldException.outOfRange(
                    "lastSessionDate", "a planned ending needs the date of the last session");
        }
        if (reason == null) {
            throw InvalidFieldException.outOfRange("reason", "a planned ending needs a reason category");
        }
        Clinician clinician = clinicians.findById(client.getClinicianId()).orElseThrow();
        ZoneId zone = clinician.getTimeZone();
        if (lastSessionDate.isBefore(now().atZone(zone).toLocalDate())) {
            throw new InvalidFieldException(
                    "lastSessionDate",
                    "the last session lies in the past; for a"
                            + " client who stopped coming, record an unplanned ending");
        }
        // After the last session's day: the closing letter is prepared once the last session is held.
        Instant lastSessionAt =
                lastSessionDate.atTime(LocalTime.of(23, 59)).atZone(zone).toInstant();
        return start(client, Kind.PLANNED, reason, lastSessionAt, true, by);
    }

    /** The clinician records that the client has dropped out (confirmed: no confirmation task). */
    @Transactional
    public Termination dropOut(Client client, String by) {
        return start(client, Kind.UNPLANNED, Reason.DROP_OUT, null, true, by);
    }

    private Termination start(
            Client client, Kind kind, Reason reason, Instant lastSessionAt, boolean confirmed, String by) {
        Client locked = clients.findById(client.getId()).orElseThrow();
        if (locked.getStatus() == ClientStatus.TERMINATED) {
            throw new ConflictException("Treatment has ended and between-session contact is closed; a"
                    + " returning client is re-opened first");
        }
        Optional<Termination> open = terminations.findByOpenClientId(locked.getId());
        if (open.isPresent()) {
            throw new ConflictException(
                    "An ending is already under way for this client",
                    Map.of("terminationId", open.get().getId().toString()));
        }
        Termination t = terminations.saveAndFlush(new Termination(
                locked.getId(), locked.getClinicianId(), kind, reason, lastSessionAt, confirmed, by, now()));
        Map<String, Object> details = details(
                t,
                "kind",
                kind.name(),
                "reason",
                reason.name(),
                "lastSessionAt",
                lastSessionAt == null ? null : lastSessionAt.toString(),
                "dropOutConfirmed",
                confirmed);
        audit.record(by, "TERMINATION_STARTED", "CLIENT", locked.getId(), details);
        UUID id = t.getId();
        AfterCommit.run(() -> publishStart(id));
        return t;
    }

    /**
     * Publishes the start message (after the starting transaction committed); an unpublished
     * termination is published again by {@link #publishPending}.
     */
    public boolean publishStart(UUID id) {
        Termination t = terminations.findById(id).orElseThrow();
        if (!t.isOpen() || t.getPublishedAt() != null) {
            return true;
        }
        if (!engine.publishStart(t)) {
            return false;
        }
        terminations.markPublished(id, now());
        return true;
    }

    /** Starts what the engine has not taken yet (reconciliation calls this every run). */
    @Transactional
    public int publishPending() {
        int n = 0;
        for (Termination t : terminations.findCancelUnpublished(PageRequest.ofSize(100))) {
            if (t.getStoppedAt().isBefore(now().minusSeconds(5)) && publishCancelled(t.getId())) {
                n++;
            }
        }
        for (Termination t : terminations.findUnpublished(PageRequest.ofSize(100))) {
            if (t.getStartedAt().isBefore(now().minusSeconds(5)) && engine.publishStart(t)) {
                terminations.markPublished(t.getId(), now());
                n++;
            }
        }
        return n;
    }

    /**
     * The daily drop-out check: active clients with no message and no session for the configured
     * period get an unplanned ending that first asks the clinician to confirm the drop-out.
     */
    @Transactional
    public List<Termination> suspectDropOuts(Collection<UUID> onlyClients) {
        Instant cutoff = now().minus(properties.dropOutAfter());
        List<Termination> started = new ArrayList<>();
        for (UUID clientId : activity.silentSince(cutoff)) {
            if (onlyClients != null && !onlyClients.contains(clientId)) {
                continue;
            }
            Client client = clients.findById(clientId).orElseThrow();
            Termination t = terminations.saveAndFlush(new Termination(
                    clientId,
                    client.getClinicianId(),
                    Kind.UNPLANNED,
                    Reason.DROP_OUT,
                    null,
                    false,
                    "drop-out-check",
                    now()));
            audit.record(
                    "drop-out-check",
                    "DROP_OUT_SUSPECTED",
                    "CLIENT",
                    clientId,
                    details(t, "silentSince", cutoff.toString()));
            UUID id = t.getId();
            AfterCommit.run(() -> publishStart(id));
            started.add(t);
        }
        return started;
    }

    /** A session booked or held, from the practice's scheduling; stops a drop-out ending. */
    @Transactional
    public ClientSession sessionBooked(Client client, Instant at, String by) {
        if (at == null) {
            throw InvalidFieldException.outOfRange("sessionAt", "the session's date and time are required");
        }
        ClientSession session = sessions.saveAndFlush(new ClientSession(client.getId(), at, by, now()));
        audit.record(
                by,
                "SESSION_RECORDED",
                "CLIENT",
                client.getId(),
                Map.of("sessionId", session.getId().toString(), "sessionAt", at.toString()));
        terminations
                .findByOpenClientId(client.getId())
                .filter(Termination::stoppableByContact)
                .ifPresent(t -> AfterCommit.run(() -> engine.publishBackInContact(
                        client.getId(), StopReason.SESSION_BOOKED.name(), session.getId())));
        return session;
    }

    /** After screening (ScreenMessageTask): the sender of an inbound message wrote. */
    @Transactional(readOnly = true)
    public void messageScreened(UUID messageId) {
        activity.senderOf(messageId).ifPresent(clientId -> clientWrote(clientId, messageId));
    }

    /** A message from a client whose drop-out ending waits stops it. */
    @Transactional(readOnly = true)
    public void clientWrote(UUID clientId, UUID messageId) {
        terminations
                .findByOpenClientId(clientId)
                .filter(Termination::stoppableByContact)
                .ifPresent(t ->
                        engine.publishBackInContact(clientId, StopReason.CLIENT_BACK_IN_CONTACT.name(), messageId));
    }

    /**
     * A former client returns: intake starts again (consent to the current policy, in the same
     * transaction). 409 unless the client's treatment has ended.
     */
    @Transactional
    public Client reopen(Client client, String by) {
        Client locked = clients.findById(client.getId()).orElseThrow();
        if (locked.getStatus() != ClientStatus.TERMINATED) {
            throw new ConflictException("Only a former client (treatment ended) can be re-opened");
        }
        locked.reopen();
        audit.record(
                by,
                "CLIENT_REOPENED",
                "CLIENT",
                locked.getId(),
                Map.of("retainUntil", String.valueOf(locked.getRetainUntil())));
        events.publishEvent(new ClientReopened(locked, by));
        return locked;
    }

    @Transactional(readOnly = true)
    public Optional<Termination> latest(UUID clientId) {
        return terminations.findFirstByClientIdOrderByStartedAtDesc(clientId);
    }

    @Transactional(readOnly = true)
    public Optional<Termination> find(UUID id) {
        return terminations.findById(id);
    }

    // ---- The closing letter: versions and edits ----

    @Transactional(readOnly = true)
    public List<ClosingLetterVersion> letterVersions(UUID id) {
        return letterVersions.findByTerminationIdOrderByVersionAsc(id);
    }

    /**
     * The clinician's edit of the closing letter before it is sent: a new version (who, when),
     * encrypted, the one that goes out unless edited again. Refused (422, naming what is wrong) when
     * it uses a phrase of the avoid list or lacks a required element; 409 when the letter is not
     * under review (not written yet, sent already, ending stopped) or {@code baseVersion} is not the
     * latest (someone else edited it meanwhile).
     */
    @Transactional
    public Termination editLetter(UUID id, String text, Integer baseVersion, String by) {
        if (text == null || text.isBlank()) {
            throw InvalidFieldException.outOfRange("text", "the letter's text is required");
        }
        if (text.length() > MAX_LETTER_LENGTH) {
            throw InvalidFieldException.outOfRange(
                    "text", "a closing letter has at most " + MAX_LETTER_LENGTH + " characters");
        }
        Termination t = terminations.findForUpdate(id).orElseThrow();
        if (!t.isOpen() || t.getLetterGeneratedAt() == null || t.getLetterSentAt() != null) {
            throw new ConflictException(
                    t.getLetterSentAt() != null
                            ? "The closing letter has been sent; it can no longer be changed"
                            : !t.isOpen()
                                    ? "This ending is no longer under way"
                                    : "The closing letter is not written yet",
                    Map.of("terminationId", id.toString()));
        }
        int latest = t.getLetterVersion() == null ? 1 : t.getLetterVersion();
        if (baseVersion != null && baseVersion != latest) {
            throw new ConflictException(
                    "The letter was changed meanwhile (version " + latest + "); reload it and edit that version",
                    Map.of("terminationId", id.toString(), "latestVersion", latest));
        }
        String normalized = text.replace("\r\n", "\n").strip();
        LanguageBank.findAvoidedPhrase(normalized).ifPresent(p -> {
            throw new InvalidFieldException(
                    "text", "The letter contains \u201c" + p + "\u201d, which the practice's language bank avoids");
        });
        List<String> missing = letterCheck(t).missing(normalized);
        if (!missing.isEmpty()) {
            throw new InvalidFieldException(
                    "text", "The closing letter must still contain: " + String.join("; ", missing));
        }
        if (normalized.equals(t.getLetter())) {
            return t; // the same text again (a resubmitted form): no new version
        }
        Instant now = now();
        int version = latest + 1;
        letterVersions.save(new ClosingLetterVersion(id, version, normalized, by, now));
        t.letterVersion(version, normalized, null);
        audit.record(
                by,
                "CLOSING_LETTER_EDITED",
                "CLIENT",
                t.getClientId(),
                details(t, "version", version, "characters", normalized.length()));
        return t;
    }

    private ClosingLetterCheck letterCheck(Termination t) {
        Client client = clients.findById(t.getClientId()).orElseThrow();
        Clinician clinician = clinicians.findById(t.getClinicianId()).orElseThrow();
        PolicyDocument policy = policies.effective(client.getPracticeId(), client.getClinicianId())
                .getDocument();
        Instant contactEnds = t.getLetterContactEndsAt() != null
                ? t.getLetterContactEndsAt()
                : t.getLetterGeneratedAt().plus(properties.contactGrace());
        return new ClosingLetterCheck(
                referrals.referrals(),
                emergencyNumber,
                practiceContact(policy),
                date(
                        contactEnds,
                        clinician.getTimeZone(),
                        t.getLetterLanguage() == null ? "en" : t.getLetterLanguage()));
    }

    // ---- Cancelling an ending ----

    /**
     * A clinician or supervisor cancels the client's running ending, with a reason category (and a
     * note, required for OTHER, stored encrypted). The row is stopped at once (status STOPPED, reason
     * CANCELLED, audited) and, after commit, a message to the instance ends it through the engine.
     * The client stays as they are (active); nothing else of theirs is touched. 409 when there is no
     * running ending or contact has closed already (the point of no return).
     */
    @Transactional
    public Termination cancel(Client client, CancelReason reason, String note, String by) {
        if (reason == null) {
            throw InvalidFieldException.outOfRange("reason", "a cancellation needs a reason category");
        }
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (cleanNote != null && cleanNote.length() > MAX_NOTE_LENGTH) {
            throw InvalidFieldException.outOfRange("note", "at most " + MAX_NOTE_LENGTH + " characters");
        }
        if (reason == CancelReason.OTHER && cleanNote == null) {
            throw new InvalidFieldException("note", "say in a note why the ending is cancelled (reason OTHER)");
        }
        Termination open = terminations
                .findByOpenClientId(client.getId())
                .flatMap(o -> terminations.findForUpdate(o.getId()))
                .filter(Termination::isOpen)
                .orElseThrow(() -> new ConflictException("There is no running ending to cancel for this client"));
        if (open.getContactClosedAt() != null) {
            throw new ConflictException(
                    "Between-session contact has closed already; this ending can no longer be cancelled"
                            + " (a returning client is re-opened instead)",
                    Map.of("terminationId", open.getId().toString()));
        }
        Stage at = open.getStage();
        open.cancelled(reason, cleanNote, by, now());
        audit.record(
                by,
                "TERMINATION_CANCELLED",
                "CLIENT",
                client.getId(),
                details(open, "reason", reason.name(), "stage", at.name(), "note", cleanNote != null));
        UUID id = open.getId();
        AfterCommit.run(() -> publishCancelled(id));
        return open;
    }

    /** Publishes the cancellation to the instance; an unpublished one is published again by {@link #publishPending}. */
    public boolean publishCancelled(UUID id) {
        Termination t = terminations.findById(id).orElseThrow();
        if (t.getCancelReason() == null || t.getCancelPublishedAt() != null) {
            return true;
        }
        // Normally a message to the instance. Should a later ending of the client have started before
        // the engine took it (an outage), that message would end the later one too: then the earlier
        // instance is cancelled by its key. Without a start in the engine the message finds nothing.
        boolean laterEnding = terminations.findByOpenClientId(t.getClientId()).isPresent();
        boolean delivered = laterEnding
                ? t.getProcessInstanceKey() == null || engine.cancelInstance(t.getProcessInstanceKey())
                : engine.publishCancelled(t);
        if (!delivered) {
            return false;
        }
        terminations.markCancelPublished(id, now());
        return true;
    }

    // ---- Date of birth (records retention for minors) ----

    /**
     * Records (or corrects, or with null clears) the client's date of birth, for the retention rule
     * for minors. Never in process variables or logs; encrypted at rest. For a former client whose
     * retain-until date is set, the date moves later if the minors' rule now gives a later one (never
     * earlier).
     */
    @Transactional
    public Client recordDateOfBirth(Client client, LocalDate dateOfBirth, String by) {
        Client locked = clients.findById(client.getId()).orElseThrow();
        ClientRegistration.checkDateOfBirth(dateOfBirth, clock);
        locked.recordDateOfBirth(dateOfBirth);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dateOfBirthRecorded", dateOfBirth != null);
        if (locked.getRetainUntil() != null && dateOfBirth != null) {
            LocalDate minor = RetentionRule.of(properties).afterComingOfAge(dateOfBirth);
            if (minor.isAfter(locked.getRetainUntil())) {
                details.put("retainUntil", minor.toString());
                locked.retainUntil(minor);
            }
        }
        audit.record(by, "DATE_OF_BIRTH_RECORDED", "CLIENT", locked.getId(), details);
        return locked;
    }

    // ---- Process steps ----

    /** The variables every later step reads; {@link #resumeVariables} gives the same for a rebuild. */
    public record Opened(
            String clientId,
            String terminationKind,
            String clinicianAssignee,
            String supervisorAssignee,
            String riskLevel,
            long daysSinceLastCrisis,
            boolean crisisOpen,
            boolean checkinsOpen,
            boolean dropOutConfirmed,
            String lastSessionAt,
            String clientLabel) {}

    /** OpenTerminationTask: the instance is the termination's; the safety facts as of now. */
    @Transactional
    public Opened open(UUID id, long processInstanceKey) {
        Termination t = termination(id);
        t.startedAs(processInstanceKey);
        return opened(t);
    }

    private Opened opened(Termination t) {
        Client client = clients.findById(t.getClientId()).orElseThrow();
        long days = activity.lastCrisisAt(client.getId())
                .map(at -> Duration.between(at, now()).toDays())
                .orElse(100_000L);
        return new Opened(
                client.getId().toString(),
                t.getKind().name(),
                careTeam.responsibleFor(t.getClinicianId()),
                careTeam.supervisorOf(client.getPracticeId()),
                client.getRiskLevel().name(),
                days,
                activity.crisisOpen(client.getId()),
                activity.checkinsOpen(client.getId()),
                t.getDropOutConfirmedAt() != null,
                t.getLastSessionAt() == null ? null : t.getLastSessionAt().toString(),
                client.getInitials());
    }

    public record Decided(String stopReason) {}

    /** RecordDropOutDecisionTask: the clinician confirms the drop-out, or the client is still in care. */
    @Transactional
    public Decided dropOutDecided(UUID id, boolean confirmed, String by) {
        Termination t = termination(id);
        if (t.getDropOutConfirmedAt() == null && t.isOpen()) {
            if (confirmed) {
                t.dropOutConfirmed(by, now());
                t.stage(Stage.SAFETY_REVIEW);
                audit.record(by, "DROP_OUT_CONFIRMED", "CLIENT", t.getClientId(), details(t));
            } else {
                return new Decided(StopReason.NOT_A_DROP_OUT.name());
            }
        }
        return new Decided(t.getDropOutConfirmedAt() == null ? StopReason.NOT_A_DROP_OUT.name() : null);
    }

    /** RecordSafetyGateTask: the decision table's outcome, audited; the supervisor is told. */
    @Transactional
    public void safetyGate(UUID id, String gate, String gateReason) {
        Termination t = termination(id);
        if (Objects.equals(t.getSafetyGate(), gate) && Objects.equals(t.getSafetyGateReason(), gateReason)) {
            return;
        }
        t.safetyGate(gate, gateReason);
        audit.record(
                ACTOR,
                "TERMINATION_SAFETY_GATE",
                "CLIENT",
                t.getClientId(),
                details(t, "gate", gate, "reason", gateReason));
        if (!"CLEAR".equals(gate)) {
            Client client = clients.findById(t.getClientId()).orElseThrow();
            notifier.send(new StaffNotification(
                    careTeam.supervisorOf(client.getPracticeId()), "TERMINATION_SAFETY_REVIEW", "SUPERVISOR", null));
        }
    }

    public record SafetyReviewed(boolean safetyCleared, String stopReason) {}

    /**
     * RecordSafetyReviewTask: the supervisor proceeds or stops the ending. Nothing terminates while a
     * crisis is open: "proceed" with an unacknowledged crisis holds the ending at the review.
     */
    @Transactional
    public SafetyReviewed safetyReviewed(UUID id, String decision, String by) {
        Termination t = termination(id);
        if ("STOP".equals(decision)) {
            if (t.getSafetyReviewedAt() == null) {
                t.safetyReviewed("STOP", by, now());
                audit.record(
                        by, "TERMINATION_SAFETY_REVIEWED", "CLIENT", t.getClientId(), details(t, "decision", "STOP"));
            }
            return new SafetyReviewed(false, StopReason.SUPERVISOR_STOPPED.name());
        }
        if (activity.crisisOpen(t.getClientId())) {
            audit.record(
                    by, "TERMINATION_HELD_CRISIS_OPEN", "CLIENT", t.getClientId(), details(t, "at", "SAFETY_REVIEW"));
            return new SafetyReviewed(false, null);
        }
        if (t.getSafetyReviewedAt() == null) {
            t.safetyReviewed("PROCEED", by, now());
            audit.record(
                    by, "TERMINATION_SAFETY_REVIEWED", "CLIENT", t.getClientId(), details(t, "decision", "PROCEED"));
        }
        return new SafetyReviewed(true, null);
    }

    public record DiscussionScheduled(String discussDueAt) {}

    /**
     * ScheduleEndingDiscussionTask: the ending is discussed in session at least {@code notice} before
     * the last one (APA 10.10: pre-termination counselling, reasonable notice). A last session closer
     * than that gets the task due now, and the short notice is audited.
     */
    @Transactional
    public DiscussionScheduled scheduleDiscussion(UUID id, Duration notice) {
        Termination t = termination(id);
        if (t.getDiscussDueAt() == null) {
            Duration n = notice == null ? properties.noticeBefore() : notice;
            Instant due = t.getLastSessionAt().minus(n);
            Instant now = now();
            boolean shortNotice = due.isBefore(now);
            if (shortNotice) {
                due = now;
            }
            t.discussDue(due);
            t.stage(Stage.ENDING_DISCUSSION);
            audit.record(
                    ACTOR,
                    "ENDING_DISCUSSION_SCHEDULED",
                    "CLIENT",
                    t.getClientId(),
                    details(t, "discussDueAt", due.toString(), "notice", n.toString(), "shortNotice", shortNotice));
        }
        return new DiscussionScheduled(t.getDiscussDueAt().toString());
    }

    /**
     * RecordEndingDiscussedTask. The form requires the "discussed" confirmation; a completion without
     * it (through the API, not the form) is audited as such.
     */
    @Transactional
    public void discussed(UUID id, boolean endingDiscussed, boolean furtherCareAdvised, String by) {
        Termination t = termination(id);
        if (t.getDiscussedAt() == null) {
            t.discussed(furtherCareAdvised, now());
            t.stage(Stage.LAST_SESSION);
            audit.record(
                    by,
                    "ENDING_DISCUSSED",
                    "CLIENT",
                    t.getClientId(),
                    details(t, "endingDiscussed", endingDiscussed, "furtherCareAdvised", furtherCareAdvised));
        }
    }

    public record OutreachSent(String outreachReplyBy, String stopReason) {}

    /**
     * SendDropOutOutreachTask: one documented outreach in the client's language and channel. The
     * database is the truth: a client who wrote or booked a session since the ending started (while
     * the supervisor reviewed it, or in a message the engine did not hear of) is back in contact, and
     * no outreach goes out.
     */
    @Transactional
    public OutreachSent outreach(UUID id, Duration wait) {
        Termination t = termination(id);
        if (!t.isOpen() && t.getOutreachSentAt() == null) {
            return new OutreachSent(null, t.getStopReason().name()); // cancelled: no outreach
        }
        if (t.getOutreachSentAt() == null) {
            if (activity.contactSince(t.getClientId(), t.getStartedAt())) {
                audit.recordOnce(ACTOR, "DROP_OUT_CONTACT_MEANWHILE", "CLIENT", t.getClientId(), details(t));
                return new OutreachSent(null, StopReason.CLIENT_BACK_IN_CONTACT.name());
            }
            Instant now = now();
            t.outreachSent(now, now.plus(wait == null ? properties.outreachWait() : wait));
            t.stage(Stage.OUTREACH);
            Client client = clients.findById(t.getClientId()).orElseThrow();
            String language = language(client);
            Channel channel = writtenChannel(client);
            outbox.enqueue(new Outbox.Notification(
                    "termination-outreach:" + id,
                    channel,
                    client.getId(),
                    OUTREACH_TEMPLATE,
                    language,
                    templates.render(OUTREACH_TEMPLATE, language, Map.of("emergencyNumber", emergencyNumber))));
            audit.record(
                    ACTOR,
                    "DROP_OUT_OUTREACH_SENT",
                    "CLIENT",
                    client.getId(),
                    details(
                            t,
                            "channel",
                            channel.name(),
                            "language",
                            language,
                            "replyBy",
                            t.getOutreachReplyBy().toString()));
        }
        return new OutreachSent(t.getOutreachReplyBy().toString(), null);
    }

    /** RecordCloseDecisionTask: after the outreach went unanswered, close or continue. */
    @Transactional
    public Decided closeDecided(UUID id, String decision, String by) {
        Termination t = termination(id);
        if (t.getCloseDecision() == null) {
            t.closeDecided(decision, by, now());
            audit.record(by, "DROP_OUT_DECIDED", "CLIENT", t.getClientId(), details(t, "decision", decision));
        }
        return new Decided("CONTINUE".equals(t.getCloseDecision()) ? StopReason.TREATMENT_CONTINUES.name() : null);
    }

    public record LetterReady(String letterChannel, boolean writtenConsent) {}

    /**
     * GenerateClosingLetterTask: the closing letter from the template bank in the client's language:
     * dates of care, reason, whether further care is advised, the practice's referrals (at least three),
     * crisis resources, how to request records, and that between-session contact ends. Stored
     * encrypted; generated once. Whether it may go out in writing: the client consented to the
     * communication policy and the policy offers the channel.
     */
    @Transactional
    public LetterReady generateLetter(UUID id, Duration grace) {
        Termination t = termination(id);
        if (t.getLetterGeneratedAt() == null) {
            Client client = clients.findById(t.getClientId()).orElseThrow();
            Clinician clinician = clinicians.findById(t.getClinicianId()).orElseThrow();
            PolicyDocument policy = policies.effective(client.getPracticeId(), client.getClinicianId())
                    .getDocument();
            String language = language(client);
            ZoneId zone = clinician.getTimeZone();
            Instant now = now();
            Instant careTo = t.getLastSessionAt() != null
                    ? t.getLastSessionAt()
                    : activity.lastSessionUpTo(client.getId(), now).orElse(now);
            Instant contactEnds = now.plus(grace == null ? properties.contactGrace() : grace);
            Optional<Channel> written = consentedWrittenChannel(client, policy);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("clientName", client.getDisplayName());
            values.put("careFrom", date(client.getCreatedAt(), zone, language));
            values.put("careTo", date(careTo, zone, language));
            values.put(
                    "reason",
                    templates.render(
                            "termination.reason."
                                    + t.getReason()
                                            .name()
                                            .toLowerCase(Locale.ROOT)
                                            .replace('_', '-'),
                            language,
                            Map.of()));
            values.put(
                    "furtherCare",
                    templates.render(
                            t.getFurtherCareAdvised() == null
                                    ? "termination.further-care.open"
                                    : t.getFurtherCareAdvised()
                                            ? "termination.further-care.advised"
                                            : "termination.further-care.not-needed",
                            language,
                            Map.of()));
            values.put("referrals", referrals.asList());
            values.put("crisisResources", crisisResources(policy, language));
            values.put("emergencyNumber", emergencyNumber);
            values.put("practiceContact", practiceContact(policy));
            values.put("retainUntil", retainUntil(client, t, now).toString());
            values.put("contactEnds", date(contactEnds, zone, language));
            values.put("clinicianName", clinician.getStaffMember().getDisplayName());
            String letter = templates.render(LETTER_TEMPLATE, language, values);
            t.letterGenerated(
                    letter,
                    language,
                    templates.version(),
                    written.map(Channel::name).orElse("IN_PERSON_OR_POST"),
                    written.isPresent(),
                    now);
            t.letterVersion(1, letter, contactEnds);
            letterVersions.save(new ClosingLetterVersion(t.getId(), 1, letter, ACTOR, now));
            t.stage(Stage.LETTER_REVIEW);
            audit.record(
                    ACTOR,
                    "CLOSING_LETTER_GENERATED",
                    "CLIENT",
                    client.getId(),
                    details(
                            t,
                            "language",
                            language,
                            "templateVersion",
                            templates.version(),
                            "referrals",
                            referrals.referrals().size(),
                            "channel",
                            t.getLetterChannel(),
                            "writtenConsent",
                            written.isPresent()));
        }
        return new LetterReady(t.getLetterChannel(), Boolean.TRUE.equals(t.getLetterWrittenConsent()));
    }

    public record LetterSent(String contactClosesAt) {}

    /**
     * SendClosingLetterTask: after the clinician reviewed it, the letter goes out in the consented
     * written channel (or, without written consent, is recorded for handing over in person or by
     * post); contact closes after the grace period.
     */
    @Transactional
    public LetterSent sendLetter(UUID id, String approvedBy, boolean letterApproved, Duration grace) {
        // Locked: an edit saved at the same moment is either in the letter sent or refused (409).
        Termination t =
                terminations.findForUpdate(id).orElseThrow(() -> new IllegalStateException("No termination " + id));
        if (!t.isOpen() && t.getLetterSentAt() == null) {
            // Cancelled while the clinician approved it: nothing goes out; the cancellation message ends
            // the instance while it waits.
            return new LetterSent(now().plus(properties.crisisHold()).toString());
        }
        if (t.getLetterSentAt() == null) {
            if (!letterApproved) {
                // The form requires the confirmation: a completion without it is a broken contract, and
                // nothing is sent without the clinician having read the letter (the job fails: incident).
                throw new IllegalStateException("Closing letter of ending " + id + " not approved");
            }
            Instant now = now();
            Instant closes = now.plus(grace == null ? properties.contactGrace() : grace);
            if (t.getLetterContactEndsAt() != null && t.getLetterContactEndsAt().isAfter(closes)) {
                closes = t.getLetterContactEndsAt(); // never earlier than the letter tells the client
            }
            t.letterSent(approvedBy, now, closes);
            t.stage(Stage.GRACE_PERIOD);
            if (Boolean.TRUE.equals(t.getLetterWrittenConsent())) {
                outbox.enqueue(new Outbox.Notification(
                        "closing-letter:" + id,
                        Channel.valueOf(t.getLetterChannel()),
                        t.getClientId(),
                        LETTER_TEMPLATE,
                        t.getLetterLanguage(),
                        t.getLetter()));
            }
            audit.record(
                    approvedBy == null ? ACTOR : approvedBy,
                    Boolean.TRUE.equals(t.getLetterWrittenConsent())
                            ? "CLOSING_LETTER_SENT"
                            : "CLOSING_LETTER_TO_HAND_OVER",
                    "CLIENT",
                    t.getClientId(),
                    details(
                            t,
                            "channel",
                            t.getLetterChannel(),
                            "letterApproved",
                            letterApproved,
                            "letterVersion",
                            t.getLetterSentVersion(),
                            "contactClosesAt",
                            t.getContactClosesAt().toString()));
        }
        return new LetterSent(t.getContactClosesAt().toString());
    }

    public record ContactClosing(boolean contactClosed, String contactClosesAt) {}

    /**
     * CloseContactTask: between-session contact closes (the client becomes a former client: later
     * messages get the referral auto-reply, a crisis is still screened and alerted) and the record's
     * retain-until date is set. While a crisis is open nothing terminates: the closing moves on by
     * the configured hold, is audited, and the supervisor is told.
     */
    @Transactional
    public ContactClosing closeContact(UUID id) {
        Termination t =
                terminations.findForUpdate(id).orElseThrow(() -> new IllegalStateException("No termination " + id));
        Instant now = now();
        if (!t.isOpen() && t.getContactClosedAt() == null) {
            // Cancelled: contact stays open; the cancellation message ends the instance while it waits.
            return new ContactClosing(false, now.plus(properties.crisisHold()).toString());
        }
        if (t.getContactClosedAt() == null) {
            if (now.isBefore(t.getContactClosesAt())) {
                return new ContactClosing(false, t.getContactClosesAt().toString()); // a job run early
            }
            Client client = clients.findById(t.getClientId()).orElseThrow();
            if (activity.crisisOpen(client.getId())) {
                t.contactClosingPostponed(now.plus(properties.crisisHold()));
                audit.record(
                        ACTOR,
                        "TERMINATION_HELD_CRISIS_OPEN",
                        "CLIENT",
                        client.getId(),
                        details(
                                t,
                                "at",
                                "CLOSE_CONTACT",
                                "contactClosesAt",
                                t.getContactClosesAt().toString()));
                notifier.send(new StaffNotification(
                        careTeam.supervisorOf(client.getPracticeId()),
                        "TERMINATION_HELD_CRISIS_OPEN",
                        "SUPERVISOR",
                        null));
                return new ContactClosing(false, t.getContactClosesAt().toString());
            }
            LocalDate retainUntil = retainUntil(client, t, now);
            client.terminate();
            client.retainUntil(retainUntil);
            t.contactClosed(now, retainUntil);
            t.stage(Stage.ENDING_INSTANCES);
            audit.record(
                    ACTOR,
                    "CONTACT_CLOSED",
                    "CLIENT",
                    client.getId(),
                    details(t, "retainUntil", retainUntil.toString()));
        }
        return new ContactClosing(true, t.getContactClosesAt().toString());
    }

    /** CompleteTerminationTask: everything else for the client has ended; nothing was deleted. */
    @Transactional
    public void complete(UUID id) {
        Termination t = termination(id);
        if (t.getCompletedAt() == null) {
            t.completed(now());
            audit.record(
                    ACTOR,
                    "TERMINATION_COMPLETED",
                    "CLIENT",
                    t.getClientId(),
                    details(t, "retainUntil", String.valueOf(t.getRetainUntil())));
        }
    }

    /** StopTerminationTask: the ending stops (client back in contact, supervisor, clinician). */
    @Transactional
    public void stop(UUID id, StopReason why, String by) {
        Termination t = termination(id);
        if (t.isOpen()) {
            t.stopped(why, by == null ? ACTOR : by, now());
            audit.record(
                    by == null ? ACTOR : by,
                    "TERMINATION_STOPPED",
                    "CLIENT",
                    t.getClientId(),
                    details(t, "reason", why.name()));
        }
    }

    // ---- Reconciliation ----

    /** An open termination as reconciliation sees it. */
    public record OpenTermination(UUID id, UUID clientId, Long processInstanceKey, Instant publishedAt) {}

    @Transactional(readOnly = true)
    public List<OpenTermination> openInEngine(int limit) {
        return terminations.findOpenInEngine(PageRequest.ofSize(limit)).stream()
                .map(t ->
                        new OpenTermination(t.getId(), t.getClientId(), t.getProcessInstanceKey(), t.getPublishedAt()))
                .toList();
    }

    /** The instance now driving the ending (a rebuilt one). */
    @Transactional
    public void restartedAs(UUID id, long processInstanceKey) {
        termination(id).startedAs(processInstanceKey);
    }

    /** Where a lost instance starts again, and with which variables (everything stored). */
    public record Resume(String startBefore, Map<String, Object> variables) {}

    /**
     * Called by reconciliation inside its transaction: the row locked, still open and still pointing
     * at {@code lostKey}, else empty.
     */
    @Transactional
    public Optional<Termination> lockedIfLost(UUID id, Long lostKey) {
        Termination t = terminations.findForUpdate(id).orElse(null);
        if (t == null || !t.isOpen() || !Objects.equals(t.getProcessInstanceKey(), lostKey)) {
            return Optional.empty();
        }
        return Optional.of(t);
    }

    /**
     * The start instruction for a lost instance: the element of its stage, with the stored
     * variables, so it arrives where the old one stood; each step finds its work done.
     */
    @Transactional
    public Resume resume(Termination t) {
        Map<String, Object> v = new LinkedHashMap<>();
        Opened o = opened(t);
        v.put("terminationId", t.getId().toString());
        v.put("clientId", o.clientId());
        v.put("clientLabel", o.clientLabel());
        v.put("terminationKind", o.terminationKind());
        v.put("clinicianAssignee", o.clinicianAssignee());
        v.put("supervisorAssignee", o.supervisorAssignee());
        v.put("dropOutConfirmed", o.dropOutConfirmed());
        v.put("resumed", true);
        put(v, "lastSessionAt", o.lastSessionAt());
        put(v, "discussDueAt", t.getDiscussDueAt());
        put(v, "outreachReplyBy", t.getOutreachReplyBy());
        put(v, "contactClosesAt", t.getContactClosesAt());
        put(v, "letterChannel", t.getLetterChannel());
        String startBefore = switch (t.getStage()) {
            case DROP_OUT_CONFIRMATION, SAFETY_REVIEW -> "OpenTerminationTask";
            case ENDING_DISCUSSION -> "ScheduleEndingDiscussionTask";
            case LAST_SESSION -> "LastSessionTimer";
            // The outreach step returns its stored reply-by; a passed wait fires at once: the decision.
            case OUTREACH -> "SendDropOutOutreachTask";
            case LETTER_REVIEW -> "GenerateClosingLetterTask";
            case GRACE_PERIOD -> "ContactGraceTimer";
            case ENDING_INSTANCES, DONE -> "CloseContactTask";
        };
        if (!"OpenTerminationTask".equals(startBefore)) {
            // The timing table's values as the old instance had them: stored where they matter.
            v.put("noticeBefore", properties.noticeBefore().toString());
            v.put("outreachWait", properties.outreachWait().toString());
            v.put("contactGrace", properties.contactGrace().toString());
        }
        return new Resume(startBefore, v);
    }

    // ---- helpers ----

    private static void put(Map<String, Object> v, String key, Object value) {
        if (value != null) {
            v.put(key, value.toString());
        }
    }

    /**
     * Retention (configuration, 7 years by default) counts from the last service: the latest of the
     * last session held (recorded, or the planned last session once past) and the client's last
     * message; without either, from the day the ending started. The same date in the letter and in
     * the record.
     */
    private LocalDate retainUntil(Client client, Termination t, Instant now) {
        UUID clientId = client.getId();
        Instant lastService = null;
        for (Optional<Instant> candidate : List.of(
                activity.lastSessionUpTo(clientId, now),
                Optional.ofNullable(t.getLastSessionAt()).filter(at -> !at.isAfter(now)),
                activity.lastInboundAt(clientId))) {
            if (candidate.isPresent() && (lastService == null || candidate.get().isAfter(lastService))) {
                lastService = candidate.get();
            }
        }
        if (lastService == null) {
            lastService = t.getStartedAt();
        }
        return RetentionRule.of(properties)
                .retainUntil(lastService.atZone(ZoneOffset.UTC).toLocalDate(), client.getDateOfBirth());
    }

    private Optional<Channel> consentedWrittenChannel(Client client, PolicyDocument policy) {
        if (consents.findFirstByClientIdOrderByConsentedAtDesc(client.getId()).isEmpty()) {
            return Optional.empty();
        }
        List<Channel> offered = policy.channelsOffered().stream()
                .map(PolicyDocument.OfferedChannel::channel)
                .filter(c -> c == Channel.PORTAL || c == Channel.EMAIL)
                .toList();
        if (offered.contains(client.getPreferredChannel())) {
            return Optional.of(client.getPreferredChannel());
        }
        return offered.stream().findFirst();
    }

    private String crisisResources(PolicyDocument policy, String language) {
        StringBuilder out = new StringBuilder();
        if (policy.crisis() != null && policy.crisis().resources() != null) {
            for (PolicyDocument.CrisisResource r : policy.crisis().resources()) {
                out.append("- ")
                        .append(PolicyDocument.in(language, r.name(), r.nameTranslations()))
                        .append(": ")
                        .append(PolicyDocument.in(language, r.contact(), r.contactTranslations()))
                        .append('\n');
            }
        }
        out.append("- 988 Suicide & Crisis Lifeline: call or text 988");
        return out.toString();
    }

    private static String practiceContact(PolicyDocument policy) {
        return policy.channelsOffered().stream()
                .filter(c -> c.purposes().contains(PolicyDocument.ContactPurpose.ADMINISTRATIVE))
                .map(PolicyDocument.OfferedChannel::contact)
                .findFirst()
                .orElse("the practice office");
    }

    private static String language(Client client) {
        return "es".equals(client.getPreferredLanguage()) ? "es" : "en";
    }

    /** Written channels only: the client's preferred one if it is written, else the portal. */
    static Channel writtenChannel(Client client) {
        Channel preferred = client.getPreferredChannel();
        return preferred == Channel.PORTAL || preferred == Channel.EMAIL ? preferred : Channel.PORTAL;
    }

    private static String date(Instant at, ZoneId zone, String language) {
        return DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag(language))
                .format(at.atZone(zone));
    }

    private static Map<String, Object> details(Termination t, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("terminationId", t.getId().toString());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                details.put(String.valueOf(pairs[i]), pairs[i + 1]);
            }
        }
        return details;
    }

    /** Whole milliseconds: the engine's timers have no finer precision. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Termination termination(UUID id) {
        return terminations.findById(id).orElseThrow(() -> new IllegalStateException("No termination " + id));
    }
}
