package org.betweensessions.termination;

import java.time.LocalDate;
import java.time.Month;

/**
 * Records retention: kept {@code years} after the last service, or, for a client with a recorded date
 * of birth, {@code minorYears} after the client comes of age, whichever is later. State rules differ,
 * so the three numbers are configuration ({@code bsc.termination.retention-years},
 * {@code minor-retention-years}, {@code age-of-majority}). Without a date of birth the adult rule
 * applies.
 *
 * <p>A client born on 29 February comes of age on 1 March in a year without one: the first day on
 * which the full number of years has passed (the later reading, so records are never released early).
 */
public record RetentionRule(int years, int minorYears, int ageOfMajority) {

    static RetentionRule of(TerminationProperties properties) {
        return new RetentionRule(
                properties.retentionYears(), properties.minorRetentionYears(), properties.ageOfMajority());
    }

    /** The first day on which someone born on {@code dateOfBirth} is of age. */
    public LocalDate comingOfAge(LocalDate dateOfBirth) {
        return anniversary(dateOfBirth, ageOfMajority);
    }

    /** The later of the last service plus {@code years} and, with a date of birth, coming of age plus {@code minorYears}. */
    public LocalDate retainUntil(LocalDate lastService, LocalDate dateOfBirth) {
        LocalDate adult = anniversary(lastService, years);
        if (dateOfBirth == null) {
            return adult;
        }
        LocalDate minor = afterComingOfAge(dateOfBirth);
        return minor.isAfter(adult) ? minor : adult;
    }

    /** The minors' rule alone: {@code minorYears} after coming of age. */
    public LocalDate afterComingOfAge(LocalDate dateOfBirth) {
        return anniversary(comingOfAge(dateOfBirth), minorYears);
    }

    /** Whether the minors' rule gives the later date (shown with the date, so the record says why). */
    public boolean minorRuleApplies(LocalDate lastService, LocalDate dateOfBirth) {
        return dateOfBirth != null && retainUntil(lastService, dateOfBirth).isAfter(anniversary(lastService, years));
    }

    /** {@code n} years after {@code from}; 29 February becomes 1 March in a year without it. */
    private static LocalDate anniversary(LocalDate from, int n) {
        LocalDate to = from.plusYears(n);
        if (from.getMonth() == Month.FEBRUARY && from.getDayOfMonth() == 29 && to.getDayOfMonth() == 28) {
            return to.plusDays(1);
        }
        return to;
    }
}
