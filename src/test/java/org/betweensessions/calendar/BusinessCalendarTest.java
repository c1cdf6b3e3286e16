package org.betweensessions.calendar;

import static java.time.DayOfWeek.MONDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expectations in the tables are worked out by hand and written in the calendar's local time; where a local time
 * is ambiguous (the repeated hour in autumn) the offset is spelled out, e.g. {@code 2026-11-01T01:30-05:00}.
 */
class BusinessCalendarTest {

    static final ZoneId BERLIN_ZONE = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK_ZONE = ZoneId.of("America/New_York");

    /** Mon-Fri 09-17 in Berlin; Good Friday and Easter Monday 2026 off; on leave 6-17 July 2026 (two weeks). */
    static final BusinessCalendar BERLIN = BusinessCalendar.of(
                    BERLIN_ZONE, OfficeHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)))
            .withHolidays(Set.of(LocalDate.of(2026, 4, 3))) // practice holiday
            .withHolidays(Set.of(LocalDate.of(2026, 4, 6))) // the clinician's own day off
            .withLeave(LeavePeriod.of(LocalDate.of(2026, 7, 6), LocalDate.of(2026, 7, 17)));

    /** Mon-Fri 09-12 and 13-17 (7 h a day) in Berlin. */
    static final BusinessCalendar LUNCH = BusinessCalendar.of(
            BERLIN_ZONE,
            OfficeHours.builder()
                    .addWeekdays(LocalTime.of(9, 0), LocalTime.of(12, 0))
                    .addWeekdays(LocalTime.of(13, 0), LocalTime.of(17, 0))
                    .build());

    static final BusinessCalendar NEW_YORK =
            BusinessCalendar.of(NEW_YORK_ZONE, OfficeHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)));

    /** Every day 01:00-04:00: straddles the skipped / repeated hour. */
    static final BusinessCalendar NIGHT_NY = BusinessCalendar.of(
            NEW_YORK_ZONE,
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(1, 0), LocalTime.of(4, 0))
                    .build());

    static final BusinessCalendar NIGHT_BERLIN = BusinessCalendar.of(
            BERLIN_ZONE,
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(1, 0), LocalTime.of(4, 0))
                    .build());

    /** Every night 22:00-06:00, written as 22:00-24:00 plus 00:00-06:00. */
    static final BusinessCalendar NIGHT_SHIFT = BusinessCalendar.of(
            BERLIN_ZONE,
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(22, 0), LocalTime.MIDNIGHT)
                    .addEveryDay(LocalTime.MIDNIGHT, LocalTime.of(6, 0))
                    .build());

    /** Open only inside the hour that spring-forward skips. */
    static final BusinessCalendar GAP_NY = BusinessCalendar.of(
            NEW_YORK_ZONE,
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(2, 0), LocalTime.of(3, 0))
                    .build());

    static final BusinessCalendar GAP_BERLIN = BusinessCalendar.of(
            BERLIN_ZONE,
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(2, 0), LocalTime.of(3, 0))
                    .build());

    /** Open only in the first half of the hour that fall-back repeats. */
    static final BusinessCalendar SPLIT_NY = BusinessCalendar.of(
            NEW_YORK_ZONE,
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(1, 0), LocalTime.of(1, 30))
                    .build());

    /** Chile changes its clocks at midnight, so local dates start at 01:00 or happen twice around 23:00. */
    static final BusinessCalendar SANTIAGO = BusinessCalendar.of(
            ZoneId.of("America/Santiago"),
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(22, 0), LocalTime.MIDNIGHT)
                    .addEveryDay(LocalTime.MIDNIGHT, LocalTime.of(2, 0))
                    .build());

    /** Lord Howe Island moves its clocks by 30 minutes. */
    static final BusinessCalendar LORD_HOWE = BusinessCalendar.of(
            ZoneId.of("Australia/Lord_Howe"),
            OfficeHours.builder()
                    .addEveryDay(LocalTime.of(0, 30), LocalTime.of(2, 45))
                    .addWeekdays(LocalTime.of(8, 0), LocalTime.of(16, 0))
                    .build());

    /** Open around the clock: business hours must equal elapsed hours. */
    static final BusinessCalendar ALWAYS = BusinessCalendar.of(
            BERLIN_ZONE,
            OfficeHours.builder()
                    .addEveryDay(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                    .build());

    static final Map<String, BusinessCalendar> CALENDARS = Map.ofEntries(
            Map.entry("BERLIN", BERLIN),
            Map.entry("LUNCH", LUNCH),
            Map.entry("NEW_YORK", NEW_YORK),
            Map.entry("NIGHT_NY", NIGHT_NY),
            Map.entry("NIGHT_BERLIN", NIGHT_BERLIN),
            Map.entry("NIGHT_SHIFT", NIGHT_SHIFT),
            Map.entry("GAP_NY", GAP_NY),
            Map.entry("GAP_BERLIN", GAP_BERLIN),
            Map.entry("SPLIT_NY", SPLIT_NY),
            Map.entry("SANTIAGO", SANTIAGO),
            Map.entry("LORD_HOWE", LORD_HOWE),
            Map.entry("ALWAYS", ALWAYS));

    private static final Pattern HAS_OFFSET = Pattern.compile(".*(Z|[+-]\\d\\d:\\d\\d)$");

    /** Local date-time in the calendar's zone, or an explicit offset for ambiguous times. */
    static Instant at(BusinessCalendar calendar, String text) {
        return HAS_OFFSET.matcher(text).matches()
                ? OffsetDateTime.parse(text).toInstant()
                : LocalDateTime.parse(text).atZone(calendar.zone()).toInstant();
    }

    static ZonedDateTime local(BusinessCalendar calendar, Instant instant) {
        return instant.atZone(calendar.zone());
    }

    // ------------------------------------------------------------------------------------------------ due()

    @ParameterizedTest(name = "{0}: {1} + {2} -> {3}")
    @CsvSource(textBlock = """
            # Friday 16:55 + 24 h of 8-h days: 5 min Fri, 8 h Mon, 8 h Tue, 7:55 Wed
            BERLIN,      2026-03-13T16:55,       24BH, 2026-03-18T16:55
            # Thursday 16:00 before Good Friday and Easter Monday (holiday Monday)
            BERLIN,      2026-04-02T16:00,        8BH, 2026-04-07T16:00
            BERLIN,      2026-04-03T10:00,        1BH, 2026-04-07T10:00
            # Saturday night: counting starts Monday at opening
            BERLIN,      2026-03-14T23:00,        8BH, 2026-03-16T17:00
            BERLIN,      2026-03-14T23:00,        1BH, 2026-03-16T10:00
            # before opening
            BERLIN,      2026-03-16T07:30,        2BH, 2026-03-16T11:00
            # exactly at opening counts from opening; a due time may be a closing time
            BERLIN,      2026-03-16T09:00,        8BH, 2026-03-16T17:00
            # exactly at closing is outside office hours
            BERLIN,      2026-03-16T17:00,        1BH, 2026-03-17T10:00
            BERLIN,      2026-03-16T16:59:59,     1BH, 2026-03-17T09:59:59
            BERLIN,      2026-03-16T10:00,       40BH, 2026-03-23T10:00
            # leave 6-17 July: 1 h on Fri 3 July, the rest on Mon 20 July
            BERLIN,      2026-07-03T16:00,        8BH, 2026-07-20T16:00
            BERLIN,      2026-07-06T10:00,        1BH, 2026-07-20T10:00
            # DST weekends (the count is of office time, the wall clock lines up)
            BERLIN,      2026-03-27T16:00,        8BH, 2026-03-30T16:00
            BERLIN,      2026-10-23T16:00,        8BH, 2026-10-26T16:00
            NEW_YORK,    2026-03-06T16:00,        8BH, 2026-03-09T16:00
            NEW_YORK,    2026-10-30T16:00,        8BH, 2026-11-02T16:00
            NEW_YORK,    2026-03-06T16:55,       24BH, 2026-03-11T16:55
            # lunch break 12-13
            LUNCH,       2026-03-16T11:00,        2BH, 2026-03-16T14:00
            LUNCH,       2026-03-16T11:00,        1BH, 2026-03-16T12:00
            LUNCH,       2026-03-16T12:00,        1BH, 2026-03-16T14:00
            LUNCH,       2026-03-16T12:30,        1BH, 2026-03-16T14:00
            # 7-h days: 0:05 Fri + 7 Mon + 7 Tue + 7 Wed = 21:05, then 2:55 on Thursday morning
            LUNCH,       2026-03-13T16:55,       24BH, 2026-03-19T11:55
            # 01:00-04:00 daily. Spring: 01:00-02:00 EST and 03:00-04:00 EDT, 2 h in all
            NIGHT_NY,    2026-03-08T00:30,        2BH, 2026-03-08T04:00
            NIGHT_NY,    2026-03-08T00:30,        3BH, 2026-03-09T02:00
            # Autumn: 01:00 EDT to 04:00 EST is 4 h
            NIGHT_NY,    2026-11-01T00:30,        3BH, 2026-11-01T03:00-05:00
            NIGHT_NY,    2026-11-01T00:30,        4BH, 2026-11-01T04:00-05:00
            NIGHT_NY,    2026-11-01T00:30,        5BH, 2026-11-02T02:00
            NIGHT_NY,    2026-11-01T01:30-04:00,  1BH, 2026-11-01T01:30-05:00
            NIGHT_NY,    2026-11-01T01:30-05:00,  1BH, 2026-11-01T02:30-05:00
            NIGHT_BERLIN, 2026-03-29T00:30,       3BH, 2026-03-30T02:00
            NIGHT_BERLIN, 2026-10-25T00:30,       3BH, 2026-10-25T03:00+01:00
            # 22:00-06:00 nightly. Spring: Sat 22-24 (2 h) + Sun 00-06 (5 h) + 1 h Sunday night
            NIGHT_SHIFT, 2026-03-28T21:00,        8BH, 2026-03-29T23:00
            # Autumn: 2 h + 6 of the 7 hours of the long night
            NIGHT_SHIFT, 2026-10-24T21:00,        8BH, 2026-10-25T05:00+01:00
            """)
    void businessHoursDue(String calendar, String received, String window, String expected) {
        assertDue(calendar, received, window, expected);
    }

    @ParameterizedTest(name = "{0}: {1} + {2} -> {3}")
    @CsvSource(textBlock = """
            # close of business on the N-th business day after the day of receipt
            BERLIN,      2026-03-16T10:00, 1BD, 2026-03-17T17:00
            BERLIN,      2026-03-16T07:00, 1BD, 2026-03-17T17:00
            BERLIN,      2026-03-16T17:00, 1BD, 2026-03-17T17:00
            BERLIN,      2026-03-16T20:00, 1BD, 2026-03-17T17:00
            BERLIN,      2026-03-13T16:55, 1BD, 2026-03-16T17:00
            BERLIN,      2026-03-14T23:00, 1BD, 2026-03-16T17:00
            BERLIN,      2026-03-14T23:00, 2BD, 2026-03-17T17:00
            BERLIN,      2026-03-13T10:00, 3BD, 2026-03-18T17:00
            BERLIN,      2026-04-02T10:00, 1BD, 2026-04-07T17:00
            BERLIN,      2026-07-03T10:00, 1BD, 2026-07-20T17:00
            BERLIN,      2026-03-27T10:00, 1BD, 2026-03-30T17:00
            LUNCH,       2026-03-16T10:00, 1BD, 2026-03-17T17:00
            NEW_YORK,    2026-03-06T12:00, 1BD, 2026-03-09T17:00
            NEW_YORK,    2026-10-30T12:00, 1BD, 2026-11-02T17:00
            NIGHT_NY,    2026-10-31T12:00, 1BD, 2026-11-01T04:00-05:00
            # a night shift's business day ends at its last closing on that date: midnight
            NIGHT_SHIFT, 2026-03-28T12:00, 1BD, 2026-03-30T00:00
            # the skipped hour leaves 8 March without office time, so it is not a business day
            GAP_NY,      2026-03-07T12:00, 1BD, 2026-03-09T03:00
            """)
    void businessDaysDue(String calendar, String received, String window, String expected) {
        assertDue(calendar, received, window, expected);
    }

    @ParameterizedTest(name = "{0}: {1} + {2} -> {3}")
    @CsvSource(textBlock = """
            BERLIN,   2026-03-14T23:00, 48CH, 2026-03-16T23:00
            # elapsed hours: the wall clock moves 25 h in spring, 23 h in autumn
            NEW_YORK, 2026-03-07T12:00, 24CH, 2026-03-08T13:00
            NEW_YORK, 2026-10-31T12:00, 24CH, 2026-11-01T11:00
            BERLIN,   2026-03-28T12:00, 24CH, 2026-03-29T13:00
            BERLIN,   2026-10-24T12:00, 24CH, 2026-10-25T11:00
            """)
    void calendarHoursDue(String calendar, String received, String window, String expected) {
        assertDue(calendar, received, window, expected);
    }

    @ParameterizedTest(name = "{0}: {1} + {2} -> {3}, {4} of real time")
    @CsvSource(textBlock = """
            # the same local time N days later; office hours, weekends and holidays do not matter
            NEW_YORK, 2026-11-20T16:55, 2CD, 2026-11-22T16:55, PT48H
            NEW_YORK, 2026-11-25T23:00, 1CD, 2026-11-26T23:00, PT24H
            BERLIN,   2026-04-03T10:00, 3CD, 2026-04-06T10:00, PT72H
            # DST: spring forward is a 23-hour day, fall back a 25-hour day, in both zones
            NEW_YORK, 2026-03-07T12:00, 1CD, 2026-03-08T12:00, PT23H
            NEW_YORK, 2026-10-31T12:00, 1CD, 2026-11-01T12:00, PT25H
            NEW_YORK, 2026-10-28T09:00, 7CD, 2026-11-04T09:00, PT169H
            BERLIN,   2026-03-28T12:00, 1CD, 2026-03-29T12:00, PT23H
            BERLIN,   2026-10-24T12:00, 1CD, 2026-10-25T12:00, PT25H
            # a local time that does not exist on the due day moves forward by the gap
            BERLIN,   2026-03-28T02:30, 1CD, 2026-03-29T03:30, PT24H
            NEW_YORK, 2026-03-07T02:30, 1CD, 2026-03-08T03:30, PT24H
            """)
    void calendarDaysDue(String name, String received, String window, String expected, Duration elapsed) {
        assertDue(name, received, window, expected);
        BusinessCalendar calendar = CALENDARS.get(name);
        Instant r = at(calendar, received);
        assertEquals(elapsed, Duration.between(r, calendar.due(r, ResponseWindow.parse(window))));
    }

    @Test
    void calendarDaysInTheRepeatedHourKeepTheirOffsetWhereItStillApplies() {
        BusinessCalendar calendar = CALENDARS.get("NEW_YORK");
        // 2026-10-31T01:30 EDT + 1CD: 2026-11-01T01:30 exists twice; the earlier (EDT) one is chosen.
        Instant r = ZonedDateTime.of(2026, 10, 31, 1, 30, 0, 0, calendar.zone()).toInstant();
        Instant due = calendar.due(r, ResponseWindow.calendarDays(1));
        assertEquals(Duration.ofHours(24), Duration.between(r, due));
        // the second 01:30 (EST) on 2026-11-01 + 1CD: 2026-11-02T01:30 EST, 24 h later.
        Instant second = ZonedDateTime.of(2026, 11, 1, 1, 30, 0, 0, calendar.zone())
                .withLaterOffsetAtOverlap()
                .toInstant();
        assertEquals(
                Duration.ofHours(24), Duration.between(second, calendar.due(second, ResponseWindow.calendarDays(1))));
        assertEquals(
                0.5 * 24 * 3600,
                Duration.between(r, calendar.pointInWindow(r, ResponseWindow.calendarDays(1), 0.5))
                        .toSeconds());
    }

    private static void assertDue(String name, String received, String window, String expected) {
        BusinessCalendar calendar = CALENDARS.get(name);
        Instant due = calendar.due(at(calendar, received), ResponseWindow.parse(window));
        assertEquals(local(calendar, at(calendar, expected)), local(calendar, due));
    }

    @ParameterizedTest(name = "{0}: {1} + 8BH takes {3} of real time")
    @CsvSource({
        "BERLIN,   2026-03-27T16:00, 2026-03-30T16:00, PT71H",
        "BERLIN,   2026-10-23T16:00, 2026-10-26T16:00, PT73H",
        "NEW_YORK, 2026-03-06T16:00, 2026-03-09T16:00, PT71H",
        "NEW_YORK, 2026-10-30T16:00, 2026-11-02T16:00, PT73H",
    })
    void dstWeekendChangesElapsedTimeNotBusinessTime(String name, String received, String due, Duration elapsed) {
        BusinessCalendar calendar = CALENDARS.get(name);
        Instant r = at(calendar, received);
        Instant d = calendar.due(r, ResponseWindow.businessHours(8));
        assertEquals(at(calendar, due), d);
        assertEquals(elapsed, Duration.between(r, d));
        assertEquals(Duration.ofHours(8), calendar.businessDurationBetween(r, d));
    }

    // ------------------------------------------------------------------------- isOpen / nextOpening / duration

    @ParameterizedTest(name = "{0}: open at {1}? {2}")
    @CsvSource(textBlock = """
            BERLIN,      2026-03-16T09:00,                     true
            BERLIN,      2026-03-16T08:59:59,                  false
            BERLIN,      2026-03-16T16:59:59.999999999,        true
            BERLIN,      2026-03-16T17:00,                     false
            BERLIN,      2026-03-14T10:00,                     false
            BERLIN,      2026-04-06T10:00,                     false
            BERLIN,      2026-07-10T10:00,                     false
            BERLIN,      2026-07-20T10:00,                     true
            LUNCH,       2026-03-16T11:59,                     true
            LUNCH,       2026-03-16T12:00,                     false
            LUNCH,       2026-03-16T12:59,                     false
            LUNCH,       2026-03-16T13:00,                     true
            NIGHT_NY,    2026-03-08T01:59:59-05:00,            true
            NIGHT_NY,    2026-03-08T03:00-04:00,               true
            NIGHT_NY,    2026-11-01T01:30-04:00,               true
            NIGHT_NY,    2026-11-01T01:30-05:00,               true
            NIGHT_NY,    2026-11-01T04:00-05:00,               false
            SPLIT_NY,    2026-11-01T01:15-04:00,               true
            SPLIT_NY,    2026-11-01T01:45-04:00,               false
            SPLIT_NY,    2026-11-01T01:15-05:00,               true
            NIGHT_SHIFT, 2026-03-28T23:59:59,                  true
            NIGHT_SHIFT, 2026-03-29T00:00,                     true
            NIGHT_SHIFT, 2026-03-29T06:00,                     false
            NIGHT_SHIFT, 2026-03-29T21:59,                     false
            """)
    void isOpen(String name, String instant, boolean open) {
        BusinessCalendar calendar = CALENDARS.get(name);
        assertEquals(open, calendar.isOpen(at(calendar, instant)));
    }

    @ParameterizedTest(name = "{0}: next opening after {1} is {2}")
    @CsvSource(textBlock = """
            BERLIN,     2026-03-14T23:00, 2026-03-16T09:00
            BERLIN,     2026-03-16T10:00, 2026-03-16T10:00
            BERLIN,     2026-03-16T09:00, 2026-03-16T09:00
            BERLIN,     2026-03-16T17:00, 2026-03-17T09:00
            BERLIN,     2026-04-02T17:00, 2026-04-07T09:00
            BERLIN,     2026-07-03T17:00, 2026-07-20T09:00
            LUNCH,      2026-03-16T12:15, 2026-03-16T13:00
            NIGHT_NY,   2026-03-08T00:00, 2026-03-08T01:00
            GAP_NY,     2026-03-08T00:00, 2026-03-09T02:00
            GAP_BERLIN, 2026-03-29T00:00, 2026-03-30T02:00
            SANTIAGO,   2026-09-05T12:00, 2026-09-05T22:00
            """)
    void nextOpening(String name, String from, String expected) {
        BusinessCalendar calendar = CALENDARS.get(name);
        assertEquals(
                local(calendar, at(calendar, expected)), local(calendar, calendar.nextOpening(at(calendar, from))));
    }

    @ParameterizedTest(name = "{0}: {1} .. {2} = {3}")
    @CsvSource(textBlock = """
            BERLIN,       2026-03-13T16:55, 2026-03-18T16:55, PT24H
            BERLIN,       2026-03-16T08:00, 2026-03-16T18:00, PT8H
            BERLIN,       2026-03-14T00:00, 2026-03-16T00:00, PT0S
            BERLIN,       2026-03-16T10:00, 2026-03-16T10:00, PT0S
            BERLIN,       2026-03-30T00:00, 2026-04-13T00:00, PT64H
            BERLIN,       2026-07-01T00:00, 2026-08-01T00:00, PT104H
            LUNCH,        2026-03-16T11:00, 2026-03-16T14:00, PT2H
            LUNCH,        2026-03-16T00:00, 2026-03-23T00:00, PT35H
            NIGHT_NY,     2026-03-08T00:00, 2026-03-09T00:00, PT2H
            NIGHT_NY,     2026-11-01T00:00, 2026-11-02T00:00, PT4H
            NIGHT_BERLIN, 2026-03-29T00:00, 2026-03-30T00:00, PT2H
            NIGHT_BERLIN, 2026-10-25T00:00, 2026-10-26T00:00, PT4H
            NIGHT_SHIFT,  2026-03-28T12:00, 2026-03-29T12:00, PT7H
            NIGHT_SHIFT,  2026-10-24T12:00, 2026-10-25T12:00, PT9H
            GAP_NY,       2026-03-08T00:00, 2026-03-09T00:00, PT0S
            SPLIT_NY,     2026-11-01T00:00, 2026-11-02T00:00, PT1H
            SPLIT_NY,     2026-10-31T00:00, 2026-11-01T00:00, PT30M
            SANTIAGO,     2026-04-04T12:00, 2026-04-05T12:00, PT5H
            SANTIAGO,     2026-09-05T12:00, 2026-09-06T12:00, PT3H
            """)
    void businessDurationBetween(String name, String from, String to, Duration expected) {
        BusinessCalendar calendar = CALENDARS.get(name);
        assertEquals(expected, calendar.businessDurationBetween(at(calendar, from), at(calendar, to)));
    }

    @Test
    void repeatedHourGivesTwoSeparateOpenPeriods() {
        List<OpenPeriod> periods =
                SPLIT_NY.openPeriodsBetween(at(SPLIT_NY, "2026-11-01T00:00"), at(SPLIT_NY, "2026-11-02T00:00"));
        assertEquals(
                List.of(
                        new OpenPeriod(Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T05:30:00Z")),
                        new OpenPeriod(Instant.parse("2026-11-01T06:00:00Z"), Instant.parse("2026-11-01T06:30:00Z"))),
                periods);
    }

    @Test
    void nightShiftPeriodsJoinAcrossMidnight() {
        List<OpenPeriod> periods = NIGHT_SHIFT.openPeriodsBetween(
                at(NIGHT_SHIFT, "2026-03-16T12:00"), at(NIGHT_SHIFT, "2026-03-17T12:00"));
        assertEquals(
                List.of(new OpenPeriod(at(NIGHT_SHIFT, "2026-03-16T22:00"), at(NIGHT_SHIFT, "2026-03-17T06:00"))),
                periods);
    }

    @Test
    void skippedHourIsNotABusinessDay() {
        assertFalse(GAP_NY.isBusinessDay(LocalDate.of(2026, 3, 8)));
        assertTrue(GAP_NY.isBusinessDay(LocalDate.of(2026, 3, 9)));
        assertFalse(GAP_BERLIN.isBusinessDay(LocalDate.of(2026, 3, 29)));
        assertFalse(BERLIN.isBusinessDay(LocalDate.of(2026, 4, 6)));
        assertFalse(BERLIN.isBusinessDay(LocalDate.of(2026, 7, 17)));
        assertTrue(BERLIN.isBusinessDay(LocalDate.of(2026, 7, 20)));
    }

    /**
     * Goose Bay went back from 00:01 to 23:01 on 29 October 1989, so Sunday's first minute came before an hour of
     * Saturday. Open 23:00-24:00 and 00:00-00:30 daily, that night is one unbroken stretch 02:00Z-04:30Z made of
     * Saturday 02:00-03:00Z, Sunday 03:00-03:01Z, Saturday again 03:01-04:00Z and Sunday 04:00-04:30Z.
     */
    @Test
    void clocksGoingBackAcrossMidnightKeepPeriodsInTimeOrder() {
        BusinessCalendar gooseBay = BusinessCalendar.of(
                ZoneId.of("America/Goose_Bay"),
                OfficeHours.builder()
                        .addEveryDay(LocalTime.of(23, 0), LocalTime.MIDNIGHT)
                        .addEveryDay(LocalTime.MIDNIGHT, LocalTime.of(0, 30))
                        .build());
        Instant sundayFirstMinute = Instant.parse("1989-10-29T03:00:30Z"); // 00:00:30-03:00, local date Sunday
        assertEquals(
                List.of(new OpenPeriod(Instant.parse("1989-10-29T02:00:00Z"), Instant.parse("1989-10-29T04:30:00Z"))),
                gooseBay.openPeriodsBetween(
                        Instant.parse("1989-10-28T12:00:00Z"), Instant.parse("1989-10-29T12:00:00Z")));
        // the repeated Saturday hour lies after an instant whose local date is already Sunday
        assertEquals(
                Duration.ofSeconds(30 + 59 * 60 + 30 * 60),
                gooseBay.businessDurationBetween(sundayFirstMinute, Instant.parse("1989-10-29T05:00:00Z")));
        assertEquals(
                Instant.parse("1989-10-29T04:00:30Z"),
                gooseBay.due(sundayFirstMinute, ResponseWindow.businessHours(1)));
        assertEquals(
                Instant.parse("1989-10-29T03:30:00Z"),
                gooseBay.due(Instant.parse("1989-10-29T02:30:00Z"), ResponseWindow.businessHours(1)));
    }

    // ------------------------------------------------------------------------------------------ pointInWindow

    @ParameterizedTest(name = "{0}: {3} of {2} from {1} -> {4}")
    @CsvSource(textBlock = """
            # 18 of 24 business hours: 0:05 Fri + 8 Mon + 8 Tue + 1:55 Wed
            BERLIN,   2026-03-13T16:55, 24BH, 0.75, 2026-03-18T10:55
            BERLIN,   2026-03-13T16:55, 24BH, 0.5,  2026-03-17T12:55
            BERLIN,   2026-03-13T16:55, 24BH, 0.0,  2026-03-13T16:55
            BERLIN,   2026-03-13T16:55, 24BH, 1.0,  2026-03-18T16:55
            BERLIN,   2026-03-14T23:00,  8BH, 0.5,  2026-03-16T13:00
            # 1BD from Monday 10:00 is 15 business hours (7 Mon + 8 Tue); half is 7:30
            BERLIN,   2026-03-16T10:00,  1BD, 0.5,  2026-03-17T09:30
            BERLIN,   2026-03-14T23:00, 48CH, 0.25, 2026-03-15T11:00
            # calendar days: share of elapsed time; 1CD over fall back is 25 h, half is 12 h 30
            NEW_YORK, 2026-10-31T12:00, 1CD,  0.5,  2026-11-01T00:30
            NEW_YORK, 2026-03-07T12:00, 24CH, 0.5,  2026-03-08T00:00
            """)
    void pointInWindow(String name, String received, String window, double fraction, String expected) {
        BusinessCalendar calendar = CALENDARS.get(name);
        Instant point = calendar.pointInWindow(at(calendar, received), ResponseWindow.parse(window), fraction);
        assertEquals(local(calendar, at(calendar, expected)), local(calendar, point));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void pointInWindowRejectsFractionsOutsideZeroToOne(double fraction) {
        assertThrows(
                IllegalArgumentException.class,
                () -> BERLIN.pointInWindow(
                        Instant.parse("2026-03-16T10:00:00Z"), ResponseWindow.businessHours(8), fraction));
    }

    // ------------------------------------------------------------------------------------- fail fast, validate

    @Test
    void calendarWithoutOfficeHoursIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BusinessCalendar.of(BERLIN_ZONE, OfficeHours.builder().build()));
        assertThrows(
                IllegalArgumentException.class,
                () -> BusinessCalendar.of(BERLIN_ZONE, OfficeHours.of(Map.of(MONDAY, List.of()))));
    }

    @Test
    void leaveCoveringYearsFailsFastInsteadOfHanging() {
        BusinessCalendar away = BERLIN.withLeave(LeavePeriod.of(LocalDate.of(2026, 1, 1), LocalDate.of(2030, 12, 31)));
        Instant received = at(away, "2026-03-16T10:00");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> away.due(received, ResponseWindow.businessHours(1)));
            assertTrue(e.getMessage().contains("No 1 business hours within 732 days"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> away.due(received, ResponseWindow.businessDays(1)));
            assertThrows(IllegalArgumentException.class, () -> away.nextOpening(received));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> away.pointInWindow(received, ResponseWindow.businessHours(24), 0.75));
            assertFalse(away.isOpen(received));
            assertEquals(Duration.ZERO, away.businessDurationBetween(received, at(away, "2027-03-16T10:00")));
            // calendar hours do not depend on office time
            assertEquals(received.plus(Duration.ofHours(48)), away.due(received, ResponseWindow.calendarHours(48)));
        });
    }

    @Test
    void windowLongerThanTheSearchHorizonIsRejected() {
        // 10000 h at 40 h a week is almost five years
        assertThrows(
                IllegalArgumentException.class,
                () -> BERLIN.due(at(BERLIN, "2026-03-16T10:00"), ResponseWindow.businessHours(10_000)));
        assertThrows(
                IllegalArgumentException.class,
                () -> BERLIN.due(at(BERLIN, "2026-03-16T10:00"), ResponseWindow.businessDays(1_000)));
    }

    @Test
    void durationBackwardsIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BERLIN.businessDurationBetween(at(BERLIN, "2026-03-17T10:00"), at(BERLIN, "2026-03-16T10:00")));
    }

    @Test
    void officeHoursValidation() {
        assertThrows(IllegalArgumentException.class, () -> new TimeRange(LocalTime.of(17, 0), LocalTime.of(9, 0)));
        assertThrows(IllegalArgumentException.class, () -> new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> OfficeHours.builder()
                        .add(MONDAY, "09:00-12:00", "11:00-13:00")
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> OfficeHours.builder()
                        .add(MONDAY, "09:00-17:00")
                        .add(MONDAY, "12:00-13:00")
                        .build());
        assertThrows(IllegalArgumentException.class, () -> TimeRange.parse("9-5"));
        // touching intervals and an interval to midnight are fine
        OfficeHours hours = OfficeHours.builder()
                .add(MONDAY, "13:00-17:00", "09:00-13:00", "22:00-24:00")
                .build();
        assertEquals(
                List.of(
                        TimeRange.parse("09:00-13:00"),
                        TimeRange.parse("13:00-17:00"),
                        new TimeRange(LocalTime.of(22, 0), LocalTime.MIDNIGHT)),
                hours.on(MONDAY));
        assertEquals("22:00-24:00", hours.on(MONDAY).get(2).toString());
        assertEquals(Duration.ofHours(10), hours.weeklyTotal());
        assertEquals(Duration.ofHours(7 * 24), ALWAYS.officeHours().weeklyTotal());
        assertThrows(
                IllegalArgumentException.class,
                () -> LeavePeriod.of(LocalDate.of(2026, 7, 17), LocalDate.of(2026, 7, 6)));
        assertThrows(UnsupportedOperationException.class, () -> hours.byDay().remove(MONDAY));
    }

    @ParameterizedTest(name = "parse \"{0}\"")
    @CsvSource({
        "24BH, BUSINESS_HOURS, 24",
        "' 1bd ', BUSINESS_DAYS, 1",
        "48 CH, CALENDAR_HOURS, 48",
        "007BH, BUSINESS_HOURS, 7",
        "2cd, CALENDAR_DAYS, 2"
    })
    void parsesWindowKeys(String key, ResponseWindow.Kind kind, int amount) {
        ResponseWindow window = ResponseWindow.parse(key);
        assertEquals(new ResponseWindow(kind, amount), window);
        assertEquals(window, ResponseWindow.parse(window.toString()));
    }

    @ParameterizedTest(name = "reject \"{0}\"")
    @ValueSource(strings = {"", "BH", "24", "24XX", "-1BH", "0BH", "1.5BH", "9999999999BH", "24 BH extra"})
    void rejectsBadWindowKeys(String key) {
        assertThrows(IllegalArgumentException.class, () -> ResponseWindow.parse(key));
    }

    @Test
    void windowValidationAndToString() {
        assertThrows(IllegalArgumentException.class, () -> ResponseWindow.businessHours(0));
        assertThrows(IllegalArgumentException.class, () -> ResponseWindow.businessDays(-1));
        assertEquals("24BH", ResponseWindow.businessHours(24).toString());
        assertEquals("1BD", ResponseWindow.businessDays(1).toString());
        assertEquals("48CH", ResponseWindow.calendarHours(48).toString());
        assertEquals("2CD", ResponseWindow.calendarDays(2).toString());
        assertThrows(IllegalArgumentException.class, () -> ResponseWindow.calendarDays(0));
        assertFalse(ResponseWindow.Kind.CALENDAR_DAYS.isBusiness());
    }

    @Test
    void calendarIsImmutable() {
        assertThrows(
                UnsupportedOperationException.class, () -> BERLIN.holidays().add(LocalDate.of(2026, 12, 25)));
        assertThrows(UnsupportedOperationException.class, () -> BERLIN.leave().clear());
        assertEquals(2, BERLIN.holidays().size());
    }

    @Test
    void aroundTheClockBusinessHoursAreElapsedHours() {
        Instant received = Instant.parse("2026-03-28T21:17:03Z");
        for (int hours : new int[] {1, 5, 24, 100}) {
            assertEquals(
                    received.plus(Duration.ofHours(hours)), ALWAYS.due(received, ResponseWindow.businessHours(hours)));
        }
    }

    // --------------------------------------------------------------------------------------- property checks

    @Nested
    class Properties {
        static final List<BusinessCalendar> ALL =
                List.of(BERLIN, LUNCH, NEW_YORK, NIGHT_NY, NIGHT_SHIFT, SPLIT_NY, SANTIAGO, LORD_HOWE, ALWAYS);
        static final Instant FROM = Instant.parse("2025-06-01T00:00:00Z");
        static final long SPAN_SECONDS = Duration.ofDays(2 * 365).toSeconds();

        final Random random = new Random(20260308L);

        /** Half the time a random second, half a local quarter hour, which hits boundaries and clock changes. */
        Instant randomInstant(BusinessCalendar calendar) {
            Instant instant = FROM.plusSeconds((long) (random.nextDouble() * SPAN_SECONDS));
            if (random.nextBoolean()) {
                return instant;
            }
            ZonedDateTime local = instant.atZone(calendar.zone());
            return local.withHour(random.nextInt(24))
                    .withMinute(15 * random.nextInt(4))
                    .withSecond(0)
                    .toInstant();
        }

        ResponseWindow randomWindow() {
            return switch (random.nextInt(4)) {
                case 0 -> ResponseWindow.businessHours(1 + random.nextInt(60));
                case 1 -> ResponseWindow.businessDays(1 + random.nextInt(10));
                case 2 -> ResponseWindow.calendarDays(1 + random.nextInt(10));
                default -> ResponseWindow.calendarHours(1 + random.nextInt(100));
            };
        }

        @Test
        void dueInvariants() {
            for (int i = 0; i < 4000; i++) {
                BusinessCalendar calendar = ALL.get(random.nextInt(ALL.size()));
                Instant received = randomInstant(calendar);
                ResponseWindow window = randomWindow();
                String context = calendar.zone() + " " + received.atZone(calendar.zone()) + " + " + window;

                Instant due = calendar.due(received, window);
                assertTrue(due.isAfter(received), context);
                assertEquals(due, calendar.pointInWindow(received, window, 1.0), context);
                assertEquals(received, calendar.pointInWindow(received, window, 0.0), context);

                switch (window.kind()) {
                    case BUSINESS_HOURS -> {
                        assertEquals(
                                Duration.ofHours(window.amount()),
                                calendar.businessDurationBetween(received, due),
                                context);
                        assertTrue(calendar.isOpen(due.minusNanos(1)), "due not at or in office time: " + context);
                    }
                    case BUSINESS_DAYS -> {
                        assertTrue(calendar.isOpen(due.minusNanos(1)), "due not at a closing: " + context);
                        LocalDate dueDate = LocalDate.ofInstant(due.minusNanos(1), calendar.zone());
                        LocalDate receivedDate = LocalDate.ofInstant(received, calendar.zone());
                        long businessDays = receivedDate
                                .plusDays(1)
                                .datesUntil(dueDate.plusDays(1))
                                .filter(calendar::isBusinessDay)
                                .count();
                        assertEquals(window.amount(), businessDays, context);
                        assertTrue(calendar.isBusinessDay(dueDate), context);
                    }
                    case CALENDAR_HOURS ->
                        assertEquals(Duration.ofHours(window.amount()), Duration.between(received, due));
                    case CALENDAR_DAYS -> {
                        // N days on by the local date, within an hour of N x 24 h of real time
                        assertEquals(
                                LocalDate.ofInstant(received, calendar.zone()).plusDays(window.amount()),
                                LocalDate.ofInstant(due, calendar.zone()),
                                context);
                        Duration off = Duration.between(received, due)
                                .minusDays(window.amount())
                                .abs();
                        assertFalse(off.compareTo(Duration.ofHours(1)) > 0, context);
                    }
                }

                // monotonic: a later message is never due earlier
                Instant later = received.plusSeconds(random.nextInt(3 * 24 * 3600));
                assertFalse(calendar.due(later, window).isBefore(due), context + " vs later " + later);

                // a point in the window is inside it and, for business windows, at that share of business time
                double fraction = random.nextDouble();
                Instant point = calendar.pointInWindow(received, window, fraction);
                assertFalse(point.isBefore(received) || point.isAfter(due), context);
                if (window.kind().isBusiness()) {
                    Duration total = calendar.businessDurationBetween(received, due);
                    Duration expected = Duration.ofNanos(BigDecimal.valueOf(total.toNanos())
                            .multiply(BigDecimal.valueOf(fraction))
                            .setScale(0, RoundingMode.HALF_UP)
                            .longValueExact());
                    assertEquals(
                            expected, calendar.businessDurationBetween(received, point), context + " at " + fraction);
                }
            }
        }

        @Test
        void isOpenAgreesWithOpenTimeAndNextOpening() {
            for (int i = 0; i < 5000; i++) {
                BusinessCalendar calendar = ALL.get(random.nextInt(ALL.size()));
                Instant t = randomInstant(calendar);
                String context = calendar.zone() + " " + t.atZone(calendar.zone());
                // all boundaries fall on whole minutes, so openness is constant over [t, t + 1 s)
                Duration oneSecond = calendar.businessDurationBetween(t, t.plusSeconds(1));
                assertEquals(calendar.isOpen(t) ? Duration.ofSeconds(1) : Duration.ZERO, oneSecond, context);

                Instant next = calendar.nextOpening(t);
                assertFalse(next.isBefore(t), context);
                assertTrue(calendar.isOpen(next), context);
                assertEquals(Duration.ZERO, calendar.businessDurationBetween(t, next), context);
                assertEquals(calendar.isOpen(t), next.equals(t), context);
            }
        }

        @Test
        void businessDurationIsAdditiveAndMatchesOpenPeriods() {
            for (int i = 0; i < 2000; i++) {
                BusinessCalendar calendar = ALL.get(random.nextInt(ALL.size()));
                Instant a = randomInstant(calendar);
                Instant b = a.plusSeconds(random.nextInt(5 * 24 * 3600));
                Instant c = b.plusSeconds(random.nextInt(5 * 24 * 3600));
                String context = calendar.zone() + " " + a + " " + b + " " + c;
                Duration ac = calendar.businessDurationBetween(a, c);
                assertEquals(
                        ac,
                        calendar.businessDurationBetween(a, b).plus(calendar.businessDurationBetween(b, c)),
                        context);

                List<OpenPeriod> periods = calendar.openPeriodsBetween(a, c);
                Duration sum = Duration.ZERO;
                for (int p = 0; p < periods.size(); p++) {
                    OpenPeriod period = periods.get(p);
                    sum = sum.plus(period.duration());
                    assertTrue(
                            calendar.isOpen(period.start())
                                    && calendar.isOpen(period.end().minusNanos(1)),
                            context);
                    if (p > 0) {
                        assertTrue(
                                periods.get(p - 1).end().isBefore(period.start()), "not sorted and joined: " + context);
                    }
                    if (period.end().isBefore(c)) {
                        assertFalse(calendar.isOpen(period.end()), context);
                    }
                }
                assertEquals(ac, sum, context);
            }
        }

        /** Independent oracle: count open minutes one by one with isOpen, which only reads the wall clock. */
        @Test
        void businessHoursDueMatchesMinuteByMinuteCount() {
            for (int i = 0; i < 300; i++) {
                BusinessCalendar calendar = ALL.get(random.nextInt(ALL.size()));
                Instant received = randomInstant(calendar).truncatedTo(ChronoUnit.MINUTES);
                int hours = 1 + random.nextInt(30);
                Instant t = received;
                for (int open = 0; open < hours * 60; t = t.plusSeconds(60)) {
                    if (calendar.isOpen(t)) {
                        open++;
                    }
                }
                assertEquals(
                        t,
                        calendar.due(received, ResponseWindow.businessHours(hours)),
                        calendar.zone() + " " + received.atZone(calendar.zone()) + " + " + hours + "BH");
            }
        }

        @Test
        void randomCalendarsNeverHangOrThrowUnexpectedly() {
            List<LocalTime> times = new ArrayList<>();
            for (int m = 0; m < 24 * 60; m += 30) {
                times.add(LocalTime.ofSecondOfDay(m * 60L));
            }
            List<ZoneId> zones = List.of(
                    BERLIN_ZONE,
                    NEW_YORK_ZONE,
                    ZoneId.of("America/Santiago"),
                    ZoneId.of("Australia/Lord_Howe"),
                    ZoneId.of("Asia/Kolkata"),
                    ZoneId.of("UTC"));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 300; i++) {
                    OfficeHours.Builder builder = OfficeHours.builder();
                    for (DayOfWeek day : DayOfWeek.values()) {
                        // up to two intervals a day, built from sorted points so they never overlap
                        int count = random.nextInt(3);
                        List<Integer> points = random.ints(0, times.size())
                                .distinct()
                                .limit(2L * count)
                                .sorted()
                                .boxed()
                                .toList();
                        for (int k = 0; k + 1 < points.size(); k += 2) {
                            builder.add(day, times.get(points.get(k)), times.get(points.get(k + 1)));
                        }
                    }
                    OfficeHours hours = builder.build();
                    if (hours.isEmpty()) {
                        assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.of(BERLIN_ZONE, hours));
                        continue;
                    }
                    BusinessCalendar calendar = BusinessCalendar.of(zones.get(random.nextInt(zones.size())), hours);
                    Instant received = randomInstant(calendar);
                    ResponseWindow window = randomWindow();
                    Instant due = calendar.due(received, window);
                    assertTrue(due.isAfter(received));
                    if (window.kind() == ResponseWindow.Kind.BUSINESS_HOURS) {
                        assertEquals(
                                Duration.ofHours(window.amount()), calendar.businessDurationBetween(received, due));
                    }
                    if (window.kind().isBusiness()) {
                        assertTrue(calendar.isOpen(due.minusNanos(1)));
                    }
                }
            });
        }
    }
}
