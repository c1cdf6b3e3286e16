package org.betweensessions.triage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.CareTeam;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.message.Channel;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.outbox.Outbox;
import org.betweensessions.policy.Policies;
import org.betweensessions.policy.PolicyDocument;
import org.betweensessions.policy.PolicyDocument.ContactPurpose;
import org.betweensessions.practice.ReferralProperties;
import org.betweensessions.practice.StaffMemberRepository;
import org.betweensessions.templates.TemplateBank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Automatic replies to clients, rendered from the template bank in the client's language and stored
 * (encrypted) as outbound messages: that row is the outbox a channel adapter delivers from. One reply
 * per message and template, however often the engine asks.
 */
@Service
public class AutoReplies {

    private static final Logger LOG = LoggerFactory.getLogger(AutoReplies.class);

    private final MessageRepository messages;
    private final ClientRepository clients;
    private final CareTeam careTeam;
    private final Policies policies;
    private final TemplateBank templates;
    private final TriageProperties properties;
    private final Clock clock;
    private final Outbox outbox;
    private final ReferralProperties referrals;
    private final StaffMemberRepository staff;

    AutoReplies(
            MessageRepository messages,
            ClientRepository clients,
            CareTeam careTeam,
            Policies policies,
            TemplateBank templates,
            TriageProperties properties,
            Clock clock,
            Outbox outbox,
            ReferralProperties referrals,
            StaffMemberRepository staff) {
        this.outbox = outbox;
        this.referrals = referrals;
        this.staff = staff;
        this.messages = messages;
        this.clients = clients;
        this.careTeam = careTeam;
        this.policies = policies;
        this.templates = templates;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Message send(UUID messageId, String templateKey) {
        Message original = messages.findById(messageId).orElseThrow();
        String externalId = "auto-" + original.getId() + "-" + templateKey;
        Optional<Message> sent = messages.findByChannelAndExternalId(original.getChannel(), externalId);
        if (sent.isPresent()) {
            return sent.get();
        }
        Client client = original.getClientId() == null
                ? null
                : clients.findById(original.getClientId()).orElseThrow();
        String language = client == null ? "en" : client.getPreferredLanguage();
        String body = templates.render(templateKey, language, values(original, client, language));
        Message reply = messages.save(Message.autoReply(original, templateKey, body, clock.instant()));
        if (client != null) {
            // Delivered by the same outbox as every other client notification; the message row is the
            // conversation's record. Unknown senders have no client to deliver to: the coordinator answers.
            outbox.enqueue(new Outbox.Notification(
                    "auto-reply:" + messageId + ":" + templateKey,
                    original.getChannel(),
                    client.getId(),
                    templateKey,
                    language,
                    body));
        }
        LOG.info("Auto-reply {} for message {} queued on {}", templateKey, messageId, original.getChannel());
        return reply;
    }

    private Map<String, String> values(Message original, Client client, String language) {
        Map<String, String> v = new HashMap<>();
        v.put("emergencyNumber", properties.emergencyNumber());
        v.put("coveringLine", "");
        // The practice's referral list (configuration): former clients are referred on.
        v.put("referrals", referrals.asList());
        if (client == null) {
            v.put("practiceContact", "the practice office");
            v.put("approvedChannel", "the secure client portal");
            v.put("responseBy", "es".equals(language) ? "el próximo día hábil" : "by the next business day");
            return v;
        }
        PolicyDocument policy = policies.effective(client.getPracticeId(), client.getClinicianId())
                .getDocument();
        v.put(
                "approvedChannel",
                policy.channelsOffered().stream()
                        .filter(c -> c.purposes().contains(ContactPurpose.CLINICAL_CHECK_IN)
                                && c.channel().isInbound())
                        .findFirst()
                        .map(c -> channelName(c.channel(), language) + " (" + c.contact() + ")")
                        .orElse(channelName(policy.channelsOffered().getFirst().channel(), language)));
        v.put(
                "practiceContact",
                policy.channelsOffered().stream()
                        .filter(c -> c.purposes().contains(ContactPurpose.ADMINISTRATIVE))
                        .map(PolicyDocument.OfferedChannel::contact)
                        .findFirst()
                        .orElse("the practice office"));
        CareTeam.Team team = careTeam.forClinician(client.getClinicianId(), client.getPracticeId());
        ZoneId zone = team.responsible().getTimeZone();
        v.put(
                "responseBy",
                original.getDueAt() == null ? nextSession(language) : responseBy(original.getDueAt(), zone, language));
        if (team.onLeave()) {
            v.putAll(awayValues(team, v.get("practiceContact"), language));
            v.put("coveringLine", templates.render("crisis.covering-line", language, v));
        }
        return v;
    }

    /**
     * The dates of the leave and who covers (the supervisor, with the practice's contact, when the
     * covering clinician became unavailable), for the auto-replies during a leave.
     */
    private Map<String, String> awayValues(CareTeam.Team team, String practiceContact, String language) {
        Map<String, String> v = new HashMap<>();
        Clinician covering = team.responsible();
        String coverUsername = team.leave().map(l -> l.getCoverUsername()).orElse(null);
        if (coverUsername != null) {
            v.put("coveringName", staffName(coverUsername));
            v.put("coveringContact", practiceContact);
        } else {
            v.put("coveringName", covering.getStaffMember().getDisplayName());
            v.put(
                    "coveringContact",
                    covering.getWorkPhone() == null ? covering.getWorkEmail() : covering.getWorkPhone());
        }
        team.leave().ifPresent(l -> {
            v.put("startDate", day(l.getStartsOn(), language));
            v.put("returnDate", day(l.getEndsOn().plusDays(1), language));
        });
        return v;
    }

    private String staffName(String username) {
        return staff.findByUsername(username).map(s -> s.getDisplayName()).orElse(username);
    }

    /** "Monday, January 4" / "lunes 4 de enero". */
    public static String day(LocalDate date, String language) {
        boolean es = "es".equals(language);
        return DateTimeFormatter.ofPattern(
                        es ? "EEEE d 'de' MMMM" : "EEEE, MMMM d", es ? Locale.forLanguageTag("es") : Locale.US)
                .format(date);
    }

    private static String nextSession(String language) {
        return "es".equals(language) ? "en nuestra próxima sesión" : "at our next session";
    }

    /**
     * When the answer will come, with its preposition, as a client reads it: "by Tuesday, December 8,
     * 10:00 AM (Eastern Time)" / "antes del martes 8 de diciembre a las 10:00 (hora del este)". The
     * zone is named as people say it (CLDR's generic name), not as a zone id.
     */
    static String responseBy(Instant due, ZoneId zone, String language) {
        boolean es = "es".equals(language);
        Locale locale = es ? Locale.forLanguageTag("es") : Locale.US;
        String pattern = es ? "EEEE d 'de' MMMM 'a las' H:mm" : "EEEE, MMMM d, h:mm a";
        String zoneName = DateTimeFormatter.ofPattern("vvvv", locale).format(due.atZone(zone));
        return (es ? "antes del " : "by ")
                + DateTimeFormatter.ofPattern(pattern, locale).format(due.atZone(zone))
                + " (" + zoneName + ")";
    }

    private static String channelName(Channel channel, String language) {
        boolean es = "es".equals(language);
        return switch (channel) {
            case PORTAL -> es ? "el portal seguro para clientes" : "the secure client portal";
            case EMAIL -> es ? "el correo cifrado de la consulta" : "the practice's encrypted email";
            case SMS -> es ? "mensajes de texto" : "text messages";
            default -> channel.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
