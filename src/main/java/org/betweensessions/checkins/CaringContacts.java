package org.betweensessions.checkins;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.database.AfterCommit;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.templates.TemplateBank;
import org.betweensessions.triage.TriageProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Caring Contacts after a high-risk period, when the practice enables them
 * ({@code bsc.checkins.caring-contacts.enabled}): when the clinician lowers the risk, brief messages
 * that ask nothing go out on the caring-contacts table's schedule until the configured end
 * ({@code bsc.checkins.caring-contacts.period}, 12 months). A new high-risk rating, termination or
 * transfer ends them. Each step is idempotent: contacts are unique per episode and number, the
 * outbox key names the contact, and each due time is stored once.
 */
@Service
public class CaringContacts {

    static final String TEMPLATE = "caring.contact";

    private final RiskEpisodeRepository episodes;
    private final CaringContactRepository contacts;
    private final ClientRepository clients;
    private final Outbox outbox;
    private final TemplateBank templates;
    private final TriageProperties triage;
    private final AuditTrail audit;
    private final CheckinMessages engine;
    private final Clock clock;
    private final boolean enabled;
    private final Duration period;

    CaringContacts(
            RiskEpisodeRepository episodes,
            CaringContactRepository contacts,
            ClientRepository clients,
            Outbox outbox,
            TemplateBank templates,
            TriageProperties triage,
            AuditTrail audit,
            CheckinMessages engine,
            Clock clock,
            @Value("${bsc.checkins.caring-contacts.enabled:false}") boolean enabled,
            @Value("${bsc.checkins.caring-contacts.period:P365D}") Duration period) {
        this.episodes = episodes;
        this.contacts = contacts;
        this.clients = clients;
        this.outbox = outbox;
        this.templates = templates;
        this.triage = triage;
        this.audit = audit;
        this.engine = engine;
        this.clock = clock;
        this.enabled = enabled;
        this.period = period;
    }

    /** Within the lowering's transaction: caring contacts start after commit, if enabled. */
    @Transactional(propagation = Propagation.MANDATORY)
    void riskLowered(RiskEpisode episode, String by) {
        if (!enabled) {
            return;
        }
        Instant until = episode.getEndedAt().plus(period);
        episode.caringContactsUntil(until);
        audit.record(
                by,
                "CARING_CONTACTS_STARTED",
                "CLIENT",
                episode.getClientId(),
                Map.of("episodeId", episode.getId().toString(), "until", until.toString()));
        AfterCommit.run(() -> engine.publishCaringStarted(episode));
    }

    /** Within a raise, termination or transfer: earlier caring contacts of the client end. */
    @Transactional(propagation = Propagation.MANDATORY)
    void endFor(UUID clientId, String reason, String by) {
        for (RiskEpisode episode : episodes.findWithCaringContacts(clientId)) {
            episode.caringContactsEnded(now());
            audit.record(
                    by,
                    "CARING_CONTACTS_ENDED",
                    "CLIENT",
                    clientId,
                    Map.of("episodeId", episode.getId().toString(), "reason", reason));
            AfterCommit.run(() -> engine.publishCaringEnded(clientId));
        }
    }

    public record CaringScheduled(String caringContactId, String caringContactDueAt, boolean caringContactsComplete) {}

    /**
     * ScheduleCaringContactTask: contact {@code number} is due {@code after} the previous one (the
     * first: after the risk was lowered), unless that is past the end; stored once.
     */
    @Transactional
    public CaringScheduled schedule(UUID episodeId, int number, Duration after, long processInstanceKey) {
        RiskEpisode episode = episode(episodeId);
        if (episode.getCaringProcessInstanceKey() == null) {
            episode.caringStartedAs(processInstanceKey);
        }
        Optional<CaringContact> stored = contacts.findByEpisodeIdAndNumber(episodeId, number);
        if (stored.isPresent()) {
            return new CaringScheduled(
                    stored.get().getId().toString(), stored.get().getDueAt().toString(), false);
        }
        Instant anchor = contacts.findByEpisodeIdAndNumber(episodeId, number - 1)
                .map(CaringContact::getDueAt)
                .orElse(episode.getEndedAt());
        Instant due = anchor.plus(after);
        if (episode.getCaringContactsEndedAt() != null
                || episode.getCaringContactsUntil() == null
                || due.isAfter(episode.getCaringContactsUntil())) {
            return new CaringScheduled(null, null, true);
        }
        CaringContact contact = contacts.saveAndFlush(new CaringContact(episodeId, episode.getClientId(), number, due));
        return new CaringScheduled(contact.getId().toString(), due.toString(), false);
    }

