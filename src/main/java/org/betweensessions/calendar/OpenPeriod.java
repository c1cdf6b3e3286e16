package org.betweensessions.calendar;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A stretch of real time during which the office is open, half-open: {@code [start, end)}. */
public record OpenPeriod(Instant start, Instant end) {

    public OpenPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("Open period must start before it ends: " + start + ".." + end);
        }
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** The part inside {@code [from, to)}, or null when there is none. */
    OpenPeriod clip(Instant from, Instant to) {
        Instant s = start.isBefore(from) ? from : start;
        Instant e = end.isAfter(to) ? to : end;
        return s.isBefore(e) ? new OpenPeriod(s, e) : null;
    }
}
