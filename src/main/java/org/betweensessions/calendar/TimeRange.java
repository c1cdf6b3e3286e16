package org.betweensessions.calendar;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One opening interval of a day in wall-clock time, half-open: {@code [start, end)}.
 *
 * <p>An {@code end} of {@code 00:00} means midnight at the <em>end</em> of the day (24:00): {@link LocalTime}
 * cannot express 24:00, and evening or night-shift hours must be able to reach it. So {@code 00:00-00:00} is the
 * whole day. An interval never crosses midnight; a night shift is two intervals on two days.
 */
public record TimeRange(LocalTime start, LocalTime end) {

    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
            throw new IllegalArgumentException("Interval must start before it ends: " + start + "-" + end);
        }
    }

    public static TimeRange of(LocalTime start, LocalTime end) {
        return new TimeRange(start, end);
    }

    /** Parses {@code "09:00-12:00"}; {@code "24:00"} is accepted as an end and means end of day. */
    public static TimeRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("Expected HH:MM-HH:MM but got '" + text + "'");
        }
        try {
            LocalTime start = LocalTime.parse(parts[0]);
            LocalTime end = parts[1].equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(parts[1]);
            return new TimeRange(start, end);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Expected HH:MM-HH:MM but got '" + text + "'", e);
        }
    }

    /** True when the interval runs to the end of the day. */
    public boolean endsAtMidnight() {
        return end.equals(LocalTime.MIDNIGHT);
    }

    /** Closing time is exclusive: at 17:00 an office open 09:00-17:00 is closed. */
    public boolean contains(LocalTime time) {
        return !time.isBefore(start) && (endsAtMidnight() || time.isBefore(end));
    }

    /** Nominal length on a day without a clock change. */
    public Duration length() {
        return endsAtMidnight()
                ? Duration.ofDays(1).minus(Duration.ofNanos(start.toNanoOfDay()))
                : Duration.between(start, end);
    }

    /** True when the two intervals share some time; touching ends (12:00-13:00, 13:00-17:00) do not overlap. */
    boolean overlaps(TimeRange other) {
        return startNanos() < other.endNanos() && other.startNanos() < endNanos();
    }

    private long startNanos() {
        return start.toNanoOfDay();
    }

    private long endNanos() {
        return endsAtMidnight() ? Duration.ofDays(1).toNanos() : end.toNanoOfDay();
    }

    @Override
    public String toString() {
        return start + "-" + (endsAtMidnight() ? "24:00" : end.toString());
    }
}
