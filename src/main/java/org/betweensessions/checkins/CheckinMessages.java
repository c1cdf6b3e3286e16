package org.betweensessions.checkins;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.betweensessions.checkins.RiskEpisode.EndReason;
import org.betweensessions.client.ClientRepository;
import org.betweensessions.engine.EngineMessages;
import org.betweensessions.engine.EngineMessages.EngineMessage;
import org.betweensessions.engine.UserTasks;
import org.betweensessions.message.Direction;
import org.betweensessions.message.MessageRepository;
import org.betweensessions.process.ProcessIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The BPMN messages of safety-plan-checkins, all correlated by client id (one open episode per
 * client): the start, the client's reply to a check-in, and the end. Ids and categories only.
 */
@Component
public class CheckinMessages {

    private static final Logger LOG = LoggerFactory.getLogger(CheckinMessages.class);

    /** A start or end waits for the engine this long (buffered); a client's reply does not wait. */
    private static final Duration BUFFERED = Duration.ofHours(1);

    private final EngineMessages engine;
    private final ObjectProvider<CamundaClient> camunda;
    private final MessageRepository messages;
    private final ClientRepository clients;
    private final ObjectProvider<UserTasks> userTasks;

    CheckinMessages(
            EngineMessages engine,
            ObjectProvider<CamundaClient> camunda,
            MessageRepository messages,
            ClientRepository clients,
            ObjectProvider<UserTasks> userTasks) {
        this.engine = engine;
        this.camunda = camunda;
        this.messages = messages;
        this.clients = clients;
        this.userTasks = userTasks;
    }

    /** The check-ins' user tasks, all the responsible clinician's work. */
    private static final List<String> CLINICIAN_TASKS = List.of(
            ProcessIds.REVIEW_SAFETY_PLAN_TASK,
            ProcessIds.RE_RATE_RISK_TASK,
            ProcessIds.CHECKIN_CALL_TASK,
            ProcessIds.CALL_CLIENT_FOR_OUTREACH_TASK,
            ProcessIds.POST_CRISIS_REVIEW_TASK);

    /** After screening (ScreenMessageTask): an inbound message of a known client may answer a check-in. */
    public void messageScreened(UUID messageId) {
        messages.findById(messageId)
                .filter(m -> m.getDirection() == Direction.INBOUND && m.getClientId() != null)
                .ifPresent(m -> {
                    publishClientWrote(m.getClientId(), m.getId());
                    if ("CRISIS".equals(m.getCategory())) {
                        publishClientInCrisis(m.getClientId(), m.getId(), null);
                    }
                });
    }

    /**
     * A crisis from the client (already handled by triage as a crisis): a running check-in instance
     * adds a post-crisis review; with none running it is dropped. For a rebuilt instance
     * ({@code instanceKey}), buffered briefly under an id of its own, so it reaches the new instance
     * even if its subscription opens a moment later.
     */
    void publishClientInCrisis(UUID clientId, UUID messageId, Long instanceKey) {
        publish(
                ProcessIds.CLIENT_IN_CRISIS,
                clientId,
                instanceKey == null ? "client-crisis:" + messageId : "client-crisis:" + messageId + ":" + instanceKey,
                instanceKey == null ? Duration.ZERO : Duration.ofMinutes(5),
                Map.of("crisisMessageId", messageId.toString()));
    }

    /**
     * A new safety-plan-checkins instance for an episode whose instance the engine lost, started
     * before {@code elements} (reconciliation). Returns its key; failures propagate (the caller's
     * transaction rolls back and the next run tries again).
     */
    long startResumed(Map<String, Object> variables, List<String> elements) {
        var command = camunda.getObject()
                .newCreateInstanceCommand()
                .bpmnProcessId(ProcessIds.SAFETY_PLAN_CHECKINS)
                .latestVersion()
                .variables(variables);
        var instruction = command.startBeforeElement(elements.get(0));
        for (String element : elements.subList(1, elements.size())) {
            instruction = instruction.startBeforeElement(element);
        }
        return instruction.send().join().getProcessInstanceKey();
    }

