package org.betweensessions.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRegistration;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.demo.DemoPractice;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.PolicyService;
import org.betweensessions.practice.Practice;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.provision.StaffList.Person;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The staff list makes the app's staff and clinician records on MariaDB: a clinician on the list has
 * a clinician row with time zone, office hours and backup (without it they could not be given
 * clients nor have response windows counted), a rerun changes nothing, changes and leavers follow,
 * and two instances starting together make each record once. Each test uses its own practice and
 * user names, so the demo practice of the shared database is untouched.
 */
class StaffDirectoryTest extends EmbeddedStackTest {

    @Autowired
    StaffDirectory directory;

    @Autowired
    ClinicianCalendars calendars;

    @Autowired
    JdbcTemplate jdbc;

    private String tag;
    private Practice practice;

    @BeforeEach
    void ownPractice() {
        tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        practice = directory.practice(
                null,
                "Staff list test " + tag,
                ZoneId.of("America/Chicago"),
                List.of(new Practice.Holiday(LocalDate.of(2027, 7, 5), "Independence Day (observed)")));
    }

    private List<Person> list(String... lines) {
        return StaffList.parse(
                List.of(lines).stream().map(l -> l.replace("%", tag)).toList(), "test");
    }

    @Test
    void aClinicianOnTheListHasOfficeHoursTimeZoneAndBackup() {
        StaffDirectory.Changes changes = directory.sync(
                practice.getId(),
                list(
                        StaffList.HEADER,
                        "%-rae,CLINICIAN,Rae Kim,rae@example.org,America/Los_Angeles,"
                                + "Tue-Sat 10:00-13:00 14:00-18:00,%-lou,+1 555 0101",
                        "%-lou,CLINICIAN,\"Lou Park, LCSW\",lou@example.org,America/New_York,Mon-Fri 09:00-17:00,,",
                        "%-kim,COORDINATOR,Kim Ode,kim@example.org"));
        assertThat(changes).isEqualTo(new StaffDirectory.Changes(5, 0, 0));

        StaffMember kim = staffMembers.findByUsername(tag + "-kim").orElseThrow();
        assertThat(kim.getRole()).isEqualTo(StaffRole.COORDINATOR);
        assertThat(kim.isActive()).isTrue();
        assertThat(kim.getPracticeId()).isEqualTo(practice.getId());
        assertThat(clinicians.findByUsername(tag + "-kim")).isEmpty();

        Clinician rae = clinicians.findByUsername(tag + "-rae").orElseThrow();
        Clinician lou = clinicians.findByUsername(tag + "-lou").orElseThrow();
        assertThat(lou.getStaffMember().getDisplayName()).isEqualTo("Lou Park, LCSW");
        assertThat(rae.getPracticeId()).isEqualTo(practice.getId());
        assertThat(rae.getTimeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(rae.getWorkEmail()).isEqualTo("rae@example.org");
        assertThat(rae.getWorkPhone()).isEqualTo("+1 555 0101");
        assertThat(rae.getOfficeHours())
                .hasSize(10)
                .contains(
                        new Clinician.OfficeHours(2, LocalTime.of(10, 0), LocalTime.of(13, 0)),
                        new Clinician.OfficeHours(6, LocalTime.of(14, 0), LocalTime.of(18, 0)));
        assertThat(rae.getBackupClinicianId()).isEqualTo(lou.getId());
        assertThat(lou.getBackupClinicianId()).isNull();

        // The business calendar responses are counted in: open Tuesday 10:30 in Los Angeles, closed
        // at the lunch break and on Monday.
        ZonedDateTime tuesday = ZonedDateTime.of(2027, 3, 2, 10, 30, 0, 0, ZoneId.of("America/Los_Angeles"));
        assertThat(tuesday.getDayOfWeek()).isEqualTo(DayOfWeek.TUESDAY);
        assertThat(calendars.of(rae).isOpen(tuesday.toInstant())).isTrue();
        assertThat(calendars.of(rae).isOpen(tuesday.withHour(13).toInstant())).isFalse();
        assertThat(calendars.of(rae).isOpen(tuesday.minusDays(1).toInstant())).isFalse();
        assertThat(audit("CLINICIAN_ADDED")).isEqualTo(2);
    }

    @Test
    void aSecondRunWithTheSameListChangesAndRecordsNothing() {
        String[] lines = {
            "%-rae,CLINICIAN,Rae Kim,rae@example.org,America/Los_Angeles,Mon-Thu 08:00-12:00,%-lou,",
            "%-lou,CLINICIAN,Lou Park,lou@example.org,America/New_York,Mon-Fri 09:00-17:00,%-rae,",
            "%-sue,SUPERVISOR,Sue Vance,sue@example.org"
        };
        directory.sync(practice.getId(), list(lines));
        int auditEvents = allAudit();
        assertThat(directory.sync(practice.getId(), list(lines)).none()).isTrue();
        assertThat(directory.sync(practice.getId(), list(lines)).none()).isTrue();
        assertThat(allAudit()).isEqualTo(auditEvents);
        assertThat(directory
                        .practice(
                                practice.getId(),
                                practice.getName(),
                                practice.getTimeZone(),
                                List.copyOf(practice.getHolidays()))
                        .getName())
                .isEqualTo(practice.getName());
        assertThat(allAudit()).isEqualTo(auditEvents);
    }

    @Test
    void changesAndLeaversFollowTheList() {
        directory.sync(
                practice.getId(),
                list(
                        "%-rae,CLINICIAN,Rae Kim,rae@example.org,America/Los_Angeles,Mon-Fri 09:00-17:00,%-lou,",
                        "%-lou,CLINICIAN,Lou Park,lou@example.org,America/New_York,Mon-Fri 09:00-17:00,,",
                        "%-kim,COORDINATOR,Kim Ode,kim@example.org"));
        UUID louId = clinicians.findByUsername(tag + "-lou").orElseThrow().getId();

        // Rae moves to Denver and works mornings; Kim becomes supervisor; Lou leaves.
        StaffDirectory.Changes changes = directory.sync(
                practice.getId(),
                list(
                        "%-rae,CLINICIAN,Rae Kim,rae@example.org,America/Denver,Mon-Wed 07:30-12:00,,",
                        "%-kim,SUPERVISOR,Kim Ode,kim@example.org"));
        assertThat(changes).isEqualTo(new StaffDirectory.Changes(0, 2, 1));

        Clinician rae = clinicians.findByUsername(tag + "-rae").orElseThrow();
        assertThat(rae.getTimeZone()).isEqualTo(ZoneId.of("America/Denver"));
        assertThat(rae.getOfficeHours())
                .containsExactlyInAnyOrder(
                        new Clinician.OfficeHours(1, LocalTime.of(7, 30), LocalTime.of(12, 0)),
                        new Clinician.OfficeHours(2, LocalTime.of(7, 30), LocalTime.of(12, 0)),
                        new Clinician.OfficeHours(3, LocalTime.of(7, 30), LocalTime.of(12, 0)));
        assertThat(rae.getBackupClinicianId()).isNull();
        assertThat(staffMembers.findByUsername(tag + "-kim").orElseThrow().getRole())
                .isEqualTo(StaffRole.SUPERVISOR);
        // Lou's records stay (clients and messages name them) but Lou is no longer active.
        StaffMember lou = staffMembers.findByUsername(tag + "-lou").orElseThrow();
        assertThat(lou.isActive()).isFalse();
        assertThat(clinicians.findById(louId)).isPresent();
        assertThat(audit("STAFF_MEMBER_DEACTIVATED")).isEqualTo(1);

        // Back on the list: active again, same records.
        directory.sync(
                practice.getId(),
                list(
                        "%-rae,CLINICIAN,Rae Kim,rae@example.org,America/Denver,Mon-Wed 07:30-12:00,,",
                        "%-lou,CLINICIAN,Lou Park,lou@example.org,America/New_York,Mon-Fri 09:00-17:00,,",
                        "%-kim,SUPERVISOR,Kim Ode,kim@example.org"));
        assertThat(staffMembers.findByUsername(tag + "-lou").orElseThrow().isActive())
                .isTrue();
        assertThat(clinicians.findByUsername(tag + "-lou").orElseThrow().getId())
                .isEqualTo(louId);
    }

    @Test
    void aUserNameHeldByAnotherPracticeIsRefusedAndNothingIsHalfWritten() {
        assertThatThrownBy(() -> directory.sync(
                        practice.getId(),
                        list(
                                "%-new,COORDINATOR,New Person,new@example.org",
                                "alex,CLINICIAN,Alex,alex@example.org,America/New_York,Mon-Fri 09:00-17:00,,")))
                .hasMessageContaining("alex")
                .hasMessageContaining("another practice");
        assertThat(staffMembers.findByUsername(tag + "-new")).isEmpty();
    }

    @Test
    void twoInstancesStartingTogetherMakeEachRecordOnce() throws Exception {
        StaffListAtStart atStart =
                new StaffListAtStart(new PracticeProperties(null, null, null, null), directory, jdbc);
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            people.addAll(list("%-c" + i + ",CLINICIAN,Clinician " + i + ",c" + i
                    + "@example.org,Europe/Madrid,Mon-Fri 09:00-14:00,,"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<StaffDirectory.Changes> start =
                    () -> atStart.underLock(() -> directory.sync(practice.getId(), people));
            Future<StaffDirectory.Changes> first = pool.submit(start);
            Future<StaffDirectory.Changes> second = pool.submit(start);
            List<StaffDirectory.Changes> both =
                    List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
            // One made the 24 records (12 staff, 12 clinician rows), the other found them.
            assertThat(both.stream().map(StaffDirectory.Changes::created).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder(24, 0);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from staff_member where username like ?", Integer.class, tag + "-c%"))
                .isEqualTo(12);
        assertThat(jdbc.queryForObject(
                        "select count(*) from clinician c join staff_member s"
                                + " on s.id = c.staff_member_id where s.username like ?",
                        Integer.class,
                        tag + "-c%"))
                .isEqualTo(12);
    }

    @Test
    void thePracticeFollowsItsSettingsAndIsNeverCreatedNameless() {
        Practice renamed = directory.practice(
                practice.getId(),
                "Renamed " + tag,
                ZoneId.of("America/Denver"),
                List.of(new Practice.Holiday(LocalDate.of(2027, 12, 24), "Christmas Eve")));
        assertThat(renamed.getName()).isEqualTo("Renamed " + tag);
        assertThat(renamed.getTimeZone()).isEqualTo(ZoneId.of("America/Denver"));
        assertThat(renamed.getHolidays())
                .extracting(Practice.Holiday::date)
                .containsExactly(LocalDate.of(2027, 12, 24));
        assertThatThrownBy(() -> directory.practice(null, null, null, null)).hasMessageContaining("BSC_PRACTICE_NAME");
    }

    /**
     * A practice made from its settings and staff list, as on a production start: a supervisor writes
     * its first policy (basedOnVersion 0), and its new clinician is given a client, whose intake
     * consent then starts on the engine with that policy.
     */
    @Test
    void aNewPracticeGetsItsFirstPolicyAndItsNewClinicianAClient() {
        directory.sync(
                practice.getId(),
                list(
                        "%-rae,CLINICIAN,Rae Kim,rae@example.org,America/Los_Angeles,Mon-Fri 09:00-17:00,%-lou,",
                        "%-lou,CLINICIAN,Lou Park,lou@example.org,America/New_York,Mon-Fri 09:00-17:00,%-rae,",
                        "%-sue,SUPERVISOR,Sue Vance,sue@example.org"));
        assertThatThrownBy(() ->
                        policies.changePracticeDefault(practice.getId(), 1, DemoPractice.defaultPolicy(), tag + "-sue"))
                .hasMessageContaining("basedOnVersion 0");

        var first = policies.changePracticeDefault(practice.getId(), 0, DemoPractice.defaultPolicy(), tag + "-sue")
                .policy();
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(policies.practiceDefault(practice.getId()).getId()).isEqualTo(first.getId());

        Client client = registration.register(
                new ClientRegistration.RegisterClient("Client of a new clinician", tag + "-rae", Channel.EMAIL, "en"),
                practice.getId(),
                tag + "-sue");
        assertThat(client.getClinicianId())
                .isEqualTo(clinicians.findByUsername(tag + "-rae").orElseThrow().getId());
        eventually(() -> assertThat(jdbc.queryForObject(
                        "select count(*) from consent_request"
                                + " where client_id = ? and policy_version = 1 and process_instance_key is not null",
                        Integer.class,
                        client.getId().toString()))
                .isEqualTo(1));
    }

    @Autowired
    PolicyService policies;

    @Autowired
    ClientRegistration registration;

    private int audit(String type) {
        return jdbc.queryForObject(
                "select count(*) from audit_event where actor = 'staff-list'"
                        + " and event_type = ? and details like ?",
                Integer.class,
                type,
                "%" + tag + "%");
    }

    private int allAudit() {
        // Only this class writes as the staff list here.
        return jdbc.queryForObject("select count(*) from audit_event where actor = 'staff-list'", Integer.class);
    }
}
