package org.betweensessions.workspace;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.betweensessions.client.Client;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.message.Message;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.security.CurrentUser;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a person recognises on a task's form, instead of a 36-character id: who (the client's
 * initials in process variables, so in Tasklist and Operate; the full name only in the workspace),
 * the channel, when it arrived and when it is due, in the assignee's time zone, and the link to the
 * message in the workspace. Never message text.
 */
@Component
public class TaskLabels {

  private final MessageRepository messages;
  private final ClientRepository clients;
  private final MyWork work;
  private final WorkspaceProperties workspace;

  TaskLabels(MessageRepository messages, ClientRepository clients, MyWork work,
      WorkspaceProperties workspace) {
    this.messages = messages;
    this.clients = clients;
    this.work = work;
    this.workspace = workspace;
  }

  /** The zone {@code username} reads times in (a clinician's own, everyone else's practice's). */
  public ZoneId zoneOf(String username) {
    try {
      return work.zoneOf(new CurrentUser(username, null));
    } catch (RuntimeException notAStaffMember) {
      return ZoneId.of("UTC");
    }
  }

  /** "Thu 4 Dec, 17:00 EST" in {@code username}'s zone; empty for no time. */
  public String local(Instant at, String username) {
    return Times.local(at, zoneOf(username));
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
    labels.put("clientLabel", client.map(Client::getInitials)
        .orElse("Unknown sender"));
    message.ifPresent(m -> {
      labels.put("channelLabel", MyWork.words(m.getChannel().name()));
      labels.put("arrivedLabel", local(m.getReceivedAt(), assignee));
    });
    labels.put("workspaceLink", link(messageId));
    return labels;
  }

  public String link(UUID messageId) {
    return workspace.publicUrl() + "/messages/" + messageId;
  }
}
