package org.betweensessions.checkins;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.EmergencyContact;
import org.betweensessions.client.EmergencyContactDetails;
import org.betweensessions.client.EmergencyContactRecords;
import org.betweensessions.client.EmergencyContactRepository;
import org.betweensessions.message.Channel;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.templates.TemplateBank;
import org.betweensessions.triage.TriageProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A client's emergency contact: recorded at intake or later by the clinician, and told after a
 * missed check-in when (and only when) the client consented to that. The message says nothing
 * clinical: only that the care team cannot reach the client and asks them to get in touch.
 */
@Service
public class EmergencyContacts {

    static final String TEMPLATE = "checkin.emergency-contact";

    private final EmergencyContactRepository contacts;
    private final EmergencyContactRecords records;
    private final Outbox outbox;
    private final TemplateBank templates;
    private final TriageProperties triage;
    private final AuditTrail audit;
    private final Clock clock;

    EmergencyContacts(
            EmergencyContactRepository contacts,
            EmergencyContactRecords records,
            Outbox outbox,
            TemplateBank templates,
            TriageProperties triage,
            AuditTrail audit,
            Clock clock) {
        this.contacts = contacts;
        this.records = records;
        this.outbox = outbox;
        this.templates = templates;
        this.triage = triage;
        this.audit = audit;
        this.clock = clock;
    }

    /** Records (or replaces) the client's emergency contact; audited without the details. */
    public EmergencyContact record(Client client, EmergencyContactDetails details, String by) {
        return records.record(client.getId(), details, by);
    }

    /** Removes the emergency contact (the client withdrew it); false if there was none. */
    @Transactional
    public boolean remove(Client client, String by) {
        return contacts.findById(client.getId())
                .map(c -> {
                    contacts.delete(c);
                    audit.record(by, "EMERGENCY_CONTACT_REMOVED", "CLIENT", client.getId(), Map.of());
                    return true;
                })
                .orElse(false);
    }

    @Transactional(readOnly = true)
    public Optional<EmergencyContact> of(UUID clientId) {
        return contacts.findById(clientId);
    }

    /**
     * One outreach attempt after a missed check-in, to the emergency contact too: only if the client
     * consented and there is an address. E-mail if known, else SMS; in the client's language; through
     * the outbox under {@code key} (once per attempt). Joins the caller's transaction.
     */
    @Transactional
    public Optional<Channel> outreach(Client client, String key, UUID checkinId, int attempt) {
        EmergencyContact contact = contacts.findById(client.getId()).orElse(null);
        if (contact == null
                || !contact.isConsentToContact()
                || (contact.getEmail() == null && contact.getPhone() == null)) {
            return Optional.empty();
        }
        Channel channel = contact.getEmail() != null ? Channel.EMAIL : Channel.SMS;
        String language = "es".equals(client.getPreferredLanguage()) ? "es" : "en";
        var enqueued = outbox.enqueue(new Outbox.Notification(
                key,
                channel,
                client.getId(),
                TEMPLATE,
                language,
                templates.render(
                        TEMPLATE,
                        language,
                        Map.of(
                                "contactName",
                                contact.getName(),
                                "clientName",
                                client.getDisplayName(),
                                "emergencyNumber",
                                triage.emergencyNumber())),
                Outbox.Recipient.EMERGENCY_CONTACT));
        if (enqueued.created()) {
            audit.record(
                    SafetyPlanCheckins.ACTOR,
                    "EMERGENCY_CONTACT_OUTREACH",
                    "CLIENT",
                    client.getId(),
                    Map.of("checkinId", checkinId.toString(), "attempt", attempt, "channel", channel.name()));
        }
        return Optional.of(channel);
    }
}
