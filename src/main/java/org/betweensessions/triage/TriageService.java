package org.betweensessions.triage;

import java.util.Map;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.ClinicianCalendars;
import org.betweensessions.consent.ConsentService;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.policy.Policies;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.triage.screening.TriageClassifier;
import org.betweensessions.triage.screening.TriageResult;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Screens a stored message (crisis first) and gathers the facts the practice's routing table
 * decides on. The engine gets ids, categories and yes/no facts; the text stays here.
 */
@Service
public class TriageService {

    private final MessageRepository messages;
    private final ClientRepository clients;
    private final ConsentService consent;
    private final CareTeam careTeam;
    private final ClinicianCalendars calendars;
    private final Policies policies;
    private final PracticeRepository practices;
    private final ObjectProvider<TriageClassifier> classifier;
    private final AuditTrail audit;
    private final Modality modality;

    TriageService(
            MessageRepository messages,
            ClientRepository clients,
            ConsentService consent,
            CareTeam careTeam,
            ClinicianCalendars calendars,
            Policies policies,
            PracticeRepository practices,
            ObjectProvider<TriageClassifier> classifier,
            AuditTrail audit,
            Modality modality) {
        this.messages = messages;
        this.clients = clients;
        this.consent = consent;
        this.careTeam = careTeam;
        this.calendars = calendars;
        this.policies = policies;
        this.practices = practices;
        this.classifier = classifier;
        this.audit = audit;
        this.modality = modality;
    }

    /**
     * What triage found. {@code clientStatus} is ACTIVE, INTAKE, TERMINATED or UNKNOWN (no client
     * matched the sender). A clinician's leave shows in {@code clinicianAssignee}: the covering
     * clinician during leave. {@code modality} is the client's modality exception (STANDARD,
     * DBT_SKILLS_COACHING, OPEN_INBOX; see {@link Modality}).
     */
    public record Screening(
            String category,
            String crisisKind,
            boolean crisis,
            boolean framedAsUrgent,
            String clientStatus,
            boolean consented,
            boolean channelAllowed,
            boolean inOfficeHours,
            String clinicianAssignee,
            String escalationAssignee,
            String supervisorAssignee,
            String coordinatorAssignee,
            String language,
            String modality) {}

    /** Idempotent: screening the same message twice records the same outcome once. */
    @Transactional
    public Screening screen(UUID messageId, long processInstanceKey) {
        Message message =
                messages.findById(messageId).orElseThrow(() -> new IllegalStateException("No message " + messageId));
        Client client = message.getClientId() == null
                ? null
                : clients.findById(message.getClientId()).orElseThrow();
        String language = client == null ? null : client.getPreferredLanguage();

        String category;
        String crisisKind;
        boolean crisis;
        boolean framedAsUrgent;
        if (message.getCategory() != null) {
            // Screened before: an instance rebuilt after a restart (or a job run again) keeps the stored
            // classification, even if the classifier has changed since. Only the instance key moves on.
            category = message.getCategory();
            crisisKind = message.getCrisisKind();
            crisis = "CRISIS".equals(category);
            framedAsUrgent = message.isFramedAsUrgent();
            message.screened(
                    processInstanceKey,
                    category,
                    crisisKind,
                    message.getSignals(),
                    message.getLexiconVersion(),
                    framedAsUrgent);
        } else {
            TriageResult result = classifier.getObject().classify(message.getBody(), language);
            category = result.category().name();
            crisisKind =
                    result.crisisKind() == null ? null : result.crisisKind().name();
            crisis = result.isCrisis();
            framedAsUrgent = result.framedAsUrgent();
            message.screened(
                    processInstanceKey,
                    category,
                    crisisKind,
                    result.signals(),
                    result.lexiconVersion(),
                    framedAsUrgent);
            if (crisis) {
                audit.recordOnce(
                        "triage",
                        "CRISIS_DETECTED",
                        "MESSAGE",
                        messageId,
                        Map.of(
                                "crisisKind",
                                crisisKind,
                                "signals",
                                result.signals(),
                                "lexiconVersion",
                                result.lexiconVersion(),
                                "crisisProbability",
                                String.valueOf(result.crisisProbability()),
                                "clientId",
                                String.valueOf(message.getClientId())));
            }
        }

        if (client == null) {
            UUID practiceId = practices.primary().getId();
            String supervisor = careTeam.supervisorOf(practiceId);
            audit.recordOnce(
                    "triage",
                    "UNKNOWN_SENDER",
                    "MESSAGE",
                    messageId,
                    Map.of("channel", message.getChannel().name()));
            return new Screening(
                    category,
                    crisisKind,
                    crisis,
                    framedAsUrgent,
                    "UNKNOWN",
                    false,
                    true,
                    true,
                    supervisor,
                    supervisor,
                    supervisor,
                    careTeam.coordinatorOf(practiceId),
                    language == null ? "en" : language,
                    Modality.STANDARD);
        }

        CareTeam.Team team = careTeam.forClinician(client.getClinicianId(), client.getPracticeId());
        PolicyDocument policy = policies.effective(client.getPracticeId(), client.getClinicianId())
                .getDocument();
        boolean channelAllowed = policy.channelsOffered().stream().anyMatch(c -> c.channel() == message.getChannel());
        if (!channelAllowed) {
            audit.recordOnce(
                    "triage",
                    "OFF_POLICY_CHANNEL",
                    "MESSAGE",
                    messageId,
                    Map.of(
                            "channel",
                            message.getChannel().name(),
                            "clientId",
                            client.getId().toString()));
        }
        // During a leave, whoever answers this category: the covering clinician (or the supervisor
        // covering for them), or the clinician after the return when the coverage keeps it for them.
        // While the clinician is away, the away reply (Routing) tells the client when the answer comes
        // and from whom, so the after-hours reply is not sent as well.
        boolean inOfficeHours = (team.onLeave() && !crisis)
                || calendars.of(team.answersCategory(category)).isOpen(message.getReceivedAt());
        return new Screening(
                category,
                crisisKind,
                crisis,
                framedAsUrgent,
                client.getStatus().name(),
                consent.hasCurrentConsent(client.getId()),
                channelAllowed,
                inOfficeHours,
                team.ownClinician().getStaffMember().hasLeft()
                        ? careTeam.responsibleFor(client.getClinicianId())
                        : crisis ? team.answerer() : team.answererOf(category),
                team.escalation().map(c -> c.getUsername()).orElse(team.supervisor()),
                team.supervisor(),
                team.coordinator(),
                client.getPreferredLanguage(),
                modality.of(client.getId(), policy));
    }
}
