package org.betweensessions.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.betweensessions.message.Channel;

/**
 * The written communication policy: which channels, which kinds of contact, how fast a reply comes,
 * what to do in a crisis (DOMAIN.md). Stored as one JSON document per version.
 *
 * <p>Free text the practice writes (set-up instructions, crisis wording and resources, stances) is in
 * the practice's default language (English); each such field {@code x} may have a sibling
 * {@code xTranslations}, e.g. {@code {"es": "..."}}, which the client document uses for clients of
 * that language (falling back to the default text when a translation is absent). Policies written
 * before translations existed simply have none.
 */
public record PolicyDocument(
        List<OfferedChannel> channelsOffered,
        List<Channel> channelsNotUsed,
        ResponseWindow responseWindow,
        CrisisProtocol crisis,
        String socialMediaStance,
        String giftsStance,
        ModalityExceptions modalityExceptions,
        BillingRule billing,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> socialMediaStanceTranslations,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> giftsStanceTranslations,
        @JsonInclude(JsonInclude.Include.NON_NULL) SmsReminders smsAppointmentReminders) {

    /** Without translations: every text in the default language. */
    public PolicyDocument(
            List<OfferedChannel> channelsOffered,
            List<Channel> channelsNotUsed,
            ResponseWindow responseWindow,
            CrisisProtocol crisis,
            String socialMediaStance,
            String giftsStance,
            ModalityExceptions modalityExceptions,
            BillingRule billing) {
        this(
                channelsOffered,
                channelsNotUsed,
                responseWindow,
                crisis,
                socialMediaStance,
                giftsStance,
                modalityExceptions,
                billing,
                null,
                null,
                null);
    }

    public PolicyDocument(
            List<OfferedChannel> channelsOffered,
            List<Channel> channelsNotUsed,
            ResponseWindow responseWindow,
            CrisisProtocol crisis,
            String socialMediaStance,
            String giftsStance,
            ModalityExceptions modalityExceptions,
            BillingRule billing,
            Map<String, String> socialMediaStanceTranslations,
            Map<String, String> giftsStanceTranslations) {
        this(
                channelsOffered,
                channelsNotUsed,
                responseWindow,
                crisis,
                socialMediaStance,
                giftsStance,
                modalityExceptions,
                billing,
                socialMediaStanceTranslations,
                giftsStanceTranslations,
                null);
    }

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
                overrides.billing != null ? overrides.billing : billing,
                // A stance and its translations go together: an overridden stance brings its own (or none).
                overrides.socialMediaStance != null
                        ? overrides.socialMediaStanceTranslations
                        : socialMediaStanceTranslations,
                overrides.giftsStance != null ? overrides.giftsStanceTranslations : giftsStanceTranslations,
                overrides.smsAppointmentReminders != null
                        ? overrides.smsAppointmentReminders
                        : smsAppointmentReminders);
    }

    /**
     * Plain SMS is not a channel for our work, but it may carry appointment reminders (DOMAIN.md): date
     * and time only (minimal PHI), and only for clients who agreed. Absent = no SMS reminders.
     */
    public record SmsReminders(boolean offered) {}

    /** A channel the practice offers, what it is for, and how to reach it. */
    public record OfferedChannel(
            Channel channel,
            List<ContactPurpose> purposes,
            String contact,
            String setupInstructions,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> setupInstructionsTranslations) {

        public OfferedChannel(
                Channel channel, List<ContactPurpose> purposes, String contact, String setupInstructions) {
            this(channel, purposes, contact, setupInstructions, null);
        }
    }

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
    public record ResponseWindow(
            String kind,
            int amount,
            boolean weekendAvailability,
            boolean holidayAvailability,
            boolean maySometimesAnswerSooner,
            String timeZone,
            List<OfficeHoursBlock> officeHours) {

        /** Without stated office hours: the clinician's calendar is used. */
        public ResponseWindow(
                String kind,
                int amount,
                boolean weekendAvailability,
                boolean holidayAvailability,
                boolean maySometimesAnswerSooner) {
            this(kind, amount, weekendAvailability, holidayAvailability, maySometimesAnswerSooner, null, null);
        }
    }

    /** Office hours as the client reads them: e.g. Monday to Friday, 09:00 to 17:00. */
    public record OfficeHoursBlock(List<DayOfWeek> days, LocalTime opens, LocalTime closes) {}

    /**
     * What counts as a crisis, the resources (988, 911, ...) and after-hours steps. With
     * {@code namesCoveringClinician} the client document also names the clinician's covering colleague
     * (their backup clinician) as the person to reach when the clinician is away.
     */
    public record CrisisProtocol(
            String whatCountsAsCrisis,
            List<CrisisResource> resources,
            String afterHoursInstructions,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> whatCountsAsCrisisTranslations,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> afterHoursInstructionsTranslations,
            boolean namesCoveringClinician) {

        public CrisisProtocol(
                String whatCountsAsCrisis, List<CrisisResource> resources, String afterHoursInstructions) {
            this(whatCountsAsCrisis, resources, afterHoursInstructions, null, null, false);
        }

        public CrisisProtocol(
                String whatCountsAsCrisis,
                List<CrisisResource> resources,
                String afterHoursInstructions,
                Map<String, String> whatCountsAsCrisisTranslations,
                Map<String, String> afterHoursInstructionsTranslations) {
            this(
                    whatCountsAsCrisis,
                    resources,
                    afterHoursInstructions,
                    whatCountsAsCrisisTranslations,
                    afterHoursInstructionsTranslations,
                    false);
        }
    }

    public record CrisisResource(
            String name,
            String contact,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> nameTranslations,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> contactTranslations) {

        public CrisisResource(String name, String contact) {
            this(name, contact, null, null);
        }
    }

    /** {@code text} in {@code language} when translated there, else as written. */
    public static String in(String language, String text, Map<String, String> translations) {
        if (translations != null && language != null) {
            String translated = translations.get(language);
            if (translated != null && !translated.isBlank()) {
                return translated;
            }
        }
        return text;
    }

    public record ModalityExceptions(boolean dbtSkillsCoachingByPhone, boolean openInboxForLowRisk) {}

    /** Brief administrative messages included; clinical work longer than a threshold billed in increments. */
    public record BillingRule(boolean billBetweenSessionWork, int billableAfterMinutes, int incrementMinutes) {}
}
