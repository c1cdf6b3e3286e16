package org.betweensessions.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import java.io.File;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conventions that keep diagrams editable by supervisors: file name = process id, every element
 * named, every element drawn, user tasks are Camunda user tasks whose form exists in forms/.
 */
class ModelConventionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<File> diagrams() {
        return Stream.of(new File("bpmn").listFiles((d, n) -> n.endsWith(".bpmn")));
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void diagramFollowsTheHouseConventions(File file) throws IOException {
        BpmnModelInstance model = Bpmn.readModelFromFile(file);
        Bpmn.validateModel(model);

        var processes = model.getModelElementsByType(Process.class);
        assertThat(processes).hasSize(1);
        assertThat(file.getName()).isEqualTo(processes.iterator().next().getId() + ".bpmn");

        Set<String> drawn = new HashSet<>();
        model.getModelElementsByType(BpmnShape.class)
                .forEach(s -> drawn.add(s.getBpmnElement().getId()));
        model.getModelElementsByType(BpmnEdge.class)
                .forEach(e -> drawn.add(e.getBpmnElement().getId()));

        for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            assertThat(drawn).as("%s is in the diagram", element.getId()).contains(element.getId());
            if (element instanceof FlowNode) {
                assertThat(element.getName())
                        .as("%s has a name for readers", element.getId())
                        .isNotBlank();
            }
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            assertThat(flow.getId()).as("sequence flow ids are readable").doesNotMatch("Flow_[0-9a-z]{7}");
        }

        Map<String, JsonNode> forms = forms();
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            assertThat(task.getSingleExtensionElement(ZeebeUserTask.class))
                    .as("%s is a Camunda user task", task.getId())
                    .isNotNull();
            ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
            assertThat(form).as("%s has a linked form", task.getId()).isNotNull();
            assertThat(forms)
                    .as("form %s of %s exists in forms/", form.getFormId(), task.getId())
                    .containsKey(form.getFormId());
        }
    }

    private static Map<String, JsonNode> forms() throws IOException {
        Map<String, JsonNode> forms = new TreeMap<>();
        for (File f : new File("forms").listFiles((d, n) -> n.endsWith(".form"))) {
            JsonNode form = JSON.readTree(f);
            assertThat(form.path("type").asText()).as("%s is a Camunda form", f).isEqualTo("default");
            assertThat(form.path("components").isArray())
                    .as("%s has components", f)
                    .isTrue();
            assertThat(f.getName())
                    .as("form file name = form id")
                    .isEqualTo(form.path("id").asText() + ".form");
            forms.put(form.path("id").asText(), form);
        }
        return forms.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
}
