package org.betweensessions.checkins;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.betweensessions.api.ConflictException;
import org.betweensessions.api.InvalidFieldException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.checkins.SafetyCheckin.WelfareOutcome;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.database.AfterCommit;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Direction;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.policy.Policies;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.templates.TemplateBank;
import org.betweensessions.triage.Modality;
import org.betweensessions.triage.TriageProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * High-risk clients (issue 15): raising and lowering the risk level, and the steps of the
 * safety-plan-checkins process, one method per service task. Every step is idempotent (a job that
 * runs twice changes nothing the second time): check-ins are unique per episode and number, outbox
 * keys name the check-in and the attempt, and each deadline is computed once and stored.
 */
@Service
public class SafetyPlanCheckins {

    static final String ACTOR = "safety-plan-checkins";
    static final String CHECKIN_TEMPLATE = "checkin.message";
    static final String OUTREACH_TEMPLATE = "checkin.outreach";

    private final RiskEpisodeRepository episodes;
    private final SafetyCheckinRepository checkins;
    private final SafetyPlanRepository plans;
    private final PostCrisisReviewRepository postCrisisReviews;
    private final CaringContacts caring;
    private final OutreachCallRepository outreachCalls;
    private final EmergencyContacts emergencyContacts;
    private final ClientTransferRepository transfers;
    private final ApplicationEventPublisher events;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final ClinicianCalendars calendars;
    private final CareTeam careTeam;
    private final Policies policies;
    private final Modality modality;
    private final MessageRepository messages;
    private final Outbox outbox;
    private final TemplateBank templates;
    private final TriageProperties triage;
    private final Notifier notifier;
    private final AuditTrail audit;
    private final CheckinMessages engine;
    private final Clock clock;
    private final Duration firstContactWithin;

    SafetyPlanCheckins(
            RiskEpisodeRepository episodes,
            SafetyCheckinRepository checkins,
            SafetyPlanRepository plans,
            PostCrisisReviewRepository postCrisisReviews,
            CaringContacts caring,
            OutreachCallRepository outreachCalls,
            EmergencyContacts emergencyContacts,
            ClientTransferRepository transfers,
            ClientRepository clients,
            ClinicianRepository clinicians,
            ClinicianCalendars calendars,
            CareTeam careTeam,
            Policies policies,
            Modality modality,
            MessageRepository messages,
            Outbox outbox,
            TemplateBank templates,
            TriageProperties triage,
            Notifier notifier,
            AuditTrail audit,
            CheckinMessages engine,
            Clock clock,
            ApplicationEventPublisher events,
            @Value("${bsc.checkins.first-contact-within:PT72H}") Duration firstContactWithin) {
        this.firstContactWithin = firstContactWithin;
        this.events = events;
        this.episodes = episodes;
        this.checkins = checkins;
        this.plans = plans;
        this.postCrisisReviews = postCrisisReviews;
        this.caring = caring;
        this.outreachCalls = outreachCalls;
        this.emergencyContacts = emergencyContacts;
        this.transfers = transfers;
        this.clients = clients;
        this.clinicians = clinicians;
        this.calendars = calendars;
        this.careTeam = careTeam;
        this.policies = policies;
        this.modality = modality;
        this.messages = messages;
        this.outbox = outbox;
        this.templates = templates;
        this.triage = triage;
        this.notifier = notifier;
        this.audit = audit;
        this.engine = engine;
        this.clock = clock;
    }

    // ---- The clinician's decisions (API) ----

    /**
     * The clinician raises the client to high risk with a documented reason: an episode opens and,
     * after commit, the safety-plan-checkins process starts. 409 if the client is already high risk.
     */
    @Transactional
    public RiskEpisode raise(Client client, CssrsLevel cssrsLevel, String reason, String by) {
        Client locked = clients.findById(client.getId()).orElseThrow();
        // A client rated high before check-ins existed (no episode) can be raised: that documents the
        // reason and starts the check-ins.
        if (episodes.findByOpenClientId(locked.getId()).isPresent()) {
            throw new ConflictException("The client is already rated high risk; check-ins are running");
        }
        Clinician clinician = clinicians.findById(locked.getClinicianId()).orElseThrow();
        Instant now = now();
        String arrangement = modality.of(
                locked.getId(),
                policies.effective(locked.getPracticeId(), locked.getClinicianId())
                        .getDocument());
        RiskEpisode episode = episodes.saveAndFlush(new RiskEpisode(
                locked.getId(),
                clinician.getId(),
                cssrsLevel,
                arrangement,
                by,
                now,
                reason,
                endOfDay(clinician, now),
                null));
        locked.setRiskLevel(RiskLevel.HIGH);
        caring.endFor(locked.getId(), "RISK_RAISED", by);
        audit.record(
                by,
                "RISK_RAISED",
                "CLIENT",
                locked.getId(),
                details(
                        episode,
                        "cssrsLevel",
                        cssrsLevel == null ? null : cssrsLevel.name(),
                        "reasonDocumented",
                        true));
        AfterCommit.run(() -> engine.publishRaised(episode));
        return episode;
    }

    /** Lowering the risk (documented reason) ends the check-ins. 409 if the client is not high risk. */
    @Transactional
    public RiskEpisode lower(Client client, String reason, String by) {
        Client locked = clients.findById(client.getId()).orElseThrow();
        RiskEpisode episode = episodes.findByOpenClientId(locked.getId()).orElse(null);
        if (locked.getRiskLevel() != RiskLevel.HIGH && episode == null) {
            throw new ConflictException("The client is not rated high risk");
        }
        locked.setRiskLevel(RiskLevel.LOW);
        if (episode != null) {
            episode.end(EndReason.RISK_LOWERED, by, now(), reason);
            audit.record(by, "RISK_LOWERED", "CLIENT", locked.getId(), details(episode, "reasonDocumented", true));
            AfterCommit.run(() -> engine.publishEnded(locked.getId(), EndReason.RISK_LOWERED));
            caring.riskLowered(episode, by);
        } else {
            audit.record(by, "RISK_LOWERED", "CLIENT", locked.getId(), Map.of("reasonDocumented", true));
        }
        return episode;
    }

