package org.betweensessions.checkins;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SafetyCheckinRepository extends JpaRepository<SafetyCheckin, UUID> {

    Optional<SafetyCheckin> findByEpisodeIdAndNumber(UUID episodeId, int number);

    List<SafetyCheckin> findByEpisodeIdOrderByNumberAsc(UUID episodeId);

    Optional<SafetyCheckin> findFirstByEpisodeIdOrderByNumberDesc(UUID episodeId);

    /** Welfare decisions waiting for {@code assignee} (the workspace's "My work"). */
    List<SafetyCheckin> findByWelfareAssigneeAndWelfareOutcomeIsNullAndClosedAtIsNull(String assignee);

    /** Check-in calls waiting for {@code assignee} (the workspace's "My work"). */
    List<SafetyCheckin> findByCallAssigneeAndCallOutcomeIsNullAndMissedAtIsNullAndClosedAtIsNull(String assignee);
}
