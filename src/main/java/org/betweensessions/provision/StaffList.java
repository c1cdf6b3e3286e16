package org.betweensessions.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.betweensessions.security.StaffRole;

/**
 * The practice's staff list ({@code config/staff.csv}), the one source of who works here: the app's
 * logins and Camunda accounts ({@link StaffProvisioning}) and the app's own staff and clinician
 * records with office hours and time zone ({@link StaffDirectory}) are all made from it.
 *
 * <p>Columns: {@code username,role,name,email,time_zone,office_hours,backup,phone}. The last four
 * may be left out for people who are not clinicians; a clinician needs a time zone and office hours
 * (response windows are counted in them). {@code office_hours}: groups separated by {@code ;}, each
 * days then one or more intervals, e.g. {@code Mon-Fri 09:00-17:00} or
 * {@code Tue-Sat 10:00-13:00 14:00-18:00; Mon 12:00-16:00}. {@code backup}: the clinician a crisis
 * escalates to first. A field holding a comma is written in double quotes.
 */
public final class StaffList {

    public static final String HEADER = "username,role,name,email,time_zone,office_hours,backup,phone";

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern GROUP =
            Pattern.compile("([A-Za-z]{3})(?:-([A-Za-z]{3}))?((?:\\s+\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2})+)");
    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");
    private static final Map<String, DayOfWeek> DAYS = Map.of(
            "mon",
            DayOfWeek.MONDAY,
            "tue",
            DayOfWeek.TUESDAY,
            "wed",
            DayOfWeek.WEDNESDAY,
            "thu",
            DayOfWeek.THURSDAY,
            "fri",
            DayOfWeek.FRIDAY,
            "sat",
            DayOfWeek.SATURDAY,
            "sun",
            DayOfWeek.SUNDAY);

    /** One person. {@code timeZone}, {@code officeHours}, {@code backup}, {@code phone} may be empty. */
    public record Person(
            String username,
            StaffRole role,
            String name,
            String email,
            ZoneId timeZone,
            List<Hours> officeHours,
            String backup,
            String phone) {

        public Person {
            officeHours = officeHours == null ? List.of() : List.copyOf(officeHours);
        }

        public Person(String username, StaffRole role, String name, String email) {
            this(username, role, name, email, null, List.of(), null, null);
        }
    }

    /** One interval of office hours on one weekday, in the person's time zone. */
    public record Hours(DayOfWeek day, LocalTime opens, LocalTime closes) {}

    private StaffList() {}

    /** Every person of the list, checked; a mistake stops with the file, line and what is wrong. */
    public static List<Person> read(Path csv) throws IOException {
        return parse(Files.readAllLines(csv, StandardCharsets.UTF_8), csv.toString());
    }