    /**
     * Termination or transfer: the check-ins and any caring contacts end (the client's risk level is
     * left as it is).
     */
    @Transactional
    public void endForClient(UUID clientId, EndReason reason, String by) {
        caring.endFor(clientId, reason.name(), by);
        episodes.findByOpenClientId(clientId).ifPresent(episode -> {
            episode.end(reason, by, now(), null);
            audit.record(by, "SAFETY_CHECKINS_ENDED", "CLIENT", clientId, details(episode, "reason", reason.name()));
            AfterCommit.run(() -> engine.publishEnded(clientId, reason));
        });
    }

    /**
     * A documented transfer of the client. Within the practice ({@code toClinicianId}): the client
     * and any running check-ins move to the new clinician; every task the check-ins create from now
     * on is theirs (or their covering clinician's during leave), and the running instance's assignee
     * for later tasks is updated after commit. Out of the practice: the check-ins and caring
     * contacts end as on termination (no timer left, nothing sent after it). Audited without the
     * reason, which is stored encrypted. 409 for a terminated client or the same clinician.
     */
    @Transactional
    public ClientTransfer transfer(
            Client client, ClientTransfer.Kind kind, UUID toClinicianId, String reason, String by) {
        Client locked = clients.findById(client.getId()).orElseThrow();
        if (locked.getStatus() == ClientStatus.TERMINATED) {
            throw new ConflictException("The client's care has ended; there is nothing to transfer");
        }
        UUID from = locked.getClinicianId();
        Instant now = now();
        if (kind == ClientTransfer.Kind.OUT_OF_PRACTICE) {
            ClientTransfer transfer =
                    transfers.saveAndFlush(new ClientTransfer(locked.getId(), kind, from, null, reason, by, now));
            audit.record(
                    by,
                    "CLIENT_TRANSFERRED",
                    "CLIENT",
                    locked.getId(),
                    Map.of("transferId", transfer.getId().toString(), "kind", kind.name(), "reasonDocumented", true));
            endForClient(locked.getId(), EndReason.TRANSFERRED, by);
            return transfer;
        }
        Clinician to = clinicians
                .findById(toClinicianId)
                .filter(c -> c.getPracticeId().equals(locked.getPracticeId()))
                .orElseThrow(() -> InvalidFieldException.outOfRange(
                        "toClinicianId", "No clinician with this id in the client's practice"));
        if (to.getId().equals(from)) {
            throw new ConflictException("The client is already with this clinician");
        }
        locked.transferTo(to.getId());
        ClientTransfer transfer =
                transfers.saveAndFlush(new ClientTransfer(locked.getId(), kind, from, to.getId(), reason, by, now));
        audit.record(
                by,
                "CLIENT_TRANSFERRED",
                "CLIENT",
                locked.getId(),
                Map.of(
                        "transferId",
                        transfer.getId().toString(),
                        "kind",
                        kind.name(),
                        "fromClinicianId",
                        from.toString(),
                        "toClinicianId",
                        to.getId().toString(),
                        "reasonDocumented",
                        true));
        events.publishEvent(
                new ClientTransferred(transfer.getId(), locked.getId(), locked.getPracticeId(), to.getId(), by));
        episodes.findByOpenClientId(locked.getId()).ifPresent(episode -> {
            episode.transferTo(to.getId());
            String assignee = responsible(episode);
            // Post-crisis reviews not yet done go too (a rebuilt instance reads the assignee from here).
            int reviewsMoved = 0;
            for (PostCrisisReview review : postCrisisReviews.findByEpisodeIdOrderByRequestedAtAsc(episode.getId())) {
                if (review.reassignTo(assignee)) {
                    reviewsMoved++;
                }
            }
            audit.record(
                    by,
                    "SAFETY_CHECKINS_TRANSFERRED",
                    "CLIENT",
                    locked.getId(),
                    details(
                            episode,
                            "fromClinicianId",
                            from.toString(),
                            "toClinicianId",
                            to.getId().toString(),
                            "assignee",
                            assignee,
                            "openPostCrisisReviews",
                            reviewsMoved));
            Long key = episode.getProcessInstanceKey();
            if (key != null) {
                // If this fails (engine away), the instance's later re-rate task still names the old
                // clinician; every other task reads the episode's clinician from the database.
                AfterCommit.run(() -> engine.reassign(key, assignee));
            }
        });
        return transfer;
    }

    @Transactional(readOnly = true)
    public List<ClientTransfer> transfersOf(UUID clientId) {
        return transfers.findByClientIdOrderByTransferredAtAsc(clientId);
    }

    /**
     * A new version of the client's safety plan (the six Stanley-Brown sections, encrypted). Written in
     * the application, never in a form: the safety-plan task records only that the review happened.
     */
    @Transactional
    public SafetyPlan writePlan(Client client, SafetyPlan.Sections sections, boolean reviewedWithClient, String by) {
        int version = plans.findFirstByClientIdOrderByVersionDesc(client.getId())
                        .map(SafetyPlan::getVersion)
                        .orElse(0)
                + 1;
        Instant now = now();
        SafetyPlan plan = plans.saveAndFlush(
                new SafetyPlan(client.getId(), version, sections, by, now, reviewedWithClient ? now : null));
        audit.record(
                by,
                "SAFETY_PLAN_WRITTEN",
                "CLIENT",
                client.getId(),
                Map.of("version", version, "reviewedWithClient", reviewedWithClient));
        return plan;
    }

    public record PlanCopy(int version, Channel channel, boolean sentBefore) {}

