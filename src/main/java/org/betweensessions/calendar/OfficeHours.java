package org.betweensessions.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The weekly opening pattern: for each day of the week, zero or more non-overlapping {@link TimeRange}s in
 * wall-clock time. Days without intervals are closed. Immutable; intervals are kept sorted by start.
 */
public record OfficeHours(Map<DayOfWeek, List<TimeRange>> byDay) {

    public OfficeHours {
        Objects.requireNonNull(byDay, "byDay");
        Map<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        byDay.forEach((day, ranges) -> {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(ranges, "intervals of " + day);
            if (ranges.isEmpty()) {
                return; // an empty list and a missing day mean the same: closed
            }
            List<TimeRange> sorted = new ArrayList<>(ranges);
            sorted.forEach(r -> Objects.requireNonNull(r, "interval of " + day));
            sorted.sort(Comparator.comparing(TimeRange::start));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                    throw new IllegalArgumentException(
                            "Overlapping office hours on " + day + ": " + sorted.get(i - 1) + " and " + sorted.get(i));
                }
            }
            copy.put(day, List.copyOf(sorted));
        });
        byDay = Collections.unmodifiableMap(copy);
    }

    /** Monday to Friday, one interval a day: the common case. */
    public static OfficeHours weekdays(LocalTime open, LocalTime close) {
        return builder().addWeekdays(open, close).build();
    }

    public static OfficeHours of(Map<DayOfWeek, List<TimeRange>> byDay) {
        return new OfficeHours(byDay);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The intervals of one weekday, sorted; empty when closed that day. */
    public List<TimeRange> on(DayOfWeek day) {
        return byDay.getOrDefault(day, List.of());
    }

    /** True when no day has any interval, i.e. the office never opens. */
    public boolean isEmpty() {
        return byDay.isEmpty();
    }

    /** Nominal open time per week, ignoring clock changes, holidays and leave. */
    public Duration weeklyTotal() {
        return byDay.values().stream()
                .flatMap(List::stream)
                .map(TimeRange::length)
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Collects intervals day by day; overlaps are rejected by {@link #build()}. */
    public static final class Builder {
        private final Map<DayOfWeek, List<TimeRange>> byDay = new EnumMap<>(DayOfWeek.class);

        private Builder() {}

        public Builder add(DayOfWeek day, TimeRange range) {
            byDay.computeIfAbsent(Objects.requireNonNull(day, "day"), d -> new ArrayList<>())
                    .add(Objects.requireNonNull(range, "range"));
            return this;
        }

        public Builder add(DayOfWeek day, LocalTime start, LocalTime end) {
            return add(day, new TimeRange(start, end));
        }

        /** Adds {@code "09:00-12:00"}-style intervals to one day. */
        public Builder add(DayOfWeek day, String... ranges) {
            for (String range : ranges) {
                add(day, TimeRange.parse(range));
            }
            return this;
        }

        public Builder addWeekdays(LocalTime start, LocalTime end) {
            TimeRange range = new TimeRange(start, end);
            for (DayOfWeek day : DayOfWeek.values()) {
                if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                    add(day, range);
                }
            }
            return this;
        }

        public Builder addEveryDay(LocalTime start, LocalTime end) {
            TimeRange range = new TimeRange(start, end);
            for (DayOfWeek day : DayOfWeek.values()) {
                add(day, range);
            }
            return this;
        }

        public OfficeHours build() {
            return new OfficeHours(byDay);
        }
    }
}
