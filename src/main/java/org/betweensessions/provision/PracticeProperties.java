package org.betweensessions.provision;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.betweensessions.practice.Practice;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The practice a production deployment serves, and its staff list (docs/production.md).
 *
 * @param name the practice's name ({@code BSC_PRACTICE_NAME}); needed for the first start
 * @param timeZone the practice's time zone ({@code BSC_PRACTICE_TIME_ZONE}), e.g. America/New_York
 * @param holidays practice holidays, each {@code YYYY-MM-DD Name} ({@code BSC_PRACTICE_HOLIDAYS},
 *     comma-separated); unset leaves the stored holidays as they are
 * @param staffFile the staff list ({@code BSC_PRACTICE_STAFF_FILE}), read at every start
 */
@ConfigurationProperties("bsc.practice")
public record PracticeProperties(String name, String timeZone, List<String> holidays, String staffFile) {

    /** The configured time zone, or null when none is configured. */
    public ZoneId zone() {
        try {
            return timeZone == null || timeZone.isBlank() ? null : ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "bsc.practice.time-zone: '" + timeZone + "' is not a time zone id such as America/New_York", e);
        }
    }

    /** The configured holidays, or null when none are configured (empty counts as none). */
    public List<Practice.Holiday> parsedHolidays() {
        if (holidays == null || holidays.stream().allMatch(String::isBlank)) {
            return null;
        }
        return holidays.stream()
                .map(String::strip)
                .filter(h -> !h.isEmpty())
                .map(h -> {
                    String[] f = h.split("\\s+", 2);
                    try {
                        return new Practice.Holiday(LocalDate.parse(f[0]), f.length > 1 ? f[1] : "Holiday");
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(
                                "bsc.practice.holidays: '" + h + "' should be YYYY-MM-DD followed by a name", e);
                    }
                })
                .toList();
    }
}