    /**
     * A copy of the current safety plan to the client, in their language and written channel (the
     * outbox stores it encrypted); once per version. Empty when there is no plan.
     */
    @Transactional
    public Optional<PlanCopy> sendPlanCopy(Client client, String by) {
        return plans.findFirstByClientIdOrderByVersionDesc(client.getId()).map(plan -> {
            String language = "es".equals(client.getPreferredLanguage()) ? "es" : "en";
            Channel channel = deliveryChannel(client);
            var enqueued = outbox.enqueue(new Outbox.Notification(
                    "safety-plan-copy:" + plan.getId(),
                    channel,
                    client.getId(),
                    PLAN_COPY_TEMPLATE,
                    language,
                    templates.render(
                            PLAN_COPY_TEMPLATE,
                            language,
                            Map.of(
                                    "version",
                                    String.valueOf(plan.getVersion()),
                                    "plan",
                                    planText(plan.sections(), language),
                                    "emergencyNumber",
                                    triage.emergencyNumber()))));
            boolean sentBefore = !enqueued.created();
            if (!sentBefore) {
                audit.record(
                        by,
                        "SAFETY_PLAN_COPY_SENT",
                        "CLIENT",
                        client.getId(),
                        Map.of("version", plan.getVersion(), "channel", channel.name()));
            }
            return new PlanCopy(plan.getVersion(), channel, sentBefore);
        });
    }

    static final String PLAN_COPY_TEMPLATE = "safety-plan.copy";

