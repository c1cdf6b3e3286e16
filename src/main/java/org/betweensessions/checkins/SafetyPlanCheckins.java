package org.betweensessions.checkins;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.checkins.RiskEpisode.CssrsLevel;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.checkins.SafetyCheckin.WelfareOutcome;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.RiskLevel;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Direction;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.notify.Notifier;
import org.betweensessions.notify.StaffNotification;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.policy.Policies;
import org.betweensessions.templates.TemplateBank;
import org.betweensessions.triage.Modality;
import org.betweensessions.triage.TriageProperties;
import org.betweensessions.database.AfterCommit;
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

  SafetyPlanCheckins(RiskEpisodeRepository episodes, SafetyCheckinRepository checkins,
      SafetyPlanRepository plans,
      ClientRepository clients, ClinicianRepository clinicians, ClinicianCalendars calendars,
      CareTeam careTeam, Policies policies, Modality modality, MessageRepository messages,
      Outbox outbox, TemplateBank templates, TriageProperties triage, Notifier notifier,
      AuditTrail audit, CheckinMessages engine, Clock clock) {
    this.episodes = episodes;
    this.checkins = checkins;
    this.plans = plans;
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
    if (locked.getRiskLevel() == RiskLevel.HIGH
        || episodes.findByOpenClientId(locked.getId()).isPresent()) {
      throw new ConflictException("The client is already rated high risk; check-ins are running");
    }
    Clinician clinician = clinicians.findById(locked.getClinicianId()).orElseThrow();
    Instant now = now();
    String arrangement = modality.of(locked.getId(),
        policies.effective(locked.getPracticeId(), locked.getClinicianId()).getDocument());
    RiskEpisode episode = episodes.saveAndFlush(new RiskEpisode(locked.getId(), clinician.getId(),
        cssrsLevel, arrangement, by, now, reason, endOfDay(clinician, now), null));
    locked.setRiskLevel(RiskLevel.HIGH);
    audit.record(by, "RISK_RAISED", "CLIENT", locked.getId(), details(episode,
        "cssrsLevel", cssrsLevel == null ? null : cssrsLevel.name(), "reasonDocumented", true));
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
      audit.record(by, "RISK_LOWERED", "CLIENT", locked.getId(), details(episode,
          "reasonDocumented", true));
      AfterCommit.run(() -> engine.publishEnded(locked.getId(), EndReason.RISK_LOWERED));
    } else {
      audit.record(by, "RISK_LOWERED", "CLIENT", locked.getId(), Map.of("reasonDocumented", true));
    }
    return episode;
  }

  /** Termination or transfer: the check-ins end (the client's risk level is left as it is). */
  @Transactional
  public void endForClient(UUID clientId, EndReason reason, String by) {
    episodes.findByOpenClientId(clientId).ifPresent(episode -> {
      episode.end(reason, by, now(), null);
      audit.record(by, "SAFETY_CHECKINS_ENDED", "CLIENT", clientId, details(episode,
          "reason", reason.name()));
      AfterCommit.run(() -> engine.publishEnded(clientId, reason));
    });
  }

  /**
   * A new version of the client's safety plan (the six Stanley-Brown sections, encrypted). Written in
   * the application, never in a form: the safety-plan task records only that the review happened.
   */
  @Transactional
  public SafetyPlan writePlan(Client client, SafetyPlan.Sections sections, boolean reviewedWithClient,
      String by) {
    int version = plans.findFirstByClientIdOrderByVersionDesc(client.getId())
        .map(SafetyPlan::getVersion).orElse(0) + 1;
    Instant now = now();
    SafetyPlan plan = plans.saveAndFlush(new SafetyPlan(client.getId(), version, sections, by, now,
        reviewedWithClient ? now : null));
    audit.record(by, "SAFETY_PLAN_WRITTEN", "CLIENT", client.getId(), Map.of(
        "version", version, "reviewedWithClient", reviewedWithClient));
    return plan;
  }

  @Transactional(readOnly = true)
  public java.util.Optional<SafetyPlan> currentPlan(UUID clientId) {
    return plans.findFirstByClientIdOrderByVersionDesc(clientId);
  }

  // ---- Process steps ----

  public record EpisodeOpened(String clinicianAssignee, String safetyPlanDueAt,
      String riskReviewDueAt, int nextCheckinNumber, long daysSinceRaised) {}

  /** OpenRiskEpisodeTask: the instance is the episode's; the review date is fixed once. */
  @Transactional
  public EpisodeOpened open(UUID episodeId, long processInstanceKey, Duration riskReviewAfter) {
    RiskEpisode episode = episode(episodeId);
    episode.startedAs(processInstanceKey);
    if (episode.getRiskReviewDueAt() == null) {
      episode.riskReviewed(null, episode.getRaisedAt().plus(riskReviewAfter));
    }
    SchedulePoint next = schedulePoint(episode);
    return new EpisodeOpened(responsible(episode), episode.getSafetyPlanDueAt().toString(),
        episode.getRiskReviewDueAt().toString(), next.nextCheckinNumber(), next.daysSinceRaised());
  }

  /** RecordSafetyPlanReviewTask: the form records completion only; the plan is in safety_plan. */
  @Transactional
  public void safetyPlanReviewed(UUID episodeId, String by, boolean reviewedWithClient,
      boolean lethalMeansCounselled) {
    RiskEpisode episode = episode(episodeId);
    if (episode.getSafetyPlanReviewedAt() != null) {
      return;
    }
    episode.safetyPlanReviewed(by, now());
    audit.record(by == null ? ACTOR : by, "SAFETY_PLAN_REVIEWED", "CLIENT", episode.getClientId(),
        details(episode, "reviewedWithClient", reviewedWithClient,
            "lethalMeansCounselling", lethalMeansCounselled));
  }

  /** The longest the first check-in may come after the risk was raised (VA SPI+: 72 hours). */
  static final Duration FIRST_CONTACT_WITHIN = Duration.ofHours(72);

  public record CheckinScheduled(String checkinId, int checkinNumber, String checkinDueAt) {}

  /**
   * ScheduleCheckinTask: check-in {@code number} is due {@code after} the previous one's due time
   * (the first: after the risk was raised), moved to the clinician's next office hours if it falls
   * outside them. Stored once; a second call returns the stored check-in.
   */
  @Transactional
  public CheckinScheduled schedule(UUID episodeId, int number, Duration after) {
    RiskEpisode episode = episode(episodeId);
    SafetyCheckin checkin = checkins.findByEpisodeIdAndNumber(episodeId, number).orElseGet(() -> {
      Instant anchor = checkins.findByEpisodeIdAndNumber(episodeId, number - 1)
          .map(SafetyCheckin::getDueAt).orElse(episode.getRaisedAt());
      Instant due = anchor.plus(after);
      Instant now = now();
      if (due.isBefore(now)) {
        due = now;
      }
      BusinessCalendar calendar = calendars.of(clinicians.findById(episode.getClinicianId())
          .orElseThrow());
      if (!calendar.isOpen(due)) {
        Instant opening = calendar.nextOpening(due);
        // The first contact comes within 72 hours of raising the risk (VA SPI+), even when a
        // weekend and a holiday would push the clinician's next office hours past that: then it
        // goes out at its scheduled time, outside office hours.
        if (number > 1 || !opening.isAfter(episode.getRaisedAt().plus(FIRST_CONTACT_WITHIN))) {
          due = opening;
        }
      }
      return checkins.saveAndFlush(new SafetyCheckin(episodeId, episode.getClientId(), number, due));
    });
    return new CheckinScheduled(checkin.getId().toString(), checkin.getNumber(),
        checkin.getDueAt().toString());
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
      audit.record(ACTOR, "CHECKIN_SENT", "CLIENT", client.getId(), Map.of(
          "checkinId", checkinId.toString(), "number", checkin.getNumber(),
          "replyBy", checkin.getReplyBy().toString()));
    }
    return checkin.getReplyBy().toString();
  }

  public record SchedulePoint(int nextCheckinNumber, long daysSinceRaised) {}

  /** RecordCheckinAnsweredTask: the client wrote; the check-in is closed. */
  @Transactional
  public SchedulePoint answered(UUID checkinId, UUID messageId) {
    SafetyCheckin checkin = checkin(checkinId);
    if (checkin.getAnsweredAt() == null) {
      checkin.answered(now(), messageId);
      audit.record(ACTOR, "CHECKIN_ANSWERED", "CLIENT", checkin.getClientId(), Map.of(
          "checkinId", checkinId.toString(), "number", checkin.getNumber(),
          "outreachAttempts", checkin.getOutreachAttempts()));
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
      audit.record(ACTOR, "CHECKIN_MISSED", "CLIENT", checkin.getClientId(), Map.of(
          "checkinId", checkinId.toString(), "number", checkin.getNumber()));
    }
    return false;
  }

  private boolean clientWroteSince(SafetyCheckin checkin) {
    return checkin.getSentAt() != null && messages.countInbound(checkin.getClientId(),
        Direction.INBOUND, checkin.getSentAt(), now()) > 0;
  }

  public record OutreachSent(int outreachAttempt, String outreachReplyBy) {}

  /** SendOutreachTask: documented outreach attempt {@code attempt}; the next one is spaced. */
  @Transactional
  public OutreachSent outreach(UUID checkinId, int attempt, Duration spacing) {
    SafetyCheckin checkin = checkin(checkinId);
    if (checkin.getOutreachAttempts() < attempt) {
      Instant now = now();
      checkin.outreachSent(attempt, now.plus(spacing));
      Client client = clients.findById(checkin.getClientId()).orElseThrow();
      if (!episode(checkin.getEpisodeId()).isOpen()) {
        return new OutreachSent(attempt, checkin.getNextOutreachAt().toString());
      }
      enqueue(client, "checkin-outreach:" + checkinId + ":" + attempt, OUTREACH_TEMPLATE);
      audit.record(ACTOR, "CHECKIN_OUTREACH_ATTEMPT", "CLIENT", client.getId(), Map.of(
          "checkinId", checkinId.toString(), "attempt", attempt,
          "channel", deliveryChannel(client).name()));
    }
    return new OutreachSent(checkin.getOutreachAttempts(), checkin.getNextOutreachAt().toString());
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
      return new WelfareTask(checkin.getWelfareAssignee(), current,
          checkin.getWelfareEscalateAt().toString());
    } else {
      level = "CLINICIAN".equals(current) ? "COVERING" : "SUPERVISOR";
    }
    Client client = clients.findById(episode.getClientId()).orElseThrow();
    CareTeam.Team team = careTeam.forClinician(episode.getClinicianId(), client.getPracticeId());
    String assignee = switch (level) {
      case "CLINICIAN" -> team.responsible().getUsername();
      case "COVERING" -> team.escalation().map(Clinician::getUsername).orElse(team.supervisor());
      default -> team.supervisor();
    };
    checkin.welfareAt(level, assignee, now, now.plus(acknowledgeWithin));
    notifier.send(new StaffNotification(assignee, "MISSED_CHECKINS", level, null));
    audit.record(ACTOR, current == null ? "WELFARE_DECISION_REQUESTED" : "WELFARE_DECISION_ESCALATED",
        "CLIENT", client.getId(), Map.of("checkinId", checkinId.toString(), "level", level,
            "assignee", assignee, "outreachAttempts", checkin.getOutreachAttempts()));
    return new WelfareTask(assignee, level, checkin.getWelfareEscalateAt().toString());
  }

  /** RecordWelfareActionTask: the outcome, documented; the check-ins go on. */
  @Transactional
  public SchedulePoint welfareRecorded(UUID checkinId, WelfareOutcome outcome, String by) {
    SafetyCheckin checkin = checkin(checkinId);
    if (checkin.getWelfareOutcome() == null) {
      checkin.welfareRecorded(outcome, by, now());
      audit.record(by == null ? ACTOR : by, "WELFARE_ACTION_RECORDED", "CLIENT",
          checkin.getClientId(), Map.of("checkinId", checkinId.toString(),
              "outcome", outcome.name(), "level", String.valueOf(checkin.getWelfareLevel())));
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
      audit.record(by == null ? ACTOR : by, "RISK_RERATED", "CLIENT", episode.getClientId(),
          details(episode, "cssrsLevel", level == null ? null : level.name(),
              "nextReviewAt", episode.getRiskReviewDueAt().toString()));
    }
    return episode.getRiskReviewDueAt().toString();
  }

  /** CloseCheckinsTask: nothing stays open after the episode ends. */
  @Transactional
  public void close(UUID episodeId) {
    Instant now = now();
    checkins.findByEpisodeIdOrderByNumberAsc(episodeId).forEach(c -> c.close(now));
  }

  // ---- helpers ----

  private SchedulePoint schedulePoint(RiskEpisode episode) {
    int done = checkins.findFirstByEpisodeIdOrderByNumberDesc(episode.getId())
        .map(SafetyCheckin::getNumber).orElse(0);
    return new SchedulePoint(done + 1,
        Duration.between(episode.getRaisedAt(), now()).toDays());
  }

  private String responsible(RiskEpisode episode) {
    return careTeam.responsibleFor(episode.getClinicianId());
  }

  private void enqueue(Client client, String key, String template) {
    String language = "es".equals(client.getPreferredLanguage()) ? "es" : "en";
    outbox.enqueue(new Outbox.Notification(key, deliveryChannel(client), client.getId(), template,
        language, templates.render(template, language,
            Map.of("emergencyNumber", triage.emergencyNumber()))));
  }

  /** Written channels only: the client's preferred one if it is written, else the portal. */
  static Channel deliveryChannel(Client client) {
    Channel preferred = client.getPreferredChannel();
    return preferred == Channel.PORTAL || preferred == Channel.EMAIL ? preferred : Channel.PORTAL;
  }

  /** The end of the day the risk was raised, in the clinician's time zone: the safety plan's due. */
  private static Instant endOfDay(Clinician clinician, Instant now) {
    return now.atZone(clinician.getTimeZone()).toLocalDate().atTime(LocalTime.of(23, 59))
        .atZone(clinician.getTimeZone()).toInstant();
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
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  RiskEpisode episode(UUID id) {
    return episodes.findById(id).orElseThrow(() -> new IllegalStateException("No episode " + id));
  }

  private SafetyCheckin checkin(UUID id) {
    return checkins.findById(id).orElseThrow(() -> new IllegalStateException("No check-in " + id));
  }
}
