package org.betweensessions.sla;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.betweensessions.audit.AuditTrail;
import org.betweensessions.message.Direction;
import org.betweensessions.message.MessageRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When an answer task (RespondToMessageTask, HandleAdministrativeMessageTask) may count as answered:
 * a reply is stored (written in the workspace or through the API, which completes the task), or the
 * person chose an explicit outcome on the form: answered by phone, passed to the clinician (the
 * coordinator's), or no answer needed with a reason. Any other completion (an older form's "reply
 * sent through the portal" with no reply stored, a form left empty) is refused: the task comes back.
 */
@Service
public class AnswerOutcome {

    /** Outcomes of the answer forms ({@code answerOutcome}). */
    public static final String PHONE = "PHONE";

    public static final String PASSED_TO_CLINICIAN = "PASSED_TO_CLINICIAN";
    public static final String NO_ANSWER_NEEDED = "NO_ANSWER_NEEDED";

    /** Why no answer is needed ({@code noAnswerReason}), as the forms offer them. */
    public static final Set<String> NO_ANSWER_REASONS =
            Set.of("DISCUSS_IN_NEXT_SESSION", "CLIENT_RESOLVED_IT", "ANSWERED_IN_ANOTHER_MESSAGE", "INFORMATION_ONLY");

    private final MessageRepository messages;
    private final AuditTrail audit;

    AnswerOutcome(MessageRepository messages, AuditTrail audit) {
        this.messages = messages;
        this.audit = audit;
    }

    /** A reply written by a person (not an automatic reply) is stored for this message. */
    @Transactional(readOnly = true)
    public boolean replyStored(UUID messageId) {
        return messages.findByInReplyToIdOrderByCreatedAtAsc(messageId).stream()
                .anyMatch(r -> r.getDirection() == Direction.OUTBOUND
                        && r.getSentBy() != null
                        && !r.isAutomaticReply()); // an after-hours auto-reply answers nothing
    }

    /**
     * Why this completion does not count as an answer, in words for the person; empty when it does.
     * {@code outcome} and {@code reason} are the form's fields.
     */
    public Optional<String> problem(UUID messageId, String outcome, String reason) {
        if (replyStored(messageId)) {
            return Optional.empty();
        }
        if (PHONE.equals(outcome) || PASSED_TO_CLINICIAN.equals(outcome)) {
            return Optional.empty();
        }
        if (NO_ANSWER_NEEDED.equals(outcome) || "NEXT_SESSION".equals(outcome)) {
            return "NEXT_SESSION".equals(outcome) || (reason != null && NO_ANSWER_REASONS.contains(reason))
                    ? Optional.empty()
                    : Optional.of("Say why no answer is needed.");
        }
        return Optional.of("No reply is stored for this message. Write the reply in the practice"
                + " workspace (sending it completes this task), or choose how it was answered:"
                + " by phone, or no answer needed with a reason.");
    }

    /**
     * Records how the task was completed: audited (who, outcome, reason; never text). Returns the
     * problem when it does not count as an answer (audited too), else empty.
     */
    @Transactional
    public Optional<String> record(UUID messageId, String by, String outcome, String reason) {
        // The message row locked first: a reply completes the task inside its own transaction, so this
        // waits for that commit and then sees the reply.
        messages.findForUpdate(messageId);
        Optional<String> problem = problem(messageId, outcome, reason);
        if (problem.isPresent()) {
            audit.record(
                    by == null ? "engine" : by,
                    "ANSWER_TASK_COMPLETED_WITHOUT_ANSWER",
                    "MESSAGE",
                    messageId,
                    Map.of("outcome", String.valueOf(outcome)));
        } else if (!replyStored(messageId)) {
            audit.recordOnce(
                    by == null ? "engine" : by,
                    "ANSWERED_OUTSIDE_APPLICATION",
                    "MESSAGE",
                    messageId,
                    Map.of(
                            "outcome",
                            outcome,
                            "reason",
                            "NEXT_SESSION".equals(outcome) ? "DISCUSS_IN_NEXT_SESSION" : String.valueOf(reason)));
        }
        return problem;
    }
}
