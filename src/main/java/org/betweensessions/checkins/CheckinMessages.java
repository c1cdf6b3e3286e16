package org.betweensessions.checkins;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.message.Direction;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.engine.EngineMessages;
import org.betweensessions.engine.EngineMessages.EngineMessage;
import org.betweensessions.process.ProcessIds;
import org.springframework.stereotype.Component;

/**
 * The BPMN messages of safety-plan-checkins, all correlated by client id (one open episode per
 * client): the start, the client's reply to a check-in, and the end. Ids and categories only.
 */
@Component
public class CheckinMessages {

  /** A start or end waits for the engine this long (buffered); a client's reply does not wait. */
  private static final Duration BUFFERED = Duration.ofHours(1);

  private final EngineMessages engine;
  private final MessageRepository messages;
  private final org.betweensessions.client.ClientRepository clients;

  CheckinMessages(EngineMessages engine, MessageRepository messages,
      org.betweensessions.client.ClientRepository clients) {
    this.engine = engine;
    this.messages = messages;
    this.clients = clients;
  }

  /** After screening (ScreenMessageTask): an inbound message of a known client may answer a check-in. */
  public void messageScreened(UUID messageId) {
    messages.findById(messageId)
        .filter(m -> m.getDirection() == Direction.INBOUND && m.getClientId() != null)
        .ifPresent(m -> publishClientWrote(m.getClientId(), m.getId()));
  }



  void publishRaised(RiskEpisode episode) {
    Map<String, Object> variables = new java.util.HashMap<>();
    variables.put("clientId", episode.getClientId().toString());
    // What the task forms show in Tasklist instead of the id.
    clients.findById(episode.getClientId())
        .ifPresent(c -> variables.put("clientLabel", c.getInitials()));
    variables.put("episodeId", episode.getId().toString());
    variables.put("modality", episode.getModality());
    variables.put("cssrsLevel", episode.getCssrsLevel() == null ? null
        : episode.getCssrsLevel().name());
    publish(ProcessIds.CLIENT_RAISED_TO_HIGH_RISK, episode.getClientId(),
        "risk-raised:" + episode.getId(), BUFFERED, variables);
  }

  void publishEnded(UUID clientId, EndReason reason) {
    // Not buffered: a client raised again soon after must not start a new instance that ends at once.
    // If the engine misses it, the instance's next step finds the episode ended in the database.
    publish(ProcessIds.SAFETY_CHECKINS_ENDED, clientId, null, Duration.ZERO,
        Map.of("endReason", reason.name()));
  }

  /**
   * Any inbound message of the client: an open check-in (or outreach) waiting for a reply hears of
   * it; with nothing waiting it is dropped (no time to live). If this is lost, the reply window's
   * end finds the message in the database.
   */
  public void publishClientWrote(UUID clientId, UUID messageId) {
    publish(ProcessIds.CLIENT_WROTE, clientId, "client-wrote:" + messageId, Duration.ZERO,
        Map.of("replyMessageId", messageId.toString()));
  }

  private void publish(String name, UUID clientId, String messageId, Duration ttl,
      Map<String, Object> variables) {
    engine.publish(new EngineMessage(name, clientId.toString(), messageId, ttl, variables));
  }
}