    /** The six Stanley-Brown sections under their headings, in the client's language. */
    static String planText(SafetyPlan.Sections s, String language) {
        boolean es = "es".equals(language);
        String[][] parts = {
            {es ? "1. Señales de alerta" : "1. Warning signs", s.warningSigns()},
            {es ? "2. Lo que puedo hacer por mi cuenta" : "2. Things I can do on my own", s.internalCoping()},
            {es ? "3. Personas y lugares que me distraen" : "3. People and places that distract me", s.distraction()},
            {es ? "4. Personas a quienes puedo pedir ayuda" : "4. People I can ask for help", s.peopleToAsk()},
            {es ? "5. Profesionales y servicios" : "5. Professionals and agencies", s.professionals()},
            {es ? "6. Hacer mi entorno seguro" : "6. Making my environment safe", s.environmentSafety()}
        };
        StringBuilder text = new StringBuilder();
        for (String[] part : parts) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(part[0]).append(":\n").append(part[1] == null || part[1].isBlank() ? "-" : part[1]);
        }
        return text.toString();
    }

    @Transactional(readOnly = true)
    public Optional<SafetyPlan> currentPlan(UUID clientId) {
        return plans.findFirstByClientIdOrderByVersionDesc(clientId);
    }

    // ---- Process steps ----

    public record EpisodeOpened(
            String clinicianAssignee,
            String safetyPlanDueAt,
            String riskReviewDueAt,
            int nextCheckinNumber,
            long daysSinceRaised) {}

    /** OpenRiskEpisodeTask: the instance is the episode's; the review date is fixed once. */
    @Transactional
    public EpisodeOpened open(UUID episodeId, long processInstanceKey, Duration riskReviewAfter) {
        RiskEpisode episode = episode(episodeId);
        episode.startedAs(processInstanceKey);
        if (episode.getRiskReviewDueAt() == null) {
            episode.riskReviewed(null, episode.getRaisedAt().plus(riskReviewAfter));
        }
        SchedulePoint next = schedulePoint(episode);
        return new EpisodeOpened(
                responsible(episode),
                episode.getSafetyPlanDueAt().toString(),
                episode.getRiskReviewDueAt().toString(),
                next.nextCheckinNumber(),
                next.daysSinceRaised());
    }

    /** RecordSafetyPlanReviewTask: the form records completion only; the plan is in safety_plan. */
    @Transactional
    public void safetyPlanReviewed(
            UUID episodeId, String by, boolean reviewedWithClient, boolean lethalMeansCounselled) {
        RiskEpisode episode = episode(episodeId);
        if (episode.getSafetyPlanReviewedAt() != null) {
            return;
        }
        episode.safetyPlanReviewed(by, now());
        audit.record(
                by == null ? ACTOR : by,
                "SAFETY_PLAN_REVIEWED",
                "CLIENT",
                episode.getClientId(),
                details(
                        episode,
                        "reviewedWithClient",
                        reviewedWithClient,
                        "lethalMeansCounselling",
                        lethalMeansCounselled));
    }

    /** {@code checkinByCall}: a scheduled call the clinician makes (decision checkin-by), not a message. */
    public record CheckinScheduled(String checkinId, int checkinNumber, String checkinDueAt, boolean checkinByCall) {}

    /**
     * ScheduleCheckinTask: check-in {@code number} is due {@code after} the previous one's due time
     * (the first: after the risk was raised), moved to the clinician's next office hours if it falls
     * outside them. Stored once; a second call returns the stored check-in.
     */
    @Transactional
    public CheckinScheduled schedule(UUID episodeId, int number, Duration after, Duration latestAfterRaise) {
        // The table's "goes out at the latest" column; for the first check-in the configured fallback
        // (VA SPI+: 72 hours) when the table leaves it empty.
        Duration within = latestAfterRaise != null ? latestAfterRaise : number == 1 ? firstContactWithin : null;
        RiskEpisode episode = episode(episodeId);
        SafetyCheckin checkin = checkins.findByEpisodeIdAndNumber(episodeId, number)
                .orElseGet(() -> {
                    Instant anchor = checkins.findByEpisodeIdAndNumber(episodeId, number - 1)
                            .map(SafetyCheckin::getDueAt)
                            .orElse(episode.getRaisedAt());
                    Instant due = anchor.plus(after);
                    Instant now = now();
                    if (due.isBefore(now)) {
                        due = now;
                    }
                    Clinician own =
                            clinicians.findById(episode.getClinicianId()).orElseThrow();
                    BusinessCalendar calendar = calendars.of(own);
                    if (!calendar.isOpen(due)) {
                        Instant opening = calendar.nextOpening(due);
                        // The clinician's leave does not delay a check-in: on the covering clinician's hours.
                        var cover = careTeam.coveringBetween(
                                own.getId(),
                                due.atZone(own.getTimeZone()).toLocalDate(),
                                opening.atZone(own.getTimeZone()).toLocalDate());
                        if (cover.isPresent()) {
                            BusinessCalendar covering = calendars.of(cover.get());
                            opening = covering.isOpen(due) ? due : covering.nextOpening(due);
                        }
                        // The first contact comes within 72 hours of raising the risk (VA SPI+), even when a
                        // weekend and a holiday would push the next office hours past that: then it goes out at
                        // its scheduled time, outside office hours.
                        if (within == null
                                || !opening.isAfter(episode.getRaisedAt().plus(within))) {
                            due = opening;
                        }
                    }
                    Client client = clients.findById(episode.getClientId()).orElseThrow();
                    boolean byCall = "CALL"
                            .equals(engine.checkinBy(
                                    number,
                                    client.getPreferredChannel() == null
                                            ? null
                                            : client.getPreferredChannel().name(),
                                    episode.getModality(),
                                    episode.getCssrsLevel() == null
                                            ? null
                                            : episode.getCssrsLevel().name()));
                    return checkins.saveAndFlush(
                            new SafetyCheckin(episodeId, episode.getClientId(), number, due, byCall));
                });
        return new CheckinScheduled(
                checkin.getId().toString(),
                checkin.getNumber(),
                checkin.getDueAt().toString(),
                checkin.isByCall());
    }

    /**
     * SendCheckinTask: "checking in as we agreed" in the client's language and channel, through the
     * outbox keyed by check-in. The reply window starts when it goes out (stored once).
     */
    @Transactional
    public String send(UUID checkinId, Duration replyWindow) {
        SafetyCheckin checkin = checkin(checkinId);
        if (checkin.getSentAt() == null) {
            Instant now = now();
            checkin.sent(now, now.plus(replyWindow));
            Client client = clients.findById(checkin.getClientId()).orElseThrow();
            if (!episode(checkin.getEpisodeId()).isOpen()) {
                return checkin.getReplyBy().toString(); // ended meanwhile: the end message closes the instance
            }
            enqueue(client, "checkin:" + checkinId, CHECKIN_TEMPLATE);
            audit.record(
                    ACTOR,
                    "CHECKIN_SENT",
                    "CLIENT",
                    client.getId(),
                    Map.of(
                            "checkinId",
                            checkinId.toString(),
                            "number",
                            checkin.getNumber(),
                            "replyBy",
                            checkin.getReplyBy().toString()));
        }
        return checkin.getReplyBy().toString();
    }

    public record CheckinCallOpened(String checkinReplyBy, String checkinCallAssignee) {}

    /**
     * OpenCheckinCallTask: a check-in by scheduled call is due. The call task goes to whoever is
     * responsible for the client now (the covering clinician during the clinician's leave); it must
     * be done within the reply window, else the check-in counts as missed. Stored once.
     */
    @Transactional
    public CheckinCallOpened openCall(UUID checkinId, Duration replyWindow) {
        SafetyCheckin checkin = checkin(checkinId);
        if (checkin.getSentAt() == null) {
            Instant now = now();
            RiskEpisode episode = episode(checkin.getEpisodeId());
            String assignee = responsible(episode);
            checkin.callOpened(now, now.plus(replyWindow), assignee);
            if (episode.isOpen()) {
                notifier.send(new StaffNotification(assignee, "CHECKIN_CALL_DUE", "CLINICIAN", null));
                audit.record(
                        ACTOR,
                        "CHECKIN_CALL_DUE",
                        "CLIENT",
                        checkin.getClientId(),
                        Map.of(
                                "checkinId",
                                checkinId.toString(),
                                "number",
                                checkin.getNumber(),
                                "assignee",
                                assignee,
                                "replyBy",
                                checkin.getReplyBy().toString()));
            }
        }
        return new CheckinCallOpened(checkin.getReplyBy().toString(), checkin.getCallAssignee());
    }

    /**
     * RecordCheckinCallTask: what came of the check-in call. Reached and safe, or other (the clinician
     * spoke with the client and documents the rest in the record): the check-in is answered. Not
     * reached: false, and the check-in goes into the missed check-in outreach like an unanswered message.
     */
    @Transactional
    public boolean callRecorded(UUID checkinId, SafetyCheckin.CallOutcome outcome, String by) {
        SafetyCheckin checkin = checkin(checkinId);
        if (checkin.getCallOutcome() == null) {
            Instant now = now();
            checkin.callRecorded(outcome, by);
            audit.record(
                    by == null ? ACTOR : by,
                    "CHECKIN_CALL_RECORDED",
                    "CLIENT",
                    checkin.getClientId(),
                    Map.of(
                            "checkinId",
                            checkinId.toString(),
                            "number",
                            checkin.getNumber(),
                            "outcome",
                            outcome.name()));
            if (outcome != SafetyCheckin.CallOutcome.NOT_REACHED) {
                answeredByPhone(checkin, 0, by, now);
            }
        }
        return !SafetyCheckin.CallOutcome.NOT_REACHED.name().equals(checkin.getCallOutcome());
    }

    /** The client was reached by phone: the check-in is answered (once), audited. */
    private void answeredByPhone(SafetyCheckin checkin, int outreachAttempts, String by, Instant now) {
        if (checkin.getAnsweredAt() != null) {
            return;
        }
        checkin.answered(now, null);
        audit.record(
                by == null ? ACTOR : by,
                "CHECKIN_ANSWERED",
                "CLIENT",
                checkin.getClientId(),
                Map.of(
                        "checkinId",
                        checkin.getId().toString(),
                        "number",
                        checkin.getNumber(),
                        "outreachAttempts",
                        outreachAttempts,
                        "by",
                        "PHONE"));
    }

    public record SchedulePoint(int nextCheckinNumber, long daysSinceRaised) {}

    /** RecordCheckinAnsweredTask: the client wrote; the check-in is closed. */
    @Transactional
    public SchedulePoint answered(UUID checkinId, UUID messageId) {
        SafetyCheckin checkin = checkin(checkinId);
        if (checkin.getAnsweredAt() == null) {
            checkin.answered(now(), messageId);
            audit.record(
                    ACTOR,
                    "CHECKIN_ANSWERED",
                    "CLIENT",
                    checkin.getClientId(),
                    Map.of(
                            "checkinId",
                            checkinId.toString(),
                            "number",
                            checkin.getNumber(),
                            "outreachAttempts",
                            checkin.getOutreachAttempts()));
        }
        return schedulePoint(episode(checkin.getEpisodeId()));
    }

    /**
     * RecordMissedCheckinTask: the reply window passed. The database is the truth: if the client wrote
     * since the check-in went out (a reply the engine did not hear of), it counts as answered.
     */
    @Transactional
    public boolean missed(UUID checkinId) {
        SafetyCheckin checkin = checkin(checkinId);
        if (checkin.getAnsweredAt() != null || clientWroteSince(checkin)) {
            return true;
        }
        if (checkin.getMissedAt() == null) {
            checkin.missed(now());
            audit.record(
                    ACTOR,
                    "CHECKIN_MISSED",
                    "CLIENT",
                    checkin.getClientId(),
                    Map.of("checkinId", checkinId.toString(), "number", checkin.getNumber()));
        }
        return false;
    }

    /**
     * A message since the check-in went out, up to the welfare decision (a message after it does not
     * close the decision: the instance no longer listened then, and a rebuilt one must not either).
     */
    private boolean clientWroteSince(SafetyCheckin checkin) {
        Instant until = checkin.getWelfareOpenedAt() != null ? checkin.getWelfareOpenedAt() : now();
        return checkin.getSentAt() != null
                && messages.countInbound(checkin.getClientId(), Direction.INBOUND, checkin.getSentAt(), until) > 0;
    }

    /**
     * {@code outreachCall}: this attempt is a call the clinician makes ({@code outreachCallAssignee},
     * due before the next attempt) and documents; false for a message, or a call documented already.
     */
    public record OutreachSent(
            int outreachAttempt, String outreachReplyBy, boolean outreachCall, String outreachCallAssignee) {}

    /**
     * SendOutreachTask: documented outreach attempt {@code attempt}; the next one is spaced. By message
     * (outbox, audited at once) or by a call the clinician makes and documents, as the
     * checkin-outreach table says for this client (e.g. a client who prefers the phone).
     */
    @Transactional
    public OutreachSent outreach(UUID checkinId, int attempt, Duration spacing) {
        SafetyCheckin checkin = checkin(checkinId);
        RiskEpisode episode = episode(checkin.getEpisodeId());
        Client client = clients.findById(checkin.getClientId()).orElseThrow();
        if (checkin.getOutreachAttempts() < attempt) {
            Instant now = now();
            checkin.outreachSent(attempt, now.plus(spacing));
            if (!episode.isOpen()) {
                return new OutreachSent(attempt, checkin.getNextOutreachAt().toString(), false, null);
            }
            String by = engine.outreachBy(
                    client.getPreferredChannel() == null
                            ? null
                            : client.getPreferredChannel().name(),
                    episode.getModality(),
                    episode.getCssrsLevel() == null
                            ? null
                            : episode.getCssrsLevel().name());
            if ("CALL".equals(by)) {
                outreachCalls.saveAndFlush(new OutreachCall(checkinId, attempt, now, responsible(episode)));
            } else {
                enqueue(client, "checkin-outreach:" + checkinId + ":" + attempt, OUTREACH_TEMPLATE);
                audit.record(
                        ACTOR,
                        "CHECKIN_OUTREACH_ATTEMPT",
                        "CLIENT",
                        client.getId(),
                        Map.of(
                                "checkinId",
                                checkinId.toString(),
                                "attempt",
                                attempt,
                                "channel",
                                deliveryChannel(client).name()));
            }
            // The emergency contact too, when (and only when) the client consented to it.
            emergencyContacts.outreach(
                    client, "checkin-outreach-contact:" + checkinId + ":" + attempt, checkinId, attempt);
        }
        // The current attempt's call, if it is one and not documented yet (also for a rebuilt instance).
        var call = outreachCalls
                .findByCheckinIdAndAttempt(checkinId, checkin.getOutreachAttempts())
                .filter(c -> c.getOutcome() == null);
        return new OutreachSent(
                checkin.getOutreachAttempts(),
                checkin.getNextOutreachAt().toString(),
                call.isPresent(),
                call.map(OutreachCall::getAssignee).orElse(null));
    }

    /**
     * RecordOutreachCallTask: the clinician documents the call. Reached: the check-in is answered
     * (checkinAnswered); otherwise the next attempt follows at its time.
     */
    @Transactional
    public boolean outreachCallRecorded(UUID checkinId, int attempt, OutreachCall.Outcome outcome, String by) {
        SafetyCheckin checkin = checkin(checkinId);
        OutreachCall call = outreachCalls
                .findByCheckinIdAndAttempt(checkinId, attempt)
                .orElseThrow(() -> new IllegalStateException("No outreach call " + attempt + " for " + checkinId));
        if (call.getOutcome() == null) {
            Instant now = now();
            call.recorded(outcome, by, now);
            audit.record(
                    by == null ? ACTOR : by,
                    "CHECKIN_OUTREACH_ATTEMPT",
                    "CLIENT",
                    checkin.getClientId(),
                    Map.of(
                            "checkinId",
                            checkinId.toString(),
                            "attempt",
                            attempt,
                            "channel",
                            "PHONE",
                            "outcome",
                            outcome.name()));
            if (outcome == OutreachCall.Outcome.REACHED) {
                answeredByPhone(checkin, checkin.getOutreachAttempts(), by, now);
            }
        }
        return OutreachCall.Outcome.REACHED.name().equals(call.getOutcome());
    }

    public record WelfareTask(String welfareAssignee, String welfareLevel, String welfareEscalateAt) {}

    /**
     * OpenWelfareDecisionTask (level CLINICIAN) and EscalateWelfareDecisionTask (the next level:
     * covering clinician, then supervisor; the supervisor is notified again each window).
     */
    @Transactional
    public WelfareTask welfare(UUID checkinId, boolean escalate, Duration acknowledgeWithin) {
        SafetyCheckin checkin = checkin(checkinId);
        RiskEpisode episode = episode(checkin.getEpisodeId());
        Instant now = now();
        String current = checkin.getWelfareLevel();
        String level;
        if (current == null) {
            level = "CLINICIAN";
        } else if (!escalate || now.isBefore(checkin.getWelfareEscalateAt())) {
            // A job run twice, or a rebuilt instance: the stored level and deadline stand.
            return new WelfareTask(
                    checkin.getWelfareAssignee(),
                    current,
                    checkin.getWelfareEscalateAt().toString());
        } else {
            level = "CLINICIAN".equals(current) ? "COVERING" : "SUPERVISOR";
        }
        Client client = clients.findById(episode.getClientId()).orElseThrow();
        CareTeam.Team team = careTeam.forClinician(episode.getClinicianId(), client.getPracticeId());
        String assignee = switch (level) {
            case "CLINICIAN" -> team.answerer();
            case "COVERING" -> team.escalation().map(Clinician::getUsername).orElse(team.supervisor());
            default -> team.supervisor();
        };
        checkin.welfareAt(level, assignee, now, now.plus(acknowledgeWithin));
        notifier.send(new StaffNotification(assignee, "MISSED_CHECKINS", level, null));
        audit.record(
                ACTOR,
                current == null ? "WELFARE_DECISION_REQUESTED" : "WELFARE_DECISION_ESCALATED",
                "CLIENT",
                client.getId(),
                Map.of(
                        "checkinId",
                        checkinId.toString(),
                        "level",
                        level,
                        "assignee",
                        assignee,
                        "outreachAttempts",
                        checkin.getOutreachAttempts()));
        return new WelfareTask(assignee, level, checkin.getWelfareEscalateAt().toString());
    }

    /** RecordWelfareActionTask: the outcome, documented; the check-ins go on. */
    @Transactional
    public SchedulePoint welfareRecorded(UUID checkinId, WelfareOutcome outcome, String by) {
        SafetyCheckin checkin = checkin(checkinId);
        if (checkin.getWelfareOutcome() == null) {
            checkin.welfareRecorded(outcome, by, now());
            audit.record(
                    by == null ? ACTOR : by,
                    "WELFARE_ACTION_RECORDED",
                    "CLIENT",
                    checkin.getClientId(),
                    Map.of(
                            "checkinId",
                            checkinId.toString(),
                            "outcome",
                            outcome.name(),
                            "level",
                            String.valueOf(checkin.getWelfareLevel())));
        }
        return schedulePoint(episode(checkin.getEpisodeId()));
    }

    /** RecordRiskReviewTask: the risk stays high after re-rating; the next review is due. */
    @Transactional
    public String riskReviewed(UUID episodeId, CssrsLevel level, String by, Duration after) {
        RiskEpisode episode = episode(episodeId);
        Instant due = episode.getRiskReviewDueAt();
        Instant now = now();
        if (!due.isAfter(now)) {
            episode.riskReviewed(level, now.plus(after));
            audit.record(
                    by == null ? ACTOR : by,
                    "RISK_RERATED",
                    "CLIENT",
                    episode.getClientId(),
                    details(
                            episode,
                            "cssrsLevel",
                            level == null ? null : level.name(),
                            "nextReviewAt",
                            episode.getRiskReviewDueAt().toString()));
        }
        return episode.getRiskReviewDueAt().toString();
    }

    public record PostCrisisReviewOpened(
            String postCrisisReviewId,
            String postCrisisAssignee,
            String postCrisisReviewDueAt,
            boolean postCrisisReviewDuplicate) {}

    /**
     * OpenPostCrisisReviewTask: a crisis during the episode (the message was triaged as a crisis). One
     * review per crisis message, due {@code within} after the first time it was opened (stored); a
     * second delivery of the same crisis to the same instance is a duplicate (no second task).
     */
    @Transactional
    public PostCrisisReviewOpened openPostCrisisReview(
            UUID episodeId, UUID messageId, long processInstanceKey, long elementInstanceKey, Duration within) {
        RiskEpisode episode = episode(episodeId);
        PostCrisisReview review = postCrisisReviews.findByMessageId(messageId).orElseGet(() -> {
            Instant now = now();
            PostCrisisReview created = postCrisisReviews.saveAndFlush(new PostCrisisReview(
                    episodeId, episode.getClientId(), messageId, now, now.plus(within), responsible(episode)));
            audit.record(
                    ACTOR,
                    "POST_CRISIS_REVIEW_REQUESTED",
                    "CLIENT",
                    episode.getClientId(),
                    details(
                            episode,
                            "messageId",
                            messageId.toString(),
                            "assignee",
                            created.getAssignee(),
                            "dueAt",
                            created.getDueAt().toString()));
            return created;
        });
        boolean duplicate = review.getReviewedAt() != null || !review.claimFor(processInstanceKey, elementInstanceKey);
        return new PostCrisisReviewOpened(
                review.getId().toString(),
                review.getAssignee(),
                review.getDueAt().toString(),
                duplicate);
    }

    /**
     * RecordPostCrisisReviewTask: the review is done; whether the clinician confirmed it was held
     * with the client goes into the audit entry.
     */
    @Transactional
    public void postCrisisReviewed(UUID reviewId, String by, boolean reviewedWithClient, Boolean safetyPlanUpdated) {
        PostCrisisReview review = postCrisisReviews
                .findById(reviewId)
                .orElseThrow(() -> new IllegalStateException("No post-crisis review " + reviewId));
        if (review.getReviewedAt() != null) {
            return;
        }
        review.reviewed(by, now(), safetyPlanUpdated);
        audit.record(
                by == null ? ACTOR : by,
                "POST_CRISIS_REVIEW_DONE",
                "CLIENT",
                review.getClientId(),
                Map.of(
                        "reviewId",
                        reviewId.toString(),
                        "messageId",
                        review.getMessageId().toString(),
                        "reviewedWithClient",
                        reviewedWithClient,
                        "safetyPlanUpdated",
                        Boolean.TRUE.equals(safetyPlanUpdated)));
    }

    /** CloseCheckinsTask: nothing stays open after the episode ends. */
    @Transactional
    public void close(UUID episodeId) {
        Instant now = now();
        checkins.findByEpisodeIdOrderByNumberAsc(episodeId).forEach(c -> c.close(now));
    }

    // ---- The workspace ----

    /** Kinds of check-in work, most urgent first. */
    public enum WorkKind {
        WELFARE_DECISION,
        OUTREACH_CALL,
        CHECKIN_CALL,
        POST_CRISIS_REVIEW,
        SAFETY_PLAN_REVIEW,
        RE_RATE_RISK
    }

    /** One open piece of check-in work for a user: ids and times only. */
    public record Work(WorkKind kind, UUID clientId, Instant since, Instant dueAt, String note) {}

    /**
     * What the check-ins wait for from {@code username}, from the database: welfare decisions and
     * post-crisis reviews assigned to them; safety-plan reviews and due risk re-ratings of the
     * episodes they are responsible for today (the clinician, or the covering clinician on leave).
     */
    @Transactional(readOnly = true)
    public List<Work> workFor(String username) {
        Instant now = now();
        List<Work> work = new ArrayList<>();
        for (SafetyCheckin c : checkins.findByWelfareAssigneeAndWelfareOutcomeIsNullAndClosedAtIsNull(username)) {
            if (episode(c.getEpisodeId()).isOpen()) {
                work.add(new Work(
                        WorkKind.WELFARE_DECISION,
                        c.getClientId(),
                        c.getWelfareOpenedAt(),
                        c.getWelfareEscalateAt(),
                        "check-in " + c.getNumber() + ", " + c.getOutreachAttempts()
                                + " outreach attempts unanswered"));
            }
        }
        for (OutreachCall call : outreachCalls.findByAssigneeAndOutcomeIsNull(username)) {
            SafetyCheckin c = checkin(call.getCheckinId());
            if (c.getClosedAt() == null && episode(c.getEpisodeId()).isOpen()) {
                work.add(new Work(
                        WorkKind.OUTREACH_CALL,
                        c.getClientId(),
                        call.getPlannedAt(),
                        c.getNextOutreachAt(),
                        "outreach attempt " + call.getAttempt() + " after check-in " + c.getNumber()));
            }
        }
        for (SafetyCheckin c :
                checkins.findByCallAssigneeAndCallOutcomeIsNullAndMissedAtIsNullAndClosedAtIsNull(username)) {
            if (episode(c.getEpisodeId()).isOpen()) {
                work.add(new Work(
                        WorkKind.CHECKIN_CALL,
                        c.getClientId(),
                        c.getSentAt(),
                        c.getDueAt(),
                        "check-in " + c.getNumber() + " by phone, as agreed"));
            }
        }
        for (PostCrisisReview r : postCrisisReviews.findByAssigneeAndReviewedAtIsNullOrderByDueAtAsc(username)) {
            if (episode(r.getEpisodeId()).isOpen()) {
                work.add(new Work(
                        WorkKind.POST_CRISIS_REVIEW,
                        r.getClientId(),
                        r.getRequestedAt(),
                        r.getDueAt(),
                        "safety plan and risk after a crisis"));
            }
        }
        for (RiskEpisode e : episodes.findOpen(PageRequest.ofSize(500))) {
            if (e.getProcessInstanceKey() == null || !username.equals(responsible(e))) {
                continue;
            }
            if (e.getSafetyPlanReviewedAt() == null) {
                work.add(new Work(
                        WorkKind.SAFETY_PLAN_REVIEW,
                        e.getClientId(),
                        e.getRaisedAt(),
                        e.getSafetyPlanDueAt(),
                        "with lethal-means counselling"));
            }
            if (e.getRiskReviewDueAt() != null && !e.getRiskReviewDueAt().isAfter(now)) {
                work.add(new Work(
                        WorkKind.RE_RATE_RISK,
                        e.getClientId(),
                        e.getRaisedAt(),
                        e.getRiskReviewDueAt(),
                        "high risk since "
                                + e.getRaisedAt().atZone(ZoneOffset.UTC).toLocalDate()));
            }
        }
        work.sort(Comparator.comparing(Work::kind)
                .thenComparing(Work::dueAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return work;
    }

    // ---- Reconciliation: a lost instance is rebuilt from the database ----

    /** An open episode as reconciliation sees it. */
    public record OpenEpisode(UUID id, UUID clientId, Long processInstanceKey, Instant raisedAt) {}

    @Transactional(readOnly = true)
    public List<OpenEpisode> openInEngine(int limit) {
        return episodes.findOpen(PageRequest.ofSize(limit)).stream()
                .map(e -> new OpenEpisode(e.getId(), e.getClientId(), e.getProcessInstanceKey(), e.getRaisedAt()))
                .toList();
    }

    /**
     * Called by reconciliation, inside its transaction, for an episode whose instance is gone: locks
     * the row and checks it is still open and still points at {@code lostKey} (else empty: ended or
     * driven again meanwhile). Then {@code action} decides (drive again or raise).
     */
    public <T> Optional<T> whileLocked(UUID episodeId, Long lostKey, Function<RiskEpisode, T> action) {
        RiskEpisode episode = episodes.findForUpdate(episodeId).orElse(null);
        if (episode == null || !episode.isOpen() || !Objects.equals(episode.getProcessInstanceKey(), lostKey)) {
            return Optional.empty();
        }
        return Optional.ofNullable(action.apply(episode));
    }

    /** Where a rebuilt instance was started, for the audit entry. */
    public record Redriven(
            long processInstanceKey, List<String> startedBefore, int checkinNumber, String checkinStood) {}

    /**
     * Drives a locked open episode again in a new safety-plan-checkins instance, resuming each branch
     * where it stood: the safety-plan task only if the review is not recorded; the risk review waiting
     * for its stored date; the check-ins from the open check-in (or the next one), whose steps find
     * their stored rows and return the stored times (due, reply window, outreach attempts, welfare
     * level and escalation time), so nothing is sent, audited or escalated twice and every timer
     * fires at its original time (at once if that passed). An episode whose first instance never
     * opened it starts from the beginning. The new key is stored at once.
     */
    public Redriven redrive(RiskEpisode episode) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("clientId", episode.getClientId().toString());
        variables.put("episodeId", episode.getId().toString());
        variables.put("modality", episode.getModality());
        variables.put(
                "cssrsLevel",
                episode.getCssrsLevel() == null ? null : episode.getCssrsLevel().name());
        variables.put("resumed", true);
        List<String> elements = new ArrayList<>();
        int number = 0;
        String stood = "NOT_OPENED";
        if (episode.getRiskReviewDueAt() == null) {
            elements.add(ProcessIds.DECIDE_RISK_REVIEW_TASK);
        } else {
            variables.put("clinicianAssignee", responsible(episode));
            variables.put("safetyPlanDueAt", episode.getSafetyPlanDueAt().toString());
            variables.put("riskReviewDueAt", episode.getRiskReviewDueAt().toString());
            variables.put(
                    "riskReviewAfter",
                    engine.riskReviewAfter(
                            episode.getCssrsLevel() == null
                                    ? null
                                    : episode.getCssrsLevel().name()));
            if (episode.getSafetyPlanReviewedAt() == null) {
                elements.add(ProcessIds.REVIEW_SAFETY_PLAN_TASK);
            }
            elements.add(ProcessIds.RISK_REVIEW_LOOP_GATEWAY);
            List<SafetyCheckin> all = checkins.findByEpisodeIdOrderByNumberAsc(episode.getId());
            SafetyCheckin last = all.isEmpty() ? null : all.get(all.size() - 1);
            boolean lastDone = last != null && last.getClosedAt() != null; // answered or decided
            number = last == null ? 1 : lastDone ? last.getNumber() + 1 : last.getNumber();
            // The schedule point the lost instance decided with: the previous check-in's closing time.
            SafetyCheckin previous =
                    last == null ? null : lastDone ? last : all.size() > 1 ? all.get(all.size() - 2) : null;
            Instant decidedAt = previous == null ? episode.getRaisedAt() : closedAt(previous);
            variables.put("nextCheckinNumber", number);
            variables.put(
                    "daysSinceRaised",
                    Duration.between(episode.getRaisedAt(), decidedAt).toDays());
            stood = last == null || lastDone
                    ? "CHECKIN_" + number + "_TO_SCHEDULE"
                    : last.getWelfareLevel() != null
                            ? "WELFARE_DECISION_" + last.getWelfareLevel()
                            : last.getMissedAt() != null
                                    ? "OUTREACH_" + last.getOutreachAttempts()
                                    : last.getSentAt() != null
                                            ? last.isByCall()
                                                    ? "CHECKIN_" + number + "_CALL_DUE"
                                                    : "CHECKIN_" + number + "_AWAITING_REPLY"
                                            : "CHECKIN_" + number + "_SCHEDULED";
            elements.add(ProcessIds.NEXT_CHECKIN_GATEWAY);
        }
        long key = engine.startResumed(variables, elements);
        episode.startedAs(key);
        // Crises during the episode whose review is not done: the new instance hears of each again
        // (its review task comes back with the stored due date; a crisis the lost instance never heard
        // of gets its review now).
        Set<UUID> reviewed = new HashSet<>();
        postCrisisReviews.findByEpisodeIdOrderByRequestedAtAsc(episode.getId()).stream()
                .filter(r -> r.getReviewedAt() != null)
                .forEach(r -> reviewed.add(r.getMessageId()));
        if (episode.getRiskReviewDueAt() != null) {
            for (UUID crisis : postCrisisReviews.crisisMessagesSince(episode.getClientId(), episode.getRaisedAt())) {
                if (!reviewed.contains(crisis)) {
                    engine.publishClientInCrisis(episode.getClientId(), crisis, key);
                }
            }
        }
        return new Redriven(key, List.copyOf(elements), number, stood);
    }

    private static Instant closedAt(SafetyCheckin checkin) {
        return checkin.getClosedAt() == null ? checkin.getDueAt() : checkin.getClosedAt();
    }

    // ---- helpers ----

    private SchedulePoint schedulePoint(RiskEpisode episode) {
        int done = checkins.findFirstByEpisodeIdOrderByNumberDesc(episode.getId())
                .map(SafetyCheckin::getNumber)
                .orElse(0);
        return new SchedulePoint(
                done + 1, Duration.between(episode.getRaisedAt(), now()).toDays());
    }

    private String responsible(RiskEpisode episode) {
        return careTeam.responsibleFor(episode.getClinicianId());
    }

    private void enqueue(Client client, String key, String template) {
        String language = "es".equals(client.getPreferredLanguage()) ? "es" : "en";
        outbox.enqueue(new Outbox.Notification(
                key,
                deliveryChannel(client),
                client.getId(),
                template,
                language,
                templates.render(template, language, Map.of("emergencyNumber", triage.emergencyNumber()))));
    }

    /** Written channels only: the client's preferred one if it is written, else the portal. */
    static Channel deliveryChannel(Client client) {
        Channel preferred = client.getPreferredChannel();
        return preferred == Channel.PORTAL || preferred == Channel.EMAIL ? preferred : Channel.PORTAL;
    }

    /** The end of the day the risk was raised, in the clinician's time zone: the safety plan's due. */
    private static Instant endOfDay(Clinician clinician, Instant now) {
        return now.atZone(clinician.getTimeZone())
                .toLocalDate()
                .atTime(LocalTime.of(23, 59))
                .atZone(clinician.getTimeZone())
                .toInstant();
    }

    private static Map<String, Object> details(RiskEpisode episode, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("episodeId", episode.getId().toString());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                details.put(String.valueOf(pairs[i]), pairs[i + 1]);
            }
        }
        return details;
    }

    /** Whole milliseconds: the engine's timers have no finer precision, and stored deadlines match them. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    RiskEpisode episode(UUID id) {
        return episodes.findById(id).orElseThrow(() -> new IllegalStateException("No episode " + id));
    }

    private SafetyCheckin checkin(UUID id) {
        return checkins.findById(id).orElseThrow(() -> new IllegalStateException("No check-in " + id));
    }
}
