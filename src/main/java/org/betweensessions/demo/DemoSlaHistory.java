package org.betweensessions.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.betweensessions.api.ConflictException;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.inbox.InboundMessageRequest;
import org.betweensessions.inbox.MessageService;
import org.betweensessions.inbox.ReplyRequest;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.security.CurrentUser;
import org.betweensessions.security.StaffRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A little SLA history for the demo, so a supervisor's reports and the admin's metrics show real
 * figures on a fresh start: Jordan (alex's client) wrote three times; two messages are answered on
 * time by alex, one arrived ten days ago and was never answered, so it breaches as soon as the
 * engine sees it (reminder, "Answer overdue", review task for sam, sla_breaches_total).
 * Everything goes the normal way: the inbound API's service, triage on the engine, alex's replies.
 * Runs once per database (external ids), in the background after start-up.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "bsc.demo.sla-history", havingValue = "true")
class DemoSlaHistory implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSlaHistory.class);
    private static final String PREFIX = "demo-sla-history-";
    private static final Duration WAIT = Duration.ofMinutes(3);

    /** Hours ago each message arrived, and whether alex answers it now. */
    private record Seed(String externalId, Duration ago, boolean answer, String body) {}

    private static final List<Seed> SEEDS = List.of(
            new Seed(
                    PREFIX + "1",
                    Duration.ofHours(5),
                    true,
                    "I've been feeling really low this week and could use some support. Can we talk?"),
            new Seed(
                    PREFIX + "2",
                    Duration.ofHours(2),
                    true,
                    "Could we talk about how this week went? I could use some support with it."),
            new Seed(
                    PREFIX + "3",
                    Duration.ofDays(10),
                    false,
                    "I've been feeling really low this week and could use some support. Can we talk?"));

    private final MessageService service;
    private final MessageRepository messages;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final Clock clock;

    DemoSlaHistory(
            MessageService service,
            MessageRepository messages,
            ClientRepository clients,
            ClinicianRepository clinicians,
            Clock clock) {
        this.service = service;
        this.messages = messages;
        this.clients = clients;
        this.clinicians = clinicians;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (messages.findByChannelAndExternalId(Channel.PORTAL, SEEDS.getFirst().externalId())
                .isPresent()) {
            return;
        }
        Thread seeding = new Thread(this::seed, "demo-sla-history");
        seeding.setDaemon(true);
        seeding.start();
    }

    void seed() {
        try {
            UUID alex = clinicians.findByUsername("alex").orElseThrow().getId();
            Client jordan = clients.findAll().stream()
                    .filter(c -> c.getClinicianId().equals(alex) && c.getStatus() == ClientStatus.ACTIVE)
                    .min(Comparator.comparing(Client::getCreatedAt))
                    .orElseThrow();
            Instant now = clock.instant();
            for (Seed seed : SEEDS) {
                Message m = service.accept(new InboundMessageRequest(
                                Channel.PORTAL,
                                seed.externalId(),
                                jordan.getId(),
                                null,
                                seed.body(),
                                now.minus(seed.ago())))
                        .message();
                if (seed.answer()) {
                    replyWhenRouted(m.getId());
                }
            }
            LOG.info("Demo SLA history: 2 answered messages and 1 overdue for alex (see docs/sla.md)");
        } catch (RuntimeException | InterruptedException e) {
            LOG.warn("Demo SLA history not seeded: {}", e.toString());
        }
    }

    /** Triage runs on the engine: alex can answer once the "Respond to client message" task exists. */
    private void replyWhenRouted(UUID id) throws InterruptedException {
        Instant until = Instant.now().plus(WAIT);
        while (true) {
            try {
                service.reply(
                        id,
                        new ReplyRequest("Thank you for telling me. Let's make time for this; "
                                + "I'll call you at our usual check-in time."),
                        new CurrentUser("alex", StaffRole.CLINICIAN));
                return;
            } catch (ConflictException notYetRouted) {
                if (Instant.now().isAfter(until)) {
                    throw notYetRouted;
                }
                Thread.sleep(250);
            }
        }
    }
}
