package org.betweensessions.consent;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.inspections.model.InspectedProcessInstance;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.reconcile.Reconciliation;
import org.betweensessions.support.Api;
import org.betweensessions.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Issue 12 for intake consent: the engine loses the instance (cancelled, as an operator in Operate
 * would, or as the in-memory engine's restart does); reconciliation drives the open request again.
 * The rebuilt instance has the same absolute reminder and escalation times (stored when the policy
 * was first sent), a reminder already sent is not sent again, one that fell due while the instance
 * was gone is sent at once, and the clinician's review can be recorded. While the instance is gone
 * the review endpoint says so (409 "being restored"), not "already recorded". Moves the engine
 * clock: own context.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class IntakeConsentReconciliationProcessTest extends ConsentTestSupport {

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    CamundaClient camunda;

    @Autowired
    MovableClock clock;

    @Test
    void aLostInstanceResumesWithItsStoredDeadlinesAndSendsNoReminderTwice() {
        UUID client = register("alex", "PORTAL", "en", "Rae Lindqvist");
        ConsentRequest request = awaitStarted(client, ConsentRequest.Kind.INTAKE);
        long first = request.getProcessInstanceKey();
        awaitOpenTask(request, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);
        ConsentRequest stored = reload(request);
        assertThat(stored.getPolicySentAt()).isNotNull();
        assertThat(stored.getReminderAt()).isEqualTo(stored.getPolicySentAt().plus(Duration.ofDays(3)));
        assertThat(stored.getSecondReminderAt())
                .isEqualTo(stored.getPolicySentAt().plus(Duration.ofDays(7)));
        assertThat(stored.getEscalateAt()).isEqualTo(stored.getPolicySentAt().plus(Duration.ofDays(10)));
        assertThat(timerDueDates(first, "FirstReminderTimerEvent")).containsExactly(millis(stored.getReminderAt()));

        // Day 3: the first reminder goes out from the first instance.
        move(Duration.between(clock.instant(), stored.getReminderAt()).plusMinutes(1));
        await().atMost(WAIT).until(() -> reload(request).getRemindersSent() == 1);

        // The instance is lost; the review cannot be done now, and the API says why.
        lose(first);
        Api.Response meanwhile = review("alex", client, "PORTAL", "STANDARD");
        assertThat(meanwhile.status()).isEqualTo(409);
        assertThat(meanwhile.body()).contains("being restored").doesNotContain("already recorded");
        assertThat(consent.status(client).openRequest().reviewRecorded()).isFalse();

        // Day 7 passes while it is gone: the second reminder is due when it is rebuilt.
        move(Duration.between(clock.instant(), stored.getSecondReminderAt()).plusMinutes(1));

        Reconciliation.Outcome outcome = reconciliation.reconcileConsentRequests(List.of(request.getId()));
        assertThat(outcome.redriven()).isEqualTo(1);
        long second = reload(request).getProcessInstanceKey();
        assertThat(second).isNotEqualTo(first);
        // Alive now: a second run starts nothing.
        assertThat(reconciliation
                        .reconcileConsentRequests(List.of(request.getId()))
                        .lost())
                .isZero();

        // The same absolute times; the second reminder (due while down) fires at once, the first is
        // not sent again.
        eventually(() -> assertThat(timerDueDates(second, "FirstReminderTimerEvent"))
                .containsExactly(millis(stored.getReminderAt())));
        assertThat(timerDueDates(second, "SecondReminderTimerEvent"))
                .containsExactly(millis(stored.getSecondReminderAt()));
        assertThat(timerDueDates(second, "EscalationTimerEvent")).containsExactly(millis(stored.getEscalateAt()));
        await().atMost(WAIT).until(() -> reload(request).getRemindersSent() == 2);
        eventually(() -> assertThat(new InspectedProcessInstance(second))
                .hasPassedElement("SendFirstReminderTask")
                .hasPassedElement("SendSecondReminderTask"));
        assertThat(notificationTemplates(client).stream().filter("consent.reminder"::equals))
                .hasSize(2);
        assertThat(notificationTemplates(client).stream().filter("consent.policy"::equals))
                .hasSize(1);
        assertThat(auditTypes(client).stream().filter("CONSENT_REMINDER_SENT"::equals))
                .hasSize(2);
        assertThat(auditTypes(client)).containsOnlyOnce("POLICY_SENT", "ENGINE_INSTANCE_RESTORED");

        // The review task is back with the clinician, and the review is recorded once.
        ConsentRequest rebuilt = reload(request);
        var task = awaitOpenTask(rebuilt, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);
        assertThat(task.assignee()).isEqualTo("alex");
        Api.Response reviewed = review("alex", client, "PORTAL", "STANDARD");
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> consent.status(client).openRequest().reviewRecorded());
        Api.Response again = review("alex", client, "PORTAL", "STANDARD");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("already recorded (at").contains("by alex");

        // No follow-up is due yet, and the API says when it will be.
        Api.Response followUp =
                api.post("casey", "/api/clients/" + client + "/consent-follow-up", "{\"outcome\":\"LEFT_MESSAGE\"}");
        assertThat(followUp.status()).isEqualTo(409);
        assertThat(followUp.body())
                .contains("No follow-up is due yet")
                .contains(stored.getEscalateAt().toString());

        // The client acknowledges; the rebuilt instance completes.
        assertThat(acknowledge("portal", client, currentVersion(client)).status())
                .isEqualTo(201);
        awaitCompleted(rebuilt);
        assertThat(auditTypes(client)).containsOnlyOnce("POLICY_REVIEWED_WITH_CLIENT", "CONSENT_REQUEST_COMPLETED");
        assertThat(auditTypes(client)).doesNotContain("CONSENT_ESCALATED");
    }

    @Test
    void aLostInstanceAfterTheFollowUpDoesNotOpenTheCoordinatorsTaskAgain() {
        UUID client = register("blair", "EMAIL", "en", "Ines Okafor");
        ConsentRequest request = awaitStarted(client, ConsentRequest.Kind.INTAKE);
        awaitOpenTask(request, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);
        ConsentRequest stored = reload(request);
        move(Duration.between(clock.instant(), stored.getEscalateAt()).plusMinutes(1));
        await().atMost(WAIT)
                .until(() -> userTasks
                        .findOpenTask(request.getProcessInstanceKey(), ProcessIds.FOLLOW_UP_MISSING_CONSENT_TASK)
                        .isPresent());
        assertThat(api.post("casey", "/api/clients/" + client + "/consent-follow-up", "{\"outcome\":\"LEFT_MESSAGE\"}")
                        .status())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> reload(request).getFollowedUpAt() != null);

        lose(request.getProcessInstanceKey());
        assertThat(reconciliation
                        .reconcileConsentRequests(List.of(request.getId()))
                        .redriven())
                .isEqualTo(1);
        long second = reload(request).getProcessInstanceKey();
        eventually(
                () -> assertThat(new InspectedProcessInstance(second)).hasPassedElement("FollowUpRecordedBeforeEvent"));
        assertThat(userTasks.findOpenTask(second, ProcessIds.FOLLOW_UP_MISSING_CONSENT_TASK))
                .isEmpty();
        assertThat(notificationTemplates(client).stream().filter("consent.reminder"::equals))
                .hasSize(2);
        assertThat(auditTypes(client)).containsOnlyOnce("CONSENT_ESCALATED", "CONSENT_FOLLOW_UP_RECORDED");
        Api.Response followUp =
                api.post("casey", "/api/clients/" + client + "/consent-follow-up", "{\"outcome\":\"LEFT_MESSAGE\"}");
        assertThat(followUp.status()).isEqualTo(409);
        assertThat(followUp.body()).contains("already recorded (at").contains("by casey");

        // Close it: acknowledgement and review, so nothing is left waiting.
        assertThat(acknowledge("portal", client, currentVersion(client)).status())
                .isEqualTo(201);
        awaitOpenTask(reload(request), ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);
        assertThat(review("blair", client, "EMAIL", "STANDARD").status()).isEqualTo(200);
        awaitCompleted(reload(request));
    }

    private void move(Duration by) {
        engine.increaseTime(by);
        clock.advance(by);
    }

    /** The engine loses the instance. */
    private void lose(long processInstanceKey) {
        camunda.newCancelInstanceCommand(processInstanceKey).send().join();
        eventually(() ->
                assertThat(new InspectedProcessInstance(processInstanceKey)).isTerminated());
    }
}
