package org.betweensessions.labels;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientAccess;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.clinician.Clinician;
import org.betweensessions.clinician.ClinicianRepository;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.practice.PracticeRepository;
import org.betweensessions.security.CurrentUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a person recognises on a task's form, instead of a 36-character id: who (the client's
 * initials in process variables, so in Tasklist and Operate; the full name only in the workspace),
 * the channel, when it arrived and when it is due, in the assignee's time zone, and the link to the
 * message in the workspace ({@code bsc.workspace.public-url}). Never message text. The workers put
 * these into process variables for the forms.
 */
@Component
public class TaskLabels {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);

    private final MessageRepository messages;
    private final ClientRepository clients;
    private final ClinicianRepository clinicians;
    private final PracticeRepository practices;
    private final ClientAccess access;
    private final String publicUrl;

    TaskLabels(
            MessageRepository messages,
            ClientRepository clients,
            ClinicianRepository clinicians,
            PracticeRepository practices,
            ClientAccess access,
            @Value("${bsc.workspace.public-url:http://localhost:8080}") String publicUrl) {
        this.messages = messages;
        this.clients = clients;
        this.clinicians = clinicians;
        this.practices = practices;
        this.access = access;
        this.publicUrl =
                (publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl).replaceAll("/+$", "");
    }

    /** The zone {@code username} reads times in (a clinician's own, everyone else's practice's). */
    @Transactional(readOnly = true)
    public ZoneId zoneOf(String username) {
        try {
            return clinicians
                    .findByUsername(username)
                    .map(Clinician::getTimeZone)
                    .orElseGet(() -> practices
                            .findById(access.practiceOf(new CurrentUser(username, null)))
                            .map(p -> p.getTimeZone())
                            .orElse(ZoneId.of("UTC")));
        } catch (RuntimeException notAStaffMember) {
            return ZoneId.of("UTC");
        }
    }

    /** "Thu 4 Dec, 17:00 EST" in {@code username}'s zone; empty for no time. */
    public String local(Instant at, String username) {
        if (at == null) {
            return "";
        }
        ZoneId zone = zoneOf(username);
        return LOCAL.format(at.atZone(zone)) + " " + zone.getDisplayName(TextStyle.SHORT_STANDALONE, Locale.ENGLISH);
    }

    /**
     * clientLabel (initials), channelLabel, arrivedLabel and workspaceLink of a message, for process
     * variables read by the task forms.
     */
    @Transactional(readOnly = true)
    public Map<String, String> ofMessage(UUID messageId, String assignee) {
        Map<String, String> labels = new LinkedHashMap<>();
        Optional<Message> message = messages.findById(messageId);
        Optional<Client> client = message.map(Message::getClientId).flatMap(clients::findById);
        labels.put("clientLabel", client.map(Client::getInitials).orElse("Unknown sender"));
        message.ifPresent(m -> {
            String channel = m.getChannel().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            labels.put("channelLabel", Character.toUpperCase(channel.charAt(0)) + channel.substring(1));
            labels.put("arrivedLabel", local(m.getReceivedAt(), assignee));
        });
        labels.put("workspaceLink", link(messageId));
        return labels;
    }

    public String link(UUID messageId) {
        return publicUrl + "/messages/" + messageId;
    }
}
