package org.betweensessions.provision;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.practice.Practice;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.provision.StaffList.Hours;
import org.betweensessions.provision.StaffList.Person;
import org.betweensessions.security.StaffRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes the app's records of a practice's staff what the staff list says: a {@code staff_member}
 * per person (name, role, active), and for each clinician a {@code clinician} row with time zone,
 * office hours, work e-mail and phone, and the backup colleague. Idempotent: a second run with the
 * same list changes nothing and records nothing. People taken off the list stay (their messages and
 * the audit trail name them) but become inactive. Every change is written to the audit trail.
 */
@Service
public class StaffDirectory {

    static final String ACTOR = "staff-list";
    private static final Logger LOG = LoggerFactory.getLogger(StaffDirectory.class);

    private final PracticeRepository practices;
    private final StaffMemberRepository staff;
    private final ClinicianRepository clinicians;
    private final AuditTrail audit;

    StaffDirectory(
            PracticeRepository practices,
            StaffMemberRepository staff,
            ClinicianRepository clinicians,
            AuditTrail audit) {
        this.practices = practices;
        this.staff = staff;
        this.clinicians = clinicians;
        this.audit = audit;
    }

    /** Records created, updated, deactivated by a run (all zero when they matched the list). */
    public record Changes(int created, int updated, int deactivated) {
        public boolean none() {
            return created == 0 && updated == 0 && deactivated == 0;
        }
    }

    /**
     * The practice this deployment serves: created with the given name and zone when there is none;
     * otherwise renamed and re-zoned if they differ. {@code holidays} (null = leave as they are)
     * replaces the practice's holidays.
     */
    @Transactional
    public Practice practice(String name, ZoneId timeZone, List<Practice.Holiday> holidays) {
        return practice(
                practices.findFirstByOrderByCreatedAtAsc().map(Practice::getId).orElse(null), name, timeZone, holidays);
    }

    /** As above for a given practice ({@code null}: none yet, create it). */
    @Transactional
    Practice practice(UUID existing, String name, ZoneId timeZone, List<Practice.Holiday> holidays) {
        Practice practice =
                existing == null ? null : practices.findById(existing).orElseThrow();
        if (practice == null) {
            if (name == null || name.isBlank() || timeZone == null) {
                throw new IllegalStateException("No practice yet: set BSC_PRACTICE_NAME and"
                        + " BSC_PRACTICE_TIME_ZONE (bsc.practice.name, bsc.practice.time-zone) for the first start");
            }
            practice = practices.save(new Practice(name, timeZone));
            audit.record(
                    ACTOR,
                    "PRACTICE_CREATED",
                    "practice",
                    practice.getId(),
                    Map.of("name", name, "timeZone", timeZone.getId()));
        } else if (name != null
                && !name.isBlank()
                && timeZone != null
                && (!name.equals(practice.getName()) || !timeZone.equals(practice.getTimeZone()))) {
            practice.update(name, timeZone);
            audit.record(
                    ACTOR,
                    "PRACTICE_UPDATED",
                    "practice",
                    practice.getId(),
                    Map.of("name", name, "timeZone", timeZone.getId()));
        }
        if (holidays != null && !new HashSet<>(holidays).equals(practice.getHolidays())) {
            practice.getHolidays().clear();
            practice.getHolidays().addAll(holidays);
            audit.record(
                    ACTOR,
                    "PRACTICE_HOLIDAYS_SET",
                    "practice",
                    practice.getId(),
                    Map.of(
                            "holidays",
                            holidays.stream()
                                    .map(h -> h.date().toString())
                                    .sorted()
                                    .toList()));
        }
        return practice;
    }

