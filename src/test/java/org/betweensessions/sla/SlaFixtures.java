package org.betweensessions.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.betweensessions.calendar.BusinessCalendar;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.betweensessions.client.ClientConsentRepository;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Channel;
import org.betweensessions.policy.CommunicationPolicy;
import org.betweensessions.policy.CommunicationPolicyRepository;
import org.betweensessions.policy.Policies;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.practice.Practice;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.security.StaffRole;
import org.betweensessions.support.MovableClock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SLA tests get their own clinician (Mon-Fri 9-17 New York, like the demo's alex) with one consented
 * client, so metrics, reports and availability prompts can be read per clinician without interference
 * from other tests sharing the database. Also: both clocks moved together, and engine records.
 */
@Component
class SlaFixtures {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final StaffMemberRepository staff;
    private final ClinicianRepository clinicians;
    private final ClientRepository clients;
    private final ClientConsentRepository consents;
    private final PracticeRepository practices;
    private final Policies policies;
    private final ClinicianCalendars calendars;
    private final TransactionTemplate tx;
    private final CommunicationPolicyRepository policyVersions;
    private final JdbcTemplate jdbc;

    SlaFixtures(
            StaffMemberRepository staff,
            ClinicianRepository clinicians,
            ClientRepository clients,
            ClientConsentRepository consents,
            PracticeRepository practices,
            Policies policies,
            ClinicianCalendars calendars,
            TransactionTemplate tx,
            CommunicationPolicyRepository policyVersions,
            JdbcTemplate jdbc) {
        this.staff = staff;
        this.clinicians = clinicians;
        this.clients = clients;
        this.consents = consents;
        this.practices = practices;
        this.policies = policies;
        this.calendars = calendars;
        this.tx = tx;
        this.policyVersions = policyVersions;
        this.jdbc = jdbc;
    }

    record TestClinician(Clinician clinician, Client client) {
        String username() {
            return clinician.getUsername();
        }
    }

    TestClinician newClinicianWithClient() {
        return newClinicianWithClient(null, null);
    }

    /**
     * With {@code ownPolicy}: the clinician's own policy version (clinician-level override), which the
     * client consents to. With {@code arrangement}: the clinician reviewed the policy with the client
     * and chose this between-session arrangement (a consent request and review row, as intake would
     * leave them; written with SQL because the consent package builds them only inside its process).
     */
    TestClinician newClinicianWithClient(PolicyDocument ownPolicy, String arrangement) {
        return tx.execute(s -> {
            Practice practice = practice();
            String username = "sla-" + UUID.randomUUID().toString().substring(0, 8);
            Clinician clinician = saveWeekdayClinician(practice, username, "SLA test clinician " + username);
            if (ownPolicy != null) {
                policyVersions.save(new CommunicationPolicy(practice.getId(), clinician.getId(), 1, ownPolicy, "sam"));
            }
            Client client = saveActiveClient(practice, clinician, "SLA test client");
            CommunicationPolicy policy = policies.effective(practice.getId(), clinician.getId());
            ClientConsent consent = consents.save(new ClientConsent(
                    client.getId(), policy.getId(), policy.getVersion(), Instant.now(), Channel.PORTAL, username));
            if (arrangement != null) {
                consents.flush();
                String request = UUID.randomUUID().toString();
                jdbc.update(
                        "insert into consent_request (id, client_id, policy_id, policy_version, kind,"
                                + " status, consent_id, created_at, completed_at) values (?, ?, ?, ?, 'INTAKE',"
                                + " 'COMPLETED', ?, ?, ?)",
                        request,
                        client.getId().toString(),
                        policy.getId().toString(),
                        policy.getVersion(),
                        consent.getId().toString(),
                        Timestamp.from(Instant.now()),
                        Timestamp.from(Instant.now()));
                jdbc.update(
                        "insert into consent_review (id, request_id, client_id, preferred_channel,"
                                + " understood_channels, understood_contact_kinds, understood_response_time,"
                                + " understood_crisis_plan, arrangement, reviewed_by, reviewed_at) values"
                                + " (?, ?, ?, 'PORTAL', true, true, true, true, ?, ?, ?)",
                        UUID.randomUUID().toString(),
                        request,
                        client.getId().toString(),
                        arrangement,
                        username,
                        Timestamp.from(Instant.now()));
            }
            return new TestClinician(clinician, client);
        });
    }

    /**
     * A clinician in New York with office hours Monday to Friday, 9-17, covered by alex (the demo
     * practice's policy names each clinician's covering colleague: a clinician without one would make
     * that policy invalid for every later test that posts it).
     */
    private Clinician saveWeekdayClinician(Practice practice, String username, String name) {
        StaffMember member = staff.save(new StaffMember(practice.getId(), username, name, StaffRole.CLINICIAN));
        Clinician clinician = new Clinician(practice.getId(), member, NEW_YORK, null, null);
        clinician.setBackupClinicianId(
                clinicians.findByUsername("alex").orElseThrow().getId());
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            clinician.addOfficeHours(d, LocalTime.of(9, 0), LocalTime.of(17, 0));
        }
        return clinicians.save(clinician);
    }

    private Client saveActiveClient(Practice practice, Clinician clinician, String name) {
        Client client = new Client(practice.getId(), clinician.getId(), name, Channel.PORTAL, "en");
        client.activate();
        return clients.save(client);
    }

    /**
     * A clinician who can sign in (username in src/test/resources/test-integration-users.txt, password
     * demo), Mon-Fri 9-17 New York, with a new consented client. The database outlives test runs, so
     * the clinician is made once and reused.
     */
    TestClinician clinicianWithLogin(String username) {
        return tx.execute(s -> {
            Practice practice = practice();
            Clinician clinician = clinicians
                    .findByUsername(username)
                    .orElseGet(() -> saveWeekdayClinician(practice, username, "Test clinician " + username));
            Client client = saveActiveClient(practice, clinician, "Digest test client");
            CommunicationPolicy policy = policies.effective(practice.getId(), clinician.getId());
            consents.save(new ClientConsent(
                    client.getId(), policy.getId(), policy.getVersion(), Instant.now(), Channel.PORTAL, username));
            return new TestClinician(clinician, client);
        });
    }

    /** The practice default policy document. */
    PolicyDocument practicePolicy() {
        return policies.effective(practice().getId(), null).getDocument();
    }

    Practice practice() {
        return practices.primary();
    }

    BusinessCalendar calendar(Clinician clinician) {
        return calendars.of(clinicians.findById(clinician.getId()).orElseThrow());
    }

    void addPracticeHoliday(LocalDate day, String name) {
        tx.executeWithoutResult(s -> {
            Practice practice = practices.findById(practice().getId()).orElseThrow();
            practice.getHolidays().add(new Practice.Holiday(day, name));
        });
    }

    void removePracticeHoliday(LocalDate day) {
        tx.executeWithoutResult(s -> {
            Practice practice = practices.findById(practice().getId()).orElseThrow();
            practice.getHolidays().removeIf(h -> h.date().equals(day));
        });
    }

    /** The next local date after today (application clock) on this weekday that satisfies ok. */
    static LocalDate next(MovableClock clock, DayOfWeek day, Predicate<LocalDate> ok) {
        LocalDate d = clock.instant().atZone(NEW_YORK).toLocalDate().plusDays(1);
        while (d.getDayOfWeek() != day || !ok.test(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(NEW_YORK).toInstant();
    }

    /** Moves the engine clock and the application clock together to {@code target}. */
    static void advanceTo(ZeebeTestEngine engine, MovableClock clock, Instant target) {
        Duration by = Duration.between(clock.instant(), target);
        assertThat(by).as("clocks only move forward").isPositive();
        advance(engine, clock, by);
    }

    static void advance(ZeebeTestEngine engine, MovableClock clock, Duration by) {
        engine.increaseTime(by);
        clock.advance(by);
    }

    static List<String> timerEvents(ZeebeTestEngine engine, long processInstanceKey) {
        List<String> events = new ArrayList<>();
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.TIMER && r.getRecordType().name().equals("EVENT")) {
                TimerRecordValue timer = (TimerRecordValue) r.getValue();
                if (timer.getProcessInstanceKey() == processInstanceKey) {
                    events.add(timer.getTargetElementId() + ":" + r.getIntent());
                }
            }
        }
        return events;
    }

    static Optional<UserTaskRecordValue> userTaskCreated(
            ZeebeTestEngine engine, long processInstanceKey, String elementId) {
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.USER_TASK && r.getIntent() == UserTaskIntent.CREATED) {
                UserTaskRecordValue task = (UserTaskRecordValue) r.getValue();
                if (task.getProcessInstanceKey() == processInstanceKey
                        && task.getElementId().equals(elementId)) {
                    return Optional.of(task);
                }
            }
        }
        return Optional.empty();
    }
}
