package org.betweensessions.checkins;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface PostCrisisReviewRepository extends JpaRepository<PostCrisisReview, UUID> {

    Optional<PostCrisisReview> findByMessageId(UUID messageId);

    List<PostCrisisReview> findByEpisodeIdOrderByRequestedAtAsc(UUID episodeId);

    /** Open reviews of the given assignee (the workspace's "My work"). */
    List<PostCrisisReview> findByAssigneeAndReviewedAtIsNullOrderByDueAtAsc(String assignee);

    /** The client's crisis messages since {@code since} (a rebuilt instance hears of each again). */
    @Query("select m.id from Message m where m.clientId = ?1"
            + " and m.direction = org.betweensessions.message.Direction.INBOUND"
            + " and m.category = 'CRISIS' and m.receivedAt >= ?2 order by m.receivedAt asc")
    List<UUID> crisisMessagesSince(UUID clientId, Instant since);
}