    public record CaringSent(int caringContactNumber) {}

    /** SendCaringContactTask: the message (outbox key per contact), in the client's language. */
    @Transactional
    public CaringSent send(UUID contactId) {
        CaringContact contact = contacts.findById(contactId)
                .orElseThrow(() -> new IllegalStateException("No caring contact " + contactId));
        if (contact.getSentAt() == null) {
            contact.sent(now());
            RiskEpisode episode = episode(contact.getEpisodeId());
            Client client = clients.findById(contact.getClientId()).orElseThrow();
            if (episode.getCaringContactsEndedAt() == null && client.getStatus() != ClientStatus.TERMINATED) {
                String language = "es".equals(client.getPreferredLanguage()) ? "es" : "en";
                outbox.enqueue(new Outbox.Notification(
                        "caring-contact:" + contactId,
                        SafetyPlanCheckins.deliveryChannel(client),
                        client.getId(),
                        TEMPLATE,
                        language,
                        templates.render(TEMPLATE, language, Map.of("emergencyNumber", triage.emergencyNumber()))));
                audit.record(
                        SafetyPlanCheckins.ACTOR,
                        "CARING_CONTACT_SENT",
                        "CLIENT",
                        client.getId(),
                        Map.of("episodeId", episode.getId().toString(), "number", contact.getNumber()));
            }
        }
        return new CaringSent(contact.getNumber() + 1);
    }

    // ---- Reconciliation ----

    @Transactional(readOnly = true)
    public List<SafetyPlanCheckins.OpenEpisode> runningInEngine(int limit) {
        return episodes.findCaringContactsRunning(now(), PageRequest.ofSize(limit)).stream()
                .map(e -> new SafetyPlanCheckins.OpenEpisode(
                        e.getId(), e.getClientId(), e.getCaringProcessInstanceKey(), e.getEndedAt()))
                .toList();
    }

    /** As {@link SafetyPlanCheckins#whileLocked}, for an episode's caring contacts. */
    public <T> Optional<T> whileLocked(UUID episodeId, Long lostKey, Function<RiskEpisode, T> action) {
        RiskEpisode episode = episodes.findForUpdate(episodeId).orElse(null);
        if (episode == null
                || !episode.caringContactsRunning(now())
                || !Objects.equals(episode.getCaringProcessInstanceKey(), lostKey)) {
            return Optional.empty();
        }
        return Optional.ofNullable(action.apply(episode));
    }

    /**
     * A new caring-contacts instance from the next contact not sent (its stored due time, or the next
     * one's); the new key is stored at once. Returns it.
     */
    public long redrive(RiskEpisode episode) {
        List<CaringContact> all = contacts.findByEpisodeIdOrderByNumberAsc(episode.getId());
        CaringContact last = all.isEmpty() ? null : all.getLast();
        int number = last == null ? 1 : last.getSentAt() == null ? last.getNumber() : last.getNumber() + 1;
        Map<String, Object> variables = new HashMap<>();
        variables.put("clientId", episode.getClientId().toString());
        variables.put("episodeId", episode.getId().toString());
        variables.put("caringContactNumber", number);
        variables.put("resumed", true);
        long key = engine.startCaringResumed(variables);
        episode.caringStartedAs(key);
        return key;
    }

    private RiskEpisode episode(UUID id) {
        return episodes.findById(id).orElseThrow(() -> new IllegalStateException("No episode " + id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
