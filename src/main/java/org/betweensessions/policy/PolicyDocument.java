package org.betweensessions.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.betweensessions.message.Channel;

/**
 * The written communication policy: which channels, which kinds of contact, how fast a reply comes,
 * what to do in a crisis (DOMAIN.md). Stored as one JSON document per version.
 */
public record PolicyDocument(
    List<OfferedChannel> channelsOffered,
    List<Channel> channelsNotUsed,
    ResponseWindow responseWindow,
    CrisisProtocol crisis,
    String socialMediaStance,
    String giftsStance,
    ModalityExceptions modalityExceptions,
    BillingRule billing) {

  /**
   * This document with every top-level part that {@code overrides} sets replaced: how a clinician's
   * overrides apply to the practice default. Parts the overrides leave null are inherited.
   */
  public PolicyDocument overriddenBy(PolicyDocument overrides) {
    if (overrides == null) {
      return this;
    }
    return new PolicyDocument(
        overrides.channelsOffered != null ? overrides.channelsOffered : channelsOffered,
        overrides.channelsNotUsed != null ? overrides.channelsNotUsed : channelsNotUsed,
        overrides.responseWindow != null ? overrides.responseWindow : responseWindow,
        overrides.crisis != null ? overrides.crisis : crisis,
        overrides.socialMediaStance != null ? overrides.socialMediaStance : socialMediaStance,
        overrides.giftsStance != null ? overrides.giftsStance : giftsStance,
        overrides.modalityExceptions != null ? overrides.modalityExceptions : modalityExceptions,
        overrides.billing != null ? overrides.billing : billing);
  }

  /** A channel the practice offers, what it is for, and how to reach it. */
  public record OfferedChannel(Channel channel, List<ContactPurpose> purposes, String contact,
      String setupInstructions) {}

  public enum ContactPurpose {
    ADMINISTRATIVE,
    CLINICAL_CHECK_IN,
    CRISIS
  }

  /**
   * How fast a reply comes: e.g. 24 business hours. {@code kind} is BUSINESS_HOURS, BUSINESS_DAYS or
   * CALENDAR_HOURS; {@code maySometimesAnswerSooner} adds "I may sometimes answer sooner; please don't
   * count on it". {@code officeHours} and {@code timeZone} are what the client is told about when
   * messages are read; when absent, the client document states the clinician's own office hours.
   */
  public record ResponseWindow(String kind, int amount, boolean weekendAvailability,
      boolean holidayAvailability, boolean maySometimesAnswerSooner, String timeZone,
      List<OfficeHoursBlock> officeHours) {

    /** Without stated office hours: the clinician's calendar is used. */
    public ResponseWindow(String kind, int amount, boolean weekendAvailability,
        boolean holidayAvailability, boolean maySometimesAnswerSooner) {
      this(kind, amount, weekendAvailability, holidayAvailability, maySometimesAnswerSooner, null,
          null);
    }
  }

  /** Office hours as the client reads them: e.g. Monday to Friday, 09:00 to 17:00. */
  public record OfficeHoursBlock(List<DayOfWeek> days, LocalTime opens, LocalTime closes) {}

  public record CrisisProtocol(String whatCountsAsCrisis, List<CrisisResource> resources,
      String afterHoursInstructions) {}

  public record CrisisResource(String name, String contact) {}

  public record ModalityExceptions(boolean dbtSkillsCoachingByPhone, boolean openInboxForLowRisk) {}

  /** Brief administrative messages included; clinical work longer than a threshold billed in increments. */
  public record BillingRule(boolean billBetweenSessionWork, int billableAfterMinutes,
      int incrementMinutes) {}
}
