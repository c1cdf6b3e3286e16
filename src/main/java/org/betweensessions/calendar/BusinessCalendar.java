package org.betweensessions.calendar;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One clinician's working time: weekly office hours in a time zone, minus holidays and leave.
 *
 * <p>Office hours are wall-clock times. An instant is open when its local date is not a holiday or leave day and
 * its local time lies in one of that weekday's intervals (opening inclusive, closing exclusive). Everything else,
 * including clock changes, follows from that one rule: an interval that contains a skipped hour is an hour
 * shorter, one that contains a repeated hour is an hour longer.
 *
 * <p>Searches ahead stop after {@link #SEARCH_HORIZON} and throw {@link IllegalArgumentException}, so a calendar
 * that is never open (or on leave for years) fails fast instead of looping.
 */
public record BusinessCalendar(ZoneId zone, OfficeHours officeHours, Set<LocalDate> holidays, List<LeavePeriod> leave) {

    /** How far ahead any search looks: far beyond any sensible reply promise, short enough to fail fast. */
    public static final Duration SEARCH_HORIZON = Duration.ofDays(2 * 366);

    public BusinessCalendar {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(officeHours, "officeHours");
        if (officeHours.isEmpty()) {
            // Every search would run to the horizon; reject at construction where the mistake is made.
            throw new IllegalArgumentException("A business calendar needs at least one office-hours interval");
        }
        holidays = Set.copyOf(Objects.requireNonNull(holidays, "holidays"));
        leave = List.copyOf(Objects.requireNonNull(leave, "leave"));
    }

    public static BusinessCalendar of(ZoneId zone, OfficeHours officeHours) {
        return new BusinessCalendar(zone, officeHours, Set.of(), List.of());
    }

    /** Adds closed dates, e.g. the practice's holidays and then the clinician's own days off. */
    public BusinessCalendar withHolidays(Collection<LocalDate> more) {
        Set<LocalDate> all = new HashSet<>(holidays);
        all.addAll(more);
        return new BusinessCalendar(zone, officeHours, all, leave);
    }

    public BusinessCalendar withLeave(LeavePeriod... more) {
        List<LeavePeriod> all = new ArrayList<>(leave);
        all.addAll(List.of(more));
        return new BusinessCalendar(zone, officeHours, holidays, all);
    }

    /** True when the clinician is in office hours at this instant; the closing instant itself is not open. */
    public boolean isOpen(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        LocalDate date = local.toLocalDate();
        if (isClosedDate(date)) {
            return false;
        }
        for (TimeRange range : officeHours.on(date.getDayOfWeek())) {
            if (range.contains(local.toLocalTime())) {
                return true;
            }
        }
        return false;
    }

    /** True when the date has some open time (a weekday with hours, not a holiday or leave, not lost to DST). */
    public boolean isBusinessDay(LocalDate date) {
        return !periodsOn(date).isEmpty();
    }

    /** The earliest instant at or after {@code from} that is open; {@code from} itself when already open. */
    public Instant nextOpening(Instant from) {
        for (OpenPeriod period : periods(from, horizon(from))) {
            return period.start();
        }
        throw noOpenTime(from, "an opening");
    }

    /**
     * When a reply is due. Business hours: the instant at which the open time since {@code received} reaches the
     * window; if that is exactly a closing time, the closing time (not the next opening). Business days: the last
     * closing time of the N-th business day after the local date of {@code received}. Calendar hours: plain
     * elapsed hours. Calendar days: the same local wall-clock time N days later in the calendar's zone
     * ({@link java.time.ZonedDateTime#plusDays}: a time that does not exist that day moves forward by the gap; in
     * the repeated hour the earlier offset is kept when it still applies).
     */
    public Instant due(Instant received, ResponseWindow window) {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(window, "window");
        return switch (window.kind()) {
            case BUSINESS_HOURS -> advance(received, Duration.ofHours(window.amount()));
            case BUSINESS_DAYS -> closeOfBusinessDay(received, window.amount());
            case CALENDAR_HOURS -> received.plus(Duration.ofHours(window.amount()));
            case CALENDAR_DAYS ->
                received.atZone(zone).plusDays(window.amount()).toInstant();
        };
    }

    /**
     * Open time within {@code [from, to)}: how much of the window a reply has used. Rejects {@code to} before
     * {@code from} because a reply cannot precede its message; equal instants give zero.
     */
    public Duration businessDurationBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' " + to + " is before 'from' " + from);
        }
        Duration total = Duration.ZERO;
        for (OpenPeriod period : periods(from, to)) {
            total = total.plus(period.duration());
        }
        return total;
    }

    /**
     * The instant at {@code fraction} (0..1) of the window, e.g. 0.75 for a reminder. For business windows the
     * fraction is of the open time between {@code received} and {@link #due}, so 0.75 of 24BH is 18 business
     * hours; for calendar hours and days it is of elapsed time. 0 gives {@code received}, 1 gives {@link #due}.
     */
    public Instant pointInWindow(Instant received, ResponseWindow window, double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException("Fraction must be between 0 and 1 but was " + fraction);
        }
        Instant due = due(received, window);
        if (!window.kind().isBusiness()) {
            return received.plus(scale(Duration.between(received, due), fraction));
        }
        return advance(received, scale(businessDurationBetween(received, due), fraction));
    }

    /** The open periods overlapping {@code [from, to)}, clipped to it, in order, touching periods joined. */
    public List<OpenPeriod> openPeriodsBetween(Instant from, Instant to) {
        List<OpenPeriod> result = new ArrayList<>();
        for (OpenPeriod period : periods(from, to)) {
            int last = result.size() - 1;
            if (last >= 0 && result.get(last).end().equals(period.start())) {
                result.set(last, new OpenPeriod(result.get(last).start(), period.end()));
            } else {
                result.add(period);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The first instant by which {@code amount} of open time has passed since {@code from}. */
    private Instant advance(Instant from, Duration amount) {
        if (amount.isZero()) {
            return from;
        }
        Duration remaining = amount;
        for (OpenPeriod period : periods(from, horizon(from))) {
            Duration length = period.duration();
            if (length.compareTo(remaining) >= 0) {
                return period.start().plus(remaining);
            }
            remaining = remaining.minus(length);
        }
        throw noOpenTime(from, amount.toHours() + " business hours");
    }

    private Instant closeOfBusinessDay(Instant received, int days) {
        LocalDate date = LocalDate.ofInstant(received, zone);
        LocalDate last = date.plusDays(SEARCH_HORIZON.toDays());
        int found = 0;
        while (date.isBefore(last)) {
            date = date.plusDays(1);
            List<OpenPeriod> periods = periodsOn(date);
            if (!periods.isEmpty() && ++found == days) {
                return periods.getLast().end();
            }
        }
        throw noOpenTime(received, days + " business days");
    }

    private boolean isClosedDate(LocalDate date) {
        if (holidays.contains(date)) {
            return true;
        }
        for (LeavePeriod period : leave) {
            if (period.contains(date)) {
                return true;
            }
        }
        return false;
    }

    /** The real-time periods of one local date, sorted (a repeated hour can put them out of wall-clock order). */
    private List<OpenPeriod> periodsOn(LocalDate date) {
        if (isClosedDate(date)) {
            return List.of();
        }
        List<OpenPeriod> result = new ArrayList<>();
        for (TimeRange range : officeHours.on(date.getDayOfWeek())) {
            LocalDateTime start = date.atTime(range.start());
            LocalDateTime end = range.endsAtMidnight() ? date.plusDays(1).atStartOfDay() : date.atTime(range.end());
            addWallClockSpan(start, end, result);
        }
        result.sort(Comparator.comparing(OpenPeriod::start));
        return result;
    }

    /**
     * Adds the instants whose local date-time lies in {@code [start, end)}. Walks the constant-offset stretches
     * of the zone between the earliest and latest instants that could show those wall-clock times, so skipped
     * hours contribute nothing and repeated hours contribute twice, matching {@link #isOpen} exactly.
     */
    private void addWallClockSpan(LocalDateTime start, LocalDateTime end, List<OpenPeriod> out) {
        ZoneRules rules = zone.getRules();
        Instant segmentStart = start.toInstant(ZoneOffset.MAX);
        Instant stop = end.toInstant(ZoneOffset.MIN);
        while (segmentStart.isBefore(stop)) {
            ZoneOffset offset = rules.getOffset(segmentStart);
            ZoneOffsetTransition transition = rules.nextTransition(segmentStart);
            Instant segmentEnd =
                    transition == null || transition.getInstant().isAfter(stop) ? stop : transition.getInstant();
            LocalDateTime from = max(start, LocalDateTime.ofInstant(segmentStart, offset));
            LocalDateTime to = min(end, LocalDateTime.ofInstant(segmentEnd, offset));
            if (from.isBefore(to)) {
                Instant pieceStart = from.toInstant(offset);
                Instant pieceEnd = to.toInstant(offset);
                int last = out.size() - 1;
                if (last >= 0 && out.get(last).end().equals(pieceStart)) {
                    // Either side of a skipped hour: one period in real time.
                    out.set(last, new OpenPeriod(out.get(last).start(), pieceEnd));
                } else {
                    out.add(new OpenPeriod(pieceStart, pieceEnd));
                }
            }
            segmentStart = segmentEnd;
        }
    }

    private Iterable<OpenPeriod> periods(Instant from, Instant to) {
        return () -> new PeriodIterator(from, to);
    }

    private static Instant horizon(Instant from) {
        return from.plus(SEARCH_HORIZON);
    }

    private IllegalArgumentException noOpenTime(Instant from, String what) {
        return new IllegalArgumentException("No " + what + " within " + SEARCH_HORIZON.toDays() + " days after "
                + from.atZone(zone) + ": check office hours, holidays and leave of this calendar");
    }

    private static Duration scale(Duration duration, double fraction) {
        // BigDecimal: a double cannot hold a multi-month duration to the nanosecond, and 1.0 must give it exactly.
        BigDecimal nanos = BigDecimal.valueOf(duration.toNanos()).multiply(BigDecimal.valueOf(fraction));
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Open periods overlapping {@code [from, to)}, clipped, in time order, generated a local date at a time.
     * Periods are held back until no later date can yield an earlier one, because where a zone turns its clocks
     * back across midnight, local dates are not in time order.
     */
    private final class PeriodIterator implements Iterator<OpenPeriod> {
        private final Instant from;
        private final Instant to;
        private final PriorityQueue<OpenPeriod> pending = new PriorityQueue<>(Comparator.comparing(OpenPeriod::start));
        private LocalDate date;
        private OpenPeriod next;

        PeriodIterator(Instant from, Instant to) {
            this.from = Objects.requireNonNull(from, "from");
            this.to = Objects.requireNonNull(to, "to");
            // The day before can still hold later instants when clocks went back across midnight.
            this.date = LocalDate.ofInstant(from, zone).minusDays(1);
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = findNext();
            }
            return next != null;
        }

        @Override
        public OpenPeriod next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            OpenPeriod result = next;
            next = null;
            return result;
        }

        private OpenPeriod findNext() {
            while (true) {
                // No instant whose local date is `date` or later comes before this (offsets are at most +18:00).
                Instant floor = date.atStartOfDay().toInstant(ZoneOffset.MAX);
                boolean exhausted = !floor.isBefore(to);
                while (!pending.isEmpty()
                        && (exhausted || pending.peek().start().isBefore(floor))) {
                    OpenPeriod clipped = pending.poll().clip(from, to);
                    if (clipped != null) {
                        return clipped;
                    }
                }
                if (exhausted) {
                    return null;
                }
                pending.addAll(periodsOn(date));
                date = date.plusDays(1);
            }
        }
    }
}
