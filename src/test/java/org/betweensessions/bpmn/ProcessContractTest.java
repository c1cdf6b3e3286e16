package org.betweensessions.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.betweensessions.process.ProcessIds;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReader;

/**
 * The contract between the diagrams supervisors edit and the code that runs them: every job type in
 * bpmn/ has exactly one {@code @JobWorker}, every worker's type is in a diagram, and every job type
 * and message name the Java code names ({@link ProcessIds}) exists in bpmn/, and every field a form
 * in forms/ submits is read by something: a worker's {@code @Variable}, or a FEEL expression of a
 * diagram (condition, input mapping, timer, assignment) or a decision table's input. A rename in
 * Modeler that the code does not follow fails here, not as a job nobody picks up in production; a
 * field nothing reads fails here, not as a question clinicians answer for nothing.
 */
class ProcessContractTest {

    private static final Pattern TASK_TYPE = Pattern.compile("taskDefinition type=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MESSAGE_NAME = Pattern.compile("<bpmn:message [^>]*name=\"([^\"]+)\"");

    @Test
    void everyJobTypeHasExactlyOneWorkerAndEveryWorkerADiagram() throws IOException {
        TreeSet<String> diagramTypes = new TreeSet<>(matches(bpmn(), TASK_TYPE));
        Map<String, List<String>> workers = workersByType();

        Map<String, List<String>> notOne = new TreeMap<>();
        for (String type : diagramTypes) {
            List<String> found = workers.getOrDefault(type, List.of());
            if (found.size() != 1) {
                notOne.put(type, found);
            }
        }
        assertThat(notOne)
                .as("job types in bpmn/ without exactly one @JobWorker")
                .isEmpty();
        assertThat(new TreeSet<>(workers.keySet()))
                .as("@JobWorker types no diagram uses")
                .isSubsetOf(diagramTypes);
    }

    @Test
    void everyJobTypeAndMessageNameTheCodeNamesIsInADiagram() throws Exception {
        String diagrams = bpmn();
        TreeSet<String> types = new TreeSet<>(matches(diagrams, TASK_TYPE));
        TreeSet<String> messages = new TreeSet<>(matches(diagrams, MESSAGE_NAME));
        List<String> unknown = new ArrayList<>();
        TreeSet<String> constants = new TreeSet<>();
        for (Field field : ProcessIds.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
                continue;
            }
            String value = (String) field.get(null);
            constants.add(value);
            if (field.getName().startsWith("JOB_") && !types.contains(value)) {
                unknown.add(field.getName() + " = " + value + " (no such job type)");
            } else if (!diagrams.contains("\"" + value + "\"") && !dmnAndForms().contains(value)) {
                unknown.add(field.getName() + " = " + value + " (in no diagram, decision or form)");
            }
        }
        assertThat(unknown).isEmpty();
        // Every message a diagram waits for is one the code publishes (named in ProcessIds).
        assertThat(constants).as("message names in bpmn/").containsAll(messages);
    }

    @Test
    void everyFormFieldIsReadBySomething() throws Exception {
        Set<String> workerVariables = workerVariableNames();
        String expressions = feelExpressions();
        Map<String, List<String>> unread = new TreeMap<>();
        try (Stream<Path> forms = Files.list(Path.of("forms"))) {
            for (Path form :
                    forms.filter(p -> p.toString().endsWith(".form")).sorted().toList()) {
                for (String key : fieldKeys(JSON.readTree(form.toFile()))) {
                    if (!workerVariables.contains(key)
                            && !Pattern.compile("\\b" + Pattern.quote(key) + "\\b")
                                    .matcher(expressions)
                                    .find()) {
                        unread.computeIfAbsent(form.getFileName().toString(), f -> new ArrayList<>())
                                .add(key);
                    }
                }
            }
        }
        assertThat(unread)
                .as("form fields no worker, diagram expression or decision reads")
                .isEmpty();
    }

    /** Keys of the input fields (not texts) of a form, at any depth (groups). */
    private static List<String> fieldKeys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (JsonNode component : node.path("components")) {
            if (component.hasNonNull("key")
                    && !"text".equals(component.path("type").asText())) {
                keys.add(component.get("key").asText());
            }
            keys.addAll(fieldKeys(component));
        }
        return keys;
    }

    /** The variables the job workers read (each {@code @Variable}, by its name). */
    private static Set<String> workerVariableNames() throws Exception {
        Set<String> names = new TreeSet<>();
        var factory = new CachingMetadataReaderFactory();
        for (Resource r :
                new PathMatchingResourcePatternResolver().getResources("classpath*:org/betweensessions/**/*.class")) {
            MetadataReader reader = factory.getMetadataReader(r);
            if (reader.getAnnotationMetadata()
                    .getAnnotatedMethods(JobWorker.class.getName())
                    .isEmpty()) {
                continue;
            }
            for (Method method :
                    Class.forName(reader.getClassMetadata().getClassName()).getDeclaredMethods()) {
                if (!method.isAnnotationPresent(JobWorker.class)) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    Variable variable = parameter.getAnnotation(Variable.class);
                    if (variable != null) {
                        String name = !variable.name().isEmpty() ? variable.name() : variable.value();
                        names.add(name.isEmpty() ? parameter.getName() : name);
                    }
                }
            }
        }
        return names;
    }

    /**
     * The FEEL expressions of the diagrams (attributes and element texts starting with "=", except
     * output mappings, which only copy a variable) and the texts of the decision tables.
     */
    private static String feelExpressions() throws IOException {
        StringBuilder all = new StringBuilder();
        String diagrams = bpmn();
        Matcher each = Pattern.compile("<(?!zeebe:output)[\\w:]+[^>]*>").matcher(diagrams);
        while (each.find()) {
            Matcher value = Pattern.compile("=\"=([^\"]*)\"").matcher(each.group());
            while (value.find()) {
                all.append(value.group(1)).append('\n');
            }
        }
        Matcher texts = Pattern.compile(">\\s*=([^<]*)<").matcher(diagrams);
        while (texts.find()) {
            all.append(texts.group(1)).append('\n');
        }
        Matcher dmn = Pattern.compile("<text>([^<]*)</text>").matcher(read("bpmn", ".dmn"));
        while (dmn.find()) {
            all.append(dmn.group(1)).append('\n');
        }
        return all.toString().replace("&#34;", "\"").replace("&quot;", "\"");
    }

    private static Map<String, List<String>> workersByType() throws IOException {
        Map<String, List<String>> byType = new HashMap<>();
        var factory = new CachingMetadataReaderFactory();
        for (Resource r :
                new PathMatchingResourcePatternResolver().getResources("classpath*:org/betweensessions/**/*.class")) {
            MetadataReader reader = factory.getMetadataReader(r);
            for (MethodMetadata method :
                    reader.getAnnotationMetadata().getAnnotatedMethods(JobWorker.class.getName())) {
                Object type = method.getAnnotationAttributes(JobWorker.class.getName())
                        .get("type");
                byType.computeIfAbsent(String.valueOf(type), t -> new ArrayList<>())
                        .add(reader.getClassMetadata().getClassName() + "." + method.getMethodName());
            }
        }
        return byType;
    }

    private static List<String> matches(String text, Pattern pattern) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String bpmn() throws IOException {
        return read("bpmn", ".bpmn");
    }

    private static String dmnAndForms() throws IOException {
        return read("bpmn", ".dmn") + read("forms", ".form");
    }

    private static String read(String folder, String suffix) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(suffix)).sorted().toList()) {
                all.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }
}
