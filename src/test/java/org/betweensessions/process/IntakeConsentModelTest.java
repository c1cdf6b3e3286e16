package org.betweensessions.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.betweensessions.consent.ReviewChoices;
import org.junit.jupiter.api.Test;

/**
 * bpmn/intake-consent.bpmn as supervisors edit it: every user task is a Camunda user task with a
 * valid Camunda Form in forms/, every job type has a worker constant, timers come from variables.
 */
class IntakeConsentModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BpmnModelInstance model =
            Bpmn.readModelFromFile(new File("bpmn/" + ProcessIds.INTAKE_CONSENT + ".bpmn"));

    @Test
    void everyUserTaskHasAValidCamundaForm() throws IOException {
        Bpmn.validateModel(model);
        List<String> formIds = new ArrayList<>();
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            assertThat(task.getSingleExtensionElement(ZeebeUserTask.class))
                    .as(task.getId())
                    .isNotNull();
            ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
            assertThat(form).as(task.getId()).isNotNull();
            formIds.add(form.getFormId());
        }
        assertThat(formIds).containsExactlyInAnyOrder("review-communication-policy", "follow-up-missing-consent");
        for (String id : formIds) {
            JsonNode form = JSON.readTree(new File("forms/" + id + ".form"));
            assertThat(form.path("id").asText()).isEqualTo(id);
            assertThat(form.path("type").asText()).isEqualTo("default");
            assertThat(form.path("executionPlatform").asText()).isEqualTo("Camunda Cloud");
            assertThat(form.path("executionPlatformVersion").asText()).isEqualTo("8.8.0");
            Set<String> ids = new HashSet<>();
            Set<String> keys = new HashSet<>();
            for (JsonNode c : form.path("components")) {
                assertThat(ids.add(c.path("id").asText()))
                        .as("unique component id in %s", id)
                        .isTrue();
                if (c.has("key")) {
                    assertThat(keys.add(c.path("key").asText()))
                            .as("unique key in %s", id)
                            .isTrue();
                    assertThat(c.path("validate").path("required").asBoolean())
                            .as("%s.%s is required", id, c.path("key").asText())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void theReviewFormAsksExactlyWhatTheReviewRecords() throws IOException {
        JsonNode form = JSON.readTree(new File("forms/review-communication-policy.form"));
        Set<String> keys = new HashSet<>();
        form.path("components").forEach(c -> {
            if (c.has("key")) {
                keys.add(c.path("key").asText());
            }
        });
        Set<String> recorded = new HashSet<>();
        for (RecordComponent rc : ReviewChoices.class.getRecordComponents()) {
            recorded.add(rc.getName());
        }
        // The emergency contact is PHI: it comes with the review through the API only (a form field
        // would become a process variable), so the Tasklist form does not ask for it.
        recorded.remove("emergencyContact");
        assertThat(keys).isEqualTo(recorded);
    }

    @Test
    void jobTypesAreTheWorkersAndTimersComeFromConfiguration() {
        Set<String> types = new HashSet<>();
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            types.add(task.getSingleExtensionElement(ZeebeTaskDefinition.class).getType());
        }
        assertThat(types)
                .containsExactlyInAnyOrder(
                        ProcessIds.JOB_SEND_POLICY_TO_CLIENT,
                        ProcessIds.JOB_SEND_CONSENT_REMINDER,
                        ProcessIds.JOB_ESCALATE_MISSING_CONSENT,
                        ProcessIds.JOB_RECORD_CONSENT_FOLLOW_UP,
                        ProcessIds.JOB_RECORD_POLICY_REVIEW,
                        ProcessIds.JOB_COMPLETE_CONSENT_REQUEST);
        // Absolute times stored with the request (issue 12), never durations counted from the start.
        assertThat(model.getModelElementsByType(TimerEventDefinition.class))
                .allSatisfy(t -> assertThat(t.getTimeDuration()).isNull());
        List<String> dates = model.getModelElementsByType(TimerEventDefinition.class).stream()
                .map(t -> t.getTimeDate().getTextContent())
                .toList();
        assertThat(dates)
                .containsExactlyInAnyOrder(
                        "=date and time(reminderAt)", "=date and time(secondReminderAt)", "=date and time(escalateAt)");
        Set<String> drawn = new HashSet<>();
        model.getModelElementsByType(BpmnShape.class)
                .forEach(s -> drawn.add(s.getBpmnElement().getId()));
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            assertThat(node.getName()).as(node.getId()).isNotBlank();
            assertThat(drawn).contains(node.getId());
        }
    }
}
