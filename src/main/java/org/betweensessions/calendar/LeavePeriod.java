package org.betweensessions.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A clinician's absence as whole local dates, both ends inclusive ({@code 2026-07-06..2026-07-17} is two full
 * weeks). Whole dates rather than instants because that is how leave is entered and how holidays already work;
 * the dates are read in the calendar's own zone.
 */
public record LeavePeriod(LocalDate first, LocalDate last) {

    public LeavePeriod {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("Leave ends before it starts: " + first + ".." + last);
        }
    }

    public static LeavePeriod of(LocalDate first, LocalDate last) {
        return new LeavePeriod(first, last);
    }

    public static LeavePeriod day(LocalDate date) {
        return new LeavePeriod(date, date);
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(first) && !date.isAfter(last);
    }

    @Override
    public String toString() {
        return first + ".." + last;
    }
}
