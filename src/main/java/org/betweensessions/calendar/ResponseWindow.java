package org.betweensessions.calendar;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a practice promises to take for a reply, e.g. 24 business hours. Written as a short key,
 * {@code "24BH"}, {@code "1BD"}, {@code "48CH"} or {@code "2CD"}; {@link #toString()} gives the key back, so policies can store
 * it as text and round-trip it through {@link #parse(String)}, as with {@link java.time.Duration}.
 */
public record ResponseWindow(Kind kind, int amount) {

    private static final Pattern KEY = Pattern.compile("(\\d{1,9})\\s*([A-Z]{2}|(BUSINESS|CALENDAR) (HOUR|DAY)S?)");

    public enum Kind {
        /** Counts only open office time. */
        BUSINESS_HOURS("BH"),
        /** Due at the close of the N-th business day after the day the message arrived. */
        BUSINESS_DAYS("BD"),
        /** Plain elapsed hours, ignoring office hours. */
        CALENDAR_HOURS("CH"),
        /**
         * The same local time N calendar days later, ignoring office hours, weekends and holidays (across a
         * daylight-saving change that is 23 or 25 hours of real time per changed day).
         */
        CALENDAR_DAYS("CD");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** True for the kinds measured in office time. */
        public boolean isBusiness() {
            return this == BUSINESS_HOURS || this == BUSINESS_DAYS;
        }
    }

    public ResponseWindow {
        Objects.requireNonNull(kind, "kind");
        if (amount <= 0) {
            throw new IllegalArgumentException("Response window must be positive but was " + amount + kind.code);
        }
    }

    public static ResponseWindow businessHours(int hours) {
        return new ResponseWindow(Kind.BUSINESS_HOURS, hours);
    }

    public static ResponseWindow businessDays(int days) {
        return new ResponseWindow(Kind.BUSINESS_DAYS, days);
    }

    public static ResponseWindow calendarHours(int hours) {
        return new ResponseWindow(Kind.CALENDAR_HOURS, hours);
    }

    public static ResponseWindow calendarDays(int days) {
        return new ResponseWindow(Kind.CALENDAR_DAYS, days);
    }

    /**
     * Parses {@code "24BH"}, {@code "1BD"}, {@code "48CH"}, {@code "2CD"} or the same in words, as the
     * decision tables say it: {@code "24 business hours"}, {@code "1 business day"},
     * {@code "48 calendar hours"}, {@code "2 calendar days"}; case and spaces around the key are ignored.
     */
    public static ResponseWindow parse(String key) {
        Objects.requireNonNull(key, "key");
        Matcher m = KEY.matcher(key.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "Not a response window (e.g. 24 business hours, 1 business day, 48 calendar hours, 2 calendar days, or 24BH, 1BD, 48CH, 2CD): '"
                            + key + "'");
        }
        int amount = Integer.parseInt(m.group(1)); // at most 9 digits, cannot overflow
        String unit = m.group(3) == null
                ? m.group(2)
                : m.group(3).charAt(0) + "" + m.group(4).charAt(0);
        for (Kind kind : Kind.values()) {
            if (kind.code.equals(unit)) {
                return new ResponseWindow(kind, amount);
            }
        }
        throw new IllegalArgumentException(
                "Unknown window unit '" + m.group(2) + "' in '" + key + "' (BH, BD, CH or CD)");
    }

    @Override
    public String toString() {
        return amount + kind.code;
    }
}
