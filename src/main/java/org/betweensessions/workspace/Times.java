package org.betweensessions.workspace;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;

/** Times as a person reads them: in their own zone, and time left in hours and minutes. */
public final class Times {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);

    private Times() {}

    /** "Wed 9 Dec, 14:30 ET"-like: the instant in {@code zone}, with the zone's short name. */
    public static String local(Instant at, ZoneId zone) {
        if (at == null) {
            return "";
        }
        return LOCAL.format(at.atZone(zone)) + " " + zone.getDisplayName(TextStyle.SHORT_STANDALONE, Locale.ENGLISH);
    }

    /** "3 h 20 min left", "2 d 4 h left", "overdue by 15 min"; empty without a due time. */
    public static String left(Instant due, Instant now) {
        if (due == null) {
            return "";
        }
        Duration d = Duration.between(now, due);
        return d.isNegative() ? "overdue by " + span(d.negated()) : span(d) + " left";
    }

    static String span(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        long days = minutes / (24 * 60);
        long hours = (minutes / 60) % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + mins + " min";
        }
        return mins + " min";
    }

    /** A date-time as the engine writes it (ISO with offset or zone), or null. */
    public static Instant parse(String text) {
        try {
            return text == null || text.isBlank()
                    ? null
                    : ZonedDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notADateTime) {
            return null;
        }
    }
}
