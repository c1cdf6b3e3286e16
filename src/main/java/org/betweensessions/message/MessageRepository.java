package org.betweensessions.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MessageRepository extends JpaRepository<Message, UUID> {

  Optional<Message> findByChannelAndExternalId(Channel channel, String externalId);

  List<Message> findByInReplyToIdOrderByCreatedAtAsc(UUID inReplyToId);

  List<Message> findTop100ByStatusAndCreatedAtBeforeOrderByCreatedAtAsc(MessageStatus status,
      Instant before);
}
