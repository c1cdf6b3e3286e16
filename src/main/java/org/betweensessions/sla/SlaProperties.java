package org.betweensessions.sla;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Practice-wide numbers for response SLAs. The windows themselves are in the communication policy
 * and the message-route decision table; the reminder point per route and category is in the
 * response-reminder decision table ({@code bpmn/response-sla.dmn}), {@code reminderAt} is only the
 * fallback when that table has no answer.
 *
 * @param reminderAt share of the response window after which the person who must answer is reminded
 *     (0.75 = three quarters of the business time between receipt and due time)
 * @param creep when answers drift away from the stated window (availability creep)
 * @param digest the daily "due today" digest at the start of each clinician's office hours
 */
@ConfigurationProperties("bsc.sla")
public record SlaProperties(Double reminderAt, Creep creep, Digest digest) {

    public SlaProperties {
        reminderAt = reminderAt == null ? 0.75 : reminderAt;
        creep = creep == null ? new Creep(null, null, null, null, null) : creep;
        digest = digest == null ? new Digest(null) : digest;
        if (!(reminderAt > 0 && reminderAt < 1)) {
            throw new IllegalArgumentException("bsc.sla.reminder-at must be between 0 and 1 (exclusive)");
        }
    }

    /**
     * @param lookback how far back answers are counted
     * @param outsideOfficeHoursThreshold this many answers outside office hours within the lookback
     *     prompt the clinician
     * @param fastAnswerThreshold this many answers far faster than the window prompt the clinician
     * @param fastAnswerShare "far faster": answered within this share of the window's business time
     * @param cooldown no second prompt for the same clinician within this period
     */
    public record Creep(
            Duration lookback,
            Integer outsideOfficeHoursThreshold,
            Integer fastAnswerThreshold,
            Double fastAnswerShare,
            Duration cooldown) {

        public Creep {
            lookback = lookback == null ? Duration.ofDays(14) : lookback;
            outsideOfficeHoursThreshold = outsideOfficeHoursThreshold == null ? 3 : outsideOfficeHoursThreshold;
            fastAnswerThreshold = fastAnswerThreshold == null ? 5 : fastAnswerThreshold;
            fastAnswerShare = fastAnswerShare == null ? 0.1 : fastAnswerShare;
            cooldown = cooldown == null ? Duration.ofDays(14) : cooldown;
            if (outsideOfficeHoursThreshold < 1 || fastAnswerThreshold < 1) {
                throw new IllegalArgumentException("bsc.sla.creep thresholds must be at least 1");
            }
            if (!(fastAnswerShare > 0 && fastAnswerShare < 1)) {
                throw new IllegalArgumentException("bsc.sla.creep.fast-answer-share must be in (0, 1)");
            }
        }
    }

    /**
     * @param enabled whether the scheduler sends digests at all
     */
    public record Digest(Boolean enabled) {

        public Digest {
            enabled = enabled == null || enabled;
        }
    }
}