    static List<Person> parse(List<String> lines, String source) {
        List<Person> people = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()
                    || line.startsWith("#")
                    || line.toLowerCase(Locale.ROOT).startsWith("username,")) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            List<String> f = fields(line, where);
            if (f.size() != 4 && f.size() != 8) {
                throw new IllegalArgumentException(
                        where + "expected " + HEADER + " (or the first four only, for someone who is not a clinician)");
            }
            String username = f.get(0);
            if (!USERNAME.matcher(username).matches()
                    || username.equals(StaffProvisioning.APP_USER)
                    || username.equals(StaffProvisioning.ADMIN_USER)) {
                throw new IllegalArgumentException(where + "user name must match " + USERNAME + " and not be "
                        + StaffProvisioning.APP_USER + " or " + StaffProvisioning.ADMIN_USER);
            }
            StaffRole role;
            try {
                role = StaffRole.valueOf(f.get(1).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "role must be one of " + List.of(StaffRole.values()), e);
            }
            if (f.get(2).isEmpty()) {
                throw new IllegalArgumentException(where + "name is empty");
            }
            if (people.stream().anyMatch(p -> p.username().equals(username))) {
                throw new IllegalArgumentException(where + "user " + username + " listed twice");
            }
            String zone = f.size() > 4 ? f.get(4) : "";
            String hours = f.size() > 4 ? f.get(5) : "";
            String backup = f.size() > 4 ? f.get(6) : "";
            String phone = f.size() > 4 ? f.get(7) : "";
            ZoneId timeZone = null;
            if (!zone.isEmpty()) {
                try {
                    timeZone = ZoneId.of(zone);
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException(
                            where + "time_zone '" + zone + "' is not a time zone id such as America/New_York", e);
                }
            }
            List<Hours> officeHours = officeHours(hours, where);
            if (role == StaffRole.CLINICIAN && (timeZone == null || officeHours.isEmpty())) {
                throw new IllegalArgumentException(where + "a clinician needs time_zone and office_hours"
                        + " (response windows are counted in them), e.g. America/New_York,Mon-Fri 09:00-17:00");
            }
            if (role != StaffRole.CLINICIAN && (!backup.isEmpty() || !officeHours.isEmpty())) {
                throw new IllegalArgumentException(where + "office_hours and backup are for clinicians only");
            }
            if (backup.equals(username)) {
                throw new IllegalArgumentException(where + "backup must be another clinician");
            }
            people.add(new Person(
                    username,
                    role,
                    f.get(2),
                    f.get(3),
                    timeZone,
                    officeHours,
                    backup.isEmpty() ? null : backup,
                    phone.isEmpty() ? null : phone));
            lineOf.add(i + 1);
        }
        for (int i = 0; i < people.size(); i++) {
            String backup = people.get(i).backup();
            if (backup != null
                    && people.stream().noneMatch(p -> p.username().equals(backup) && p.role() == StaffRole.CLINICIAN)) {
                throw new IllegalArgumentException(source + " line " + lineOf.get(i) + ": backup '" + backup
                        + "' is not a clinician in this list");
            }
        }
        return people;
    }

    /** {@code Mon-Fri 09:00-17:00; Sat 10:00-13:00 14:00-16:00}; empty gives none. */
    static List<Hours> officeHours(String text, String where) {
        List<Hours> hours = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (text.isBlank()) {
            return hours;
        }
        for (String group : text.split(";")) {
            Matcher m = GROUP.matcher(group.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(where + "office_hours '" + group.strip()
                        + "' should look like Mon-Fri 09:00-17:00 (groups separated by ;)");
            }
            DayOfWeek first = day(m.group(1), where);
            DayOfWeek last = m.group(2) == null ? first : day(m.group(2), where);
            Matcher interval = INTERVAL.matcher(m.group(3));
            List<LocalTime[]> ranges = new ArrayList<>();
            while (interval.find()) {
                LocalTime opens = time(interval.group(1), where);
                LocalTime closes = time(interval.group(2), where);
                if (!opens.isBefore(closes)) {
                    throw new IllegalArgumentException(where + "office hours " + interval.group()
                            + " must open before they close (an interval past midnight is two intervals)");
                }
                ranges.add(new LocalTime[] {opens, closes});
            }
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                for (LocalTime[] r : ranges) {
                    if (!seen.add(d + " " + r[0])) {
                        throw new IllegalArgumentException(
                                where + "office hours on " + d + " at " + r[0] + " listed twice");
                    }
                    hours.add(new Hours(d, r[0], r[1]));
                }
                if (d == last) {
                    break;
                }
            }
        }
        return hours;
    }

    private static DayOfWeek day(String name, String where) {
        DayOfWeek day = DAYS.get(name.toLowerCase(Locale.ROOT));
        if (day == null) {
            throw new IllegalArgumentException(where + "'" + name + "' is not a day (Mon, Tue, ... Sun)");
        }
        return day;
    }

    private static LocalTime time(String text, String where) {
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + "'" + text + "' is not a time (HH:MM)", e);
        }
    }

    /** Comma-separated fields, each stripped; "..." quotes a field with commas ("" is a quote). */
    private static List<String> fields(String line, String where) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(where + "a quoted field is not closed");
        }
        fields.add(field.toString().strip());
        return fields;
    }
}