    /**
     * The risk-review table's answer for a C-SSRS level (ISO duration), evaluated by the engine as
     * DecideRiskReviewTask does: a rebuilt instance that starts behind that task needs it for the
     * next review.
     */
    String riskReviewAfter(String cssrsLevel) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("cssrsLevel", cssrsLevel);
        String output = camunda.getObject()
                .newEvaluateDecisionCommand()
                .decisionId(ProcessIds.DECISION_RISK_REVIEW)
                .variables(variables)
                .send()
                .join()
                .getDecisionOutput();
        return output.replace("\"", "").trim();
    }

    void publishCaringStarted(RiskEpisode episode) {
        publish(
                ProcessIds.CARING_CONTACTS_STARTED,
                episode.getClientId(),
                "caring-started:" + episode.getId(),
                BUFFERED,
                Map.of(
                        "clientId",
                        episode.getClientId().toString(),
                        "episodeId",
                        episode.getId().toString(),
                        "caringContactNumber",
                        1));
    }

    void publishCaringEnded(UUID clientId) {
        publish(ProcessIds.CARING_CONTACTS_ENDED, clientId, null, Duration.ZERO, Map.of());
    }

    /** A new caring-contacts instance before NextCaringContactGateway (reconciliation). */
    long startCaringResumed(Map<String, Object> variables) {
        return camunda.getObject()
                .newCreateInstanceCommand()
                .bpmnProcessId(ProcessIds.CARING_CONTACTS)
                .latestVersion()
                .variables(variables)
                .startBeforeElement(ProcessIds.NEXT_CARING_CONTACT_GATEWAY)
                .send()
                .join()
                .getProcessInstanceKey();
    }

    /**
     * The checkin-outreach table's answer ("CALL" or "MESSAGE") for a client, evaluated by the engine
     * when an outreach attempt is made (the supervisor edits the table in Modeler).
     */
    String outreachBy(String preferredChannel, String modality, String cssrsLevel) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("preferredChannel", preferredChannel);
        variables.put("modality", modality);
        variables.put("cssrsLevel", cssrsLevel);
        String output = camunda.getObject()
                .newEvaluateDecisionCommand()
                .decisionId(ProcessIds.DECISION_CHECKIN_OUTREACH)
                .variables(variables)
                .send()
                .join()
                .getDecisionOutput();
        return output.replace("\"", "").trim();
    }

    /**
     * The checkin-by table's answer ("CALL" or "MESSAGE") for check-in {@code number}, evaluated by
     * the engine when the check-in is scheduled: a message to the client, or a scheduled call the
     * clinician makes and documents.
     */
    String checkinBy(int number, String preferredChannel, String modality, String cssrsLevel) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("nextCheckinNumber", number);
        variables.put("preferredChannel", preferredChannel);
        variables.put("modality", modality);
        variables.put("cssrsLevel", cssrsLevel);
        String output = camunda.getObject()
                .newEvaluateDecisionCommand()
                .decisionId(ProcessIds.DECISION_CHECKIN_BY)
                .variables(variables)
                .send()
                .join()
                .getDecisionOutput();
        return output.replace("\"", "").trim();
    }

    /**
     * After a transfer within the practice: the running instance's tasks that are still to come
     * (safety-plan review if reopened, risk re-rating) go to the new clinician (ids only), and so do
     * its tasks open now (a check-in call, an outreach call, a review, a re-rating, every open
     * post-crisis review): the person who left the client's care must not be the only one holding a
     * high-risk client's call.
     */
    void reassign(long processInstanceKey, String clinicianAssignee) {
        try {
            camunda.getObject()
                    .newSetVariablesCommand(processInstanceKey)
                    .variables(Map.of("clinicianAssignee", clinicianAssignee))
                    .send()
                    .join();
        } catch (RuntimeException e) {
            LOG.warn("Could not update the assignee of safety-plan-checkins instance {}", processInstanceKey, e);
        }
        int moved = 0;
        for (String elementId : CLINICIAN_TASKS) {
            try {
                for (var open : userTasks.getObject().findOpenTasks(processInstanceKey, elementId)) {
                    if (!clinicianAssignee.equals(open.assignee())) {
                        userTasks.getObject().assign(open.userTaskKey(), clinicianAssignee);
                        moved++;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "Could not give the open {} of safety-plan-checkins instance {} to the new clinician;"
                                + " reassign it in Tasklist",
                        elementId,
                        processInstanceKey,
                        e);
            }
        }
        if (moved > 0) {
            LOG.info("{} open check-in task(s) of instance {} moved with the transfer", moved, processInstanceKey);
        }
    }

    void publishRaised(RiskEpisode episode) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("clientId", episode.getClientId().toString());
        // What the task forms show in Tasklist instead of the id.
        clients.findById(episode.getClientId()).ifPresent(c -> variables.put("clientLabel", c.getInitials()));
        variables.put("episodeId", episode.getId().toString());
        variables.put("modality", episode.getModality());
        variables.put(
                "cssrsLevel",
                episode.getCssrsLevel() == null ? null : episode.getCssrsLevel().name());
        publish(
                ProcessIds.CLIENT_RAISED_TO_HIGH_RISK,
                episode.getClientId(),
                "risk-raised:" + episode.getId(),
                BUFFERED,
                variables);
    }

    void publishEnded(UUID clientId, EndReason reason) {
        // Not buffered: a client raised again soon after must not start a new instance that ends at once.
        // If the engine misses it, the instance's next step finds the episode ended in the database.
        publish(ProcessIds.SAFETY_CHECKINS_ENDED, clientId, null, Duration.ZERO, Map.of("endReason", reason.name()));
    }

    /**
     * Any inbound message of the client: an open check-in (or outreach) waiting for a reply hears of
     * it; with nothing waiting it is dropped (no time to live). If this is lost, the reply window's
     * end finds the message in the database.
     */
    public void publishClientWrote(UUID clientId, UUID messageId) {
        publish(
                ProcessIds.CLIENT_WROTE,
                clientId,
                "client-wrote:" + messageId,
                Duration.ZERO,
                Map.of("replyMessageId", messageId.toString()));
    }

    private void publish(String name, UUID clientId, String messageId, Duration ttl, Map<String, Object> variables) {
        engine.publish(new EngineMessage(name, clientId.toString(), messageId, ttl, variables));
    }
}
