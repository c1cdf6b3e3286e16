package org.betweensessions.consent;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.betweensessions.process.ProcessIds;
import org.betweensessions.support.Api;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Reminders and escalation by the engine clock. Moving the clock fires every timer in the shared
 * engine, so this class throws its context away afterwards, and runs last (junit-platform.properties):
 * the first jobs in a second application context in the same JVM were seen to stall for ~30 s.
 */
@DirtiesContext
@Order(Integer.MAX_VALUE)
class IntakeConsentRemindersProcessTest extends ConsentTestSupport {

    @Test
    void remindersThenEscalationToTheCoordinatorUntilTheClientConsents() {
        UUID late = register("alex", "PORTAL", "en", "Noor Haddad");
        UUID prompt = register("blair", "EMAIL", "es", "Lucía Torres");
        ConsentRequest lateRequest = awaitStarted(late, ConsentRequest.Kind.INTAKE);
        ConsentRequest promptRequest = awaitStarted(prompt, ConsentRequest.Kind.INTAKE);
        awaitOpenTask(lateRequest, ProcessIds.REVIEW_POLICY_WITH_CLIENT_TASK);

        // The prompt client consents on day one: none of their timers may fire later.
        assertThat(acknowledge("portal", prompt, currentVersion(prompt)).status())
                .isEqualTo(201);
        await().atMost(WAIT).until(() -> reload(promptRequest).getStatus() == ConsentRequest.Status.CONSENTED);

        // Day 3 (+1 minute): first reminder.
        engine.increaseTime(Duration.ofDays(3).plusMinutes(1));
        await().atMost(WAIT).until(() -> notificationTemplates(late).contains("consent.reminder"));
        assertThat(auditEvent(late, "CONSENT_REMINDER_SENT").getDetails()).contains("\"reminder\":1");
        assertThat(userTasks.findOpenTask(
                        lateRequest.getProcessInstanceKey(), ProcessIds.FOLLOW_UP_MISSING_CONSENT_TASK))
                .isEmpty();

        // Day 7: second reminder.
        engine.increaseTime(Duration.ofDays(4));
        await().atMost(WAIT).until(() -> reload(lateRequest).getRemindersSent() == 2);
        assertThat(notificationTemplates(late).stream().filter("consent.reminder"::equals))
                .hasSize(2);

        // Day 10: the intake coordinator gets a follow-up task.
        engine.increaseTime(Duration.ofDays(3));
        var followUp = await().atMost(WAIT)
                .until(
                        () -> userTasks
                                .findOpenTask(
                                        lateRequest.getProcessInstanceKey(), ProcessIds.FOLLOW_UP_MISSING_CONSENT_TASK)
                                .orElse(null),
                        t -> t != null);
        assertThat(candidateGroups(followUp.userTaskKey())).contains("intake-coordinators");
        assertThat(reload(lateRequest).getEscalatedAt()).isNotNull();
        assertThat(auditTypes(late)).containsOnlyOnce("CONSENT_ESCALATED");

        // A clinician may not close the coordinator's task; the coordinator can, and asks for a resend.
        assertThat(api.post("alex", "/api/clients/" + late + "/consent-follow-up", "{\"outcome\":\"RESEND_POLICY\"}")
                        .status())
                .isEqualTo(403);
        Api.Response done =
                api.post("casey", "/api/clients/" + late + "/consent-follow-up", "{\"outcome\":\"RESEND_POLICY\"}");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> auditTypes(late).contains("CONSENT_FOLLOW_UP_RECORDED"));
        await().atMost(WAIT)
                .until(() -> notificationTemplates(late).stream()
                                .filter("consent.policy"::equals)
                                .count()
                        == 2);

        // The client consents at last; the clinician reviews; the instance completes.
        assertThat(acknowledge("portal", late, currentVersion(late)).status()).isEqualTo(201);
        assertThat(review("alex", late, "PORTAL", "OPEN_INBOX").status()).isEqualTo(200);
        awaitCompleted(lateRequest);
        assertThat(instance(lateRequest))
                .hasPassedElement("SendFirstReminderTask")
                .hasPassedElement("SendSecondReminderTask")
                .hasPassedElement("RecordConsentFollowUpTask")
                .hasPassedElement("AcknowledgedEndEvent");

        // Nothing fired for the client who consented on time.
        assertThat(notificationTemplates(prompt)).doesNotContain("consent.reminder");
        assertThat(auditTypes(prompt)).doesNotContain("CONSENT_REMINDER_SENT", "CONSENT_ESCALATED");
        assertThat(instance(promptRequest)).hasNotPassedElement("SendFirstReminderTask");
    }

    private List<String> candidateGroups(long userTaskKey) {
        for (Record<?> r : engine.getRecordStreamSource().getRecords()) {
            if (r.getValueType() == ValueType.USER_TASK
                    && r.getIntent() == UserTaskIntent.CREATED
                    && r.getKey() == userTaskKey) {
                return ((UserTaskRecordValue) r.getValue()).getCandidateGroupsList();
            }
        }
        throw new AssertionError("no user task " + userTaskKey);
    }
}