    /** The practice's staff as the list says. A user name another practice holds is refused. */
    @Transactional
    public Changes sync(UUID practiceId, List<Person> people) {
        int created = 0;
        int updated = 0;
        int deactivated = 0;
        Map<String, StaffMember> members = new HashMap<>();
        for (Person p : people) {
            StaffMember member = staff.findByUsername(p.username()).orElse(null);
            if (member == null) {
                member = staff.save(new StaffMember(practiceId, p.username(), p.name(), p.role()));
                audit.record(
                        ACTOR,
                        "STAFF_MEMBER_ADDED",
                        "staff_member",
                        member.getId(),
                        Map.of("username", p.username(), "role", p.role().name()));
                created++;
            } else if (!member.getPracticeId().equals(practiceId)) {
                throw new IllegalStateException(
                        "User name " + p.username() + " belongs to another practice in this database");
            } else if (!member.getDisplayName().equals(p.name())
                    || member.getRole() != p.role()
                    || !member.isActive()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("username", p.username());
                if (member.getRole() != p.role()) {
                    details.put("role", member.getRole() + " -> " + p.role());
                }
                if (!member.isActive()) {
                    details.put("active", true);
                }
                member.update(p.name(), p.role(), true);
                audit.record(ACTOR, "STAFF_MEMBER_UPDATED", "staff_member", member.getId(), details);
                updated++;
            }
            members.put(p.username(), member);
        }
        // Clinicians first without backups (a backup may be listed further down), then backups.
        Map<String, Clinician> byUsername = new HashMap<>();
        for (Person p : people) {
            if (p.role() != StaffRole.CLINICIAN) {
                continue;
            }
            Clinician c = clinicians.findByUsername(p.username()).orElse(null);
            if (c == null) {
                c = new Clinician(
                        practiceId, members.get(p.username()), p.timeZone(), blankToNull(p.email()), p.phone());
                for (Hours h : p.officeHours()) {
                    c.addOfficeHours(h.day(), h.opens(), h.closes());
                }
                c = clinicians.save(c);
                audit.record(ACTOR, "CLINICIAN_ADDED", "clinician", c.getId(), calendarDetails(p));
                created++;
            } else if (!sameCalendar(c, p)) {
                c.update(p.timeZone(), blankToNull(p.email()), p.phone());
                c.getOfficeHours().clear();
                for (Hours h : p.officeHours()) {
                    c.addOfficeHours(h.day(), h.opens(), h.closes());
                }
                audit.record(ACTOR, "CLINICIAN_CALENDAR_UPDATED", "clinician", c.getId(), calendarDetails(p));
                updated++;
            }
            byUsername.put(p.username(), c);
        }
        for (Person p : people) {
            if (p.role() != StaffRole.CLINICIAN) {
                continue;
            }
            Clinician c = byUsername.get(p.username());
            UUID backup = p.backup() == null ? null : byUsername.get(p.backup()).getId();
            if (!Objects.equals(backup, c.getBackupClinicianId())) {
                c.setBackupClinicianId(backup);
                audit.record(
                        ACTOR,
                        "CLINICIAN_BACKUP_SET",
                        "clinician",
                        c.getId(),
                        p.backup() == null ? Map.of() : Map.of("backup", p.backup()));
            }
        }
        Set<String> listed = people.stream().map(Person::username).collect(Collectors.toSet());
        List<String> leavers = new ArrayList<>();
        for (StaffMember member : staff.findByPracticeId(practiceId)) {
            if (member.isActive() && !listed.contains(member.getUsername())) {
                member.update(member.getDisplayName(), member.getRole(), false);
                audit.record(
                        ACTOR,
                        "STAFF_MEMBER_DEACTIVATED",
                        "staff_member",
                        member.getId(),
                        Map.of("username", member.getUsername()));
                leavers.add(member.getUsername());
                deactivated++;
            }
        }
        if (!leavers.isEmpty()) {
            LOG.warn("Taken off the staff list, can no longer sign in: {}. Reassign their clients.", leavers);
        }
        return new Changes(created, updated, deactivated);
    }

    private static boolean sameCalendar(Clinician c, Person p) {
        Set<Hours> stored = c.getOfficeHours().stream()
                .map(h -> new Hours(DayOfWeek.of(h.dayOfWeek()), h.opensAt(), h.closesAt()))
                .collect(Collectors.toSet());
        return c.getTimeZone().equals(p.timeZone())
                && stored.equals(new HashSet<>(p.officeHours()))
                && c.getOfficeHours().size() == p.officeHours().size()
                && Objects.equals(c.getWorkEmail(), blankToNull(p.email()))
                && Objects.equals(c.getWorkPhone(), p.phone());
    }

    private static Map<String, Object> calendarDetails(Person p) {
        return Map.of(
                "username",
                p.username(),
                "timeZone",
                p.timeZone().getId(),
                "officeHours",
                p.officeHours().stream()
                        .map(h -> h.day().toString().substring(0, 3) + " " + h.opens() + "-" + h.closes())
                        .toList());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
