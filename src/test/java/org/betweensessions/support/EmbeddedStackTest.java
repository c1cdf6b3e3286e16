package org.betweensessions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientConsent;
import org.betweensessions.client.ClientConsentRepository;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.practice.StaffMember;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.security.StaffRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Tests against the real stack: the application with its embedded Zeebe engine and embedded MariaDB
 * (the same wiring as the README's run command), on free ports. Each test makes its own data, so the
 * context (and its engine) is shared across test classes; only one context is open at a time
 * ({@link OneEngineAtATime}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"embedded", "test"})
@Import(MovableClock.Configuration.class)
@ContextConfiguration(initializers = OneEngineAtATime.class)
public abstract class EmbeddedStackTest {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    protected int port;

    @Autowired
    protected ZeebeTestEngine engine;

    @Autowired
    protected MessageRepository messages;

    @Autowired
    protected ClientRepository clients;

    @Autowired
    protected ClinicianRepository clinicians;

    @Autowired
    protected ClientConsentRepository consents;

    @Autowired
    protected Clock applicationClock;

    @Autowired
    protected StaffMemberRepository staffMembers;

    /** Now on the application's clock (which -Dbsc.test.clock may have moved to another day). */
    protected Instant now() {
        return applicationClock.instant();
    }

    /** The engine's last record position when the test began. */
    private long positionAtStart;

    @BeforeEach
    void initAssertions() {
        assertThat(OneEngineAtATime.open())
                .as("open test contexts, each with an in-memory engine")
                .isEqualTo(1);
        BpmnAssert.initRecordStream(RecordStream.of(engine.getRecordStreamSource()));
        positionAtStart = lastPosition();
    }

    /**
     * No test leaves an incident behind unless it says it expects one ({@link ExpectsIncidents}). The
     * engine and its workers are shared by every test of the context, so an incident raised late by
     * an earlier test's work is reported by the test during which it appeared: either way, the suite
     * notices.
     */
    @AfterEach
    void noIncidentLeftBehind(TestInfo test) {
        boolean expected = test.getTestMethod()
                        .map(m -> m.isAnnotationPresent(ExpectsIncidents.class))
                        .orElse(false)
                || test.getTestClass()
                        .map(c -> c.isAnnotationPresent(ExpectsIncidents.class))
                        .orElse(false);
        if (!expected) {
            assertThat(openIncidentsSince(positionAtStart))
                    .as("incidents raised during this test")
                    .isEmpty();
        }
    }

    private long lastPosition() {
        long last = -1;
        for (var r : engine.getRecordStreamSource().getRecords()) {
            last = Math.max(last, r.getPosition());
        }
        return last;
    }

    /** Incidents created after {@code position} and not resolved since, as "element: message". */
    protected List<String> openIncidentsSince(long position) {
        Map<Long, String> open = new LinkedHashMap<>();
        for (var r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() != ValueType.INCIDENT) {
                continue;
            }
            var incident = (IncidentRecordValue) r.getValue();
            if (r.getIntent() == IncidentIntent.CREATED && r.getPosition() > position) {
                open.put(r.getKey(), incident.getElementId() + ": " + incident.getErrorMessage());
            } else if (r.getIntent() == IncidentIntent.RESOLVED) {
                open.remove(r.getKey());
            }
        }
        return List.copyOf(open.values());
    }

    /**
     * A new client of the given demo clinician, shaped like the seeded demo client with that status
     * (Jordan, María, Taylor, Robin): same practice, language, channel, risk level and consent. Each
     * call makes a client of its own, so no test depends on messages, flags or agenda items another
     * test left with a shared demo client (a pattern flag on Jordan once decided whether routing
     * tests passed, depending on the order the classes ran).
     */
    protected Client demoClient(String clinicianUsername, ClientStatus status) {
        UUID clinicianId =
                clinicians.findByUsername(clinicianUsername).orElseThrow().getId();
        Client template = clients.findAll().stream()
                .filter(c -> c.getClinicianId().equals(clinicianId) && c.getStatus() == status)
                .min(Comparator.comparing(Client::getCreatedAt))
                .orElseThrow();
        Client client = new Client(
                template.getPracticeId(),
                clinicianId,
                "Test client " + UUID.randomUUID().toString().substring(0, 8),
                template.getPreferredChannel(),
                template.getPreferredLanguage());
        if (status != ClientStatus.INTAKE) {
            client.activate();
        }
        if (status == ClientStatus.TERMINATED) {
            client.terminate();
        }
        client.setRiskLevel(template.getRiskLevel());
        client = clients.save(client);
        UUID clientId = client.getId();
        consents.findFirstByClientIdOrderByConsentedAtDesc(template.getId())
                .ifPresent(c -> consents.save(new ClientConsent(
                        clientId,
                        c.getPolicyId(),
                        c.getPolicyVersion(),
                        c.getConsentedAt(),
                        c.getChannel(),
                        c.getRecordedBy())));
        return client;
    }

    /**
     * Makes an account of the test users file (src/test/resources/test-integration-users.txt) a member
     * of the demo practice, as production provisions every account it lets in: an account of no
     * practice may act for no client.
     */
    protected void memberOfDemoPractice(String username, StaffRole role) {
        if (staffMembers.findByUsername(username).isEmpty()) {
            UUID practice = clinicians.findByUsername("alex").orElseThrow().getPracticeId();
            try {
                staffMembers.save(new StaffMember(practice, username, username, role));
            } catch (DataIntegrityViolationException concurrentlyAdded) {
                // another test class added it first
            }
        }
    }

    protected Message awaitMessage(UUID id, Predicate<Message> condition) {
        return await().atMost(WAIT).until(() -> messages.findById(id).orElseThrow(), condition::test);
    }

    /** Retries an assertion until it holds (the engine and the workers run asynchronously). */
    protected void eventually(ThrowingRunnable assertion) {
        // Same thread: BpmnAssert keeps its record stream in a thread-local.
        await().atMost(WAIT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(assertion::run);
    }

    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Open incidents of an instance, as "element: message", so a stuck instance explains itself. */
    protected List<String> incidents(long processInstanceKey) {
        List<String> found = new ArrayList<>();
        for (var r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.INCIDENT && r.getIntent() == IncidentIntent.CREATED) {
                var incident = (IncidentRecordValue) r.getValue();
                if (incident.getProcessInstanceKey() == processInstanceKey) {
                    found.add(incident.getElementId() + ": " + incident.getErrorMessage());
                }
            }
        }
        return found;
    }

    /** Due dates of the timers the engine created for an element of an instance. */
    protected List<Instant> timerDueDates(long processInstanceKey, String elementId) {
        List<Instant> due = new ArrayList<>();
        for (var r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.TIMER && r.getIntent() == TimerIntent.CREATED) {
                var timer = (TimerRecordValue) r.getValue();
                if (timer.getProcessInstanceKey() == processInstanceKey
                        && timer.getTargetElementId().equals(elementId)) {
                    due.add(Instant.ofEpochMilli(timer.getDueDate()));
                }
            }
        }
        return due;
    }

    /** A stored instant as a timer holds it: the engine's timers are millisecond-precise. */
    protected static Instant millis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Every record the engine holds, as JSON, that mentions {@code text}: must stay empty for PHI. */
    protected List<String> engineRecordsMentioning(String text) {
        List<String> found = new ArrayList<>();
        for (var r : engine.getRecordStreamSource().getRecords()) {
            if (r.toJson().contains(text)) {
                found.add(r.getValueType() + " " + r.getIntent());
            }
        }
        return found;
    }
}
