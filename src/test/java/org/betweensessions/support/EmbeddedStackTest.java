package org.betweensessions.support;

import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.filters.RecordStream;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Tests against the real stack: the application with its embedded Zeebe engine and embedded MariaDB
 * (the same wiring as the README's run command), on free ports. Each test makes its own data, so the
 * context (and its engine) is shared across test classes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"embedded", "test"})
@Import(MovableClock.Configuration.class)
public abstract class EmbeddedStackTest {

  protected static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort protected int port;
  @Autowired protected ZeebeTestEngine engine;
  @Autowired protected MessageRepository messages;
  @Autowired protected ClientRepository clients;
  @Autowired protected ClinicianRepository clinicians;

  @BeforeEach
  void initAssertions() {
    BpmnAssert.initRecordStream(RecordStream.of(engine.getRecordStreamSource()));
  }

  /**
   * The seeded demo client of the given clinician with the given status (Jordan, María, Taylor,
   * Robin): the earliest created, since other tests register clients of their own.
   */
  protected Client demoClient(String clinicianUsername, ClientStatus status) {
    UUID clinicianId = clinicians.findByUsername(clinicianUsername).orElseThrow().getId();
    return clients.findAll().stream()
        .filter(c -> c.getClinicianId().equals(clinicianId) && c.getStatus() == status)
        .min(java.util.Comparator.comparing(Client::getCreatedAt)).orElseThrow();
  }

  protected Message awaitMessage(UUID id, Predicate<Message> condition) {
    return await().atMost(WAIT).until(() -> messages.findById(id).orElseThrow(), condition::test);
  }

  /** Retries an assertion until it holds (the engine and the workers run asynchronously). */
  protected void eventually(ThrowingRunnable assertion) {
    // Same thread: BpmnAssert keeps its record stream in a thread-local.
    await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(50))
        .untilAsserted(assertion::run);
  }

  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Open incidents of an instance, as "element: message", so a stuck instance explains itself. */
  protected java.util.List<String> incidents(long processInstanceKey) {
    java.util.List<String> found = new java.util.ArrayList<>();
    for (var r : engine.getRecordStreamSource().getRecords()) {
      if (r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.INCIDENT
          && r.getIntent() == io.camunda.zeebe.protocol.record.intent.IncidentIntent.CREATED) {
        var incident = (io.camunda.zeebe.protocol.record.value.IncidentRecordValue) r.getValue();
        if (incident.getProcessInstanceKey() == processInstanceKey) {
          found.add(incident.getElementId() + ": " + incident.getErrorMessage());
        }
      }
    }
    return found;
  }

  /** Every record the engine holds, as JSON, that mentions {@code text}: must stay empty for PHI. */
  protected java.util.List<String> engineRecordsMentioning(String text) {
    java.util.List<String> found = new java.util.ArrayList<>();
    for (var r : engine.getRecordStreamSource().getRecords()) {
      if (r.toJson().contains(text)) {
        found.add(r.getValueType() + " " + r.getIntent());
      }
    }
    return found;
  }
}
