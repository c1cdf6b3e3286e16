package org.betweensessions.policy;

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
   * count on it".
   */
  public record ResponseWindow(String kind, int amount, boolean weekendAvailability,
      boolean holidayAvailability, boolean maySometimesAnswerSooner) {}

  public record CrisisProtocol(String whatCountsAsCrisis, List<CrisisResource> resources,
      String afterHoursInstructions) {}

  public record CrisisResource(String name, String contact) {}

  public record ModalityExceptions(boolean dbtSkillsCoachingByPhone, boolean openInboxForLowRisk) {}

  /** Brief administrative messages included; clinical work longer than a threshold billed in increments. */
  public record BillingRule(boolean billBetweenSessionWork, int billableAfterMinutes,
      int incrementMinutes) {}
}
