package org.betweensessions.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What gets deployed: everything in {@code bpmn/} and {@code forms/}, packaged unchanged, so what a
 * supervisor edits in Modeler is what runs. A cluster gets it through Camunda's {@code @Deployment}
 * ({@link ClusterDeployment}); the embedded engine gets it on its own start-up thread ({@link EmbeddedEngineStart}).
 */
public final class ProcessResources {

    public static final String BPMN = "classpath*:bpmn/*.bpmn";
    public static final String DMN = "classpath*:bpmn/*.dmn";
    public static final String FORMS = "classpath*:forms/*.form";

    private ProcessResources() {}

    static List<Resource> all() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<Resource> resources = new ArrayList<>();
        try {
            for (String pattern : List.of(BPMN, DMN, FORMS)) {
                resources.addAll(List.of(resolver.getResources(pattern)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }
}
