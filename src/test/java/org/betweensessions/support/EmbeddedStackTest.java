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
import org.springframework.test.context.ActiveProfiles;

/**
 * Tests against the real stack: the application with its embedded Zeebe engine and embedded MariaDB
 * (the same wiring as the README's run command), on free ports. Each test makes its own data, so the
 * context (and its engine) is shared across test classes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"embedded", "test"})
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

  /** A demo client of the given clinician with the given status. */
  protected Client demoClient(String clinicianUsername, ClientStatus status) {
    UUID clinicianId = clinicians.findByUsername(clinicianUsername).orElseThrow().getId();
    return clients.findAll().stream()
        .filter(c -> c.getClinicianId().equals(clinicianId) && c.getStatus() == status)
        .findFirst().orElseThrow();
  }

  protected Message awaitMessage(UUID id, Predicate<Message> condition) {
    return await().atMost(WAIT).until(() -> messages.findById(id).orElseThrow(), condition::test);
  }
}
