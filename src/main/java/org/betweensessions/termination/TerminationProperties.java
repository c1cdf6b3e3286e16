package org.betweensessions.termination;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Numbers of the termination process that are configuration (the decision tables
 * termination-timing and termination-safety-gate hold the ones a supervisor edits; these defaults
 * apply where a table gives none).
 *
 * @param dropOutAfter an active client with no message and no session for this long is suspected
 *     of having dropped out (the daily check)
 * @param dropOutCheckCron when the daily check runs (server time zone)
 * @param retentionYears records are kept this many years after the last service (state rules differ)
 * @param noticeBefore default notice: the ending is discussed at least this long before the last session
 * @param outreachWait default wait for an answer to the drop-out outreach
 * @param contactGrace default time between the closing letter and the closing of contact
 * @param crisisHold while a crisis is open, the closing of contact is looked at again after this
 * @param minorRetentionYears for a client with a recorded date of birth, records are also kept this
 *     many years after the client comes of age (the later date applies)
 * @param ageOfMajority the age at which a client comes of age
 */
@ConfigurationProperties("bsc.termination")
public record TerminationProperties(
        Duration dropOutAfter,
        String dropOutCheckCron,
        Integer retentionYears,
        Duration noticeBefore,
        Duration outreachWait,
        Duration contactGrace,
        Duration crisisHold,
        Integer minorRetentionYears,
        Integer ageOfMajority) {

    public TerminationProperties {
        dropOutAfter = dropOutAfter == null ? Duration.ofDays(30) : dropOutAfter;
        dropOutCheckCron = dropOutCheckCron == null ? "0 0 7 * * *" : dropOutCheckCron;
        retentionYears = retentionYears == null ? 7 : retentionYears;
        noticeBefore = noticeBefore == null ? Duration.ofDays(30) : noticeBefore;
        outreachWait = outreachWait == null ? Duration.ofDays(10) : outreachWait;
        contactGrace = contactGrace == null ? Duration.ofDays(14) : contactGrace;
        crisisHold = crisisHold == null ? Duration.ofDays(1) : crisisHold;
        minorRetentionYears = minorRetentionYears == null ? 3 : minorRetentionYears;
        ageOfMajority = ageOfMajority == null ? 18 : ageOfMajority;
        if (!dropOutAfter.isPositive()
                || !outreachWait.isPositive()
                || contactGrace.isNegative()
                || noticeBefore.isNegative()
                || !crisisHold.isPositive()) {
            throw new IllegalArgumentException("bsc.termination durations must be positive");
        }
        if (retentionYears < 1) {
            throw new IllegalArgumentException("bsc.termination.retention-years must be at least 1");
        }
        if (minorRetentionYears < 0 || ageOfMajority < 1 || ageOfMajority > 30) {
            throw new IllegalArgumentException("bsc.termination.minor-retention-years must be 0 or more and"
                    + " bsc.termination.age-of-majority between 1 and 30");
        }
    }
}
