package org.betweensessions.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Keeps one application context, and so one in-memory engine, open in the test JVM at a time.
 *
 * <p>zeebe-process-test 8.8 keeps the buffer of its gRPC responses in a static field
 * ({@code GrpcResponseWriter.valueBufferView}), shared by every engine in the JVM. When two engines
 * answer at once (a cached context's job workers poll their idle engine while the current test's
 * engine hands out jobs), one engine's job batch is read from the other's bytes: "Could not
 * deserialize object [JobBatchRecord]", the activation answer is lost, and those jobs stay locked
 * until their timeout. A test then sees an instance stuck at a service task for minutes. The
 * application runs one engine per JVM, so only the test suite, which caches contexts, meets it.
 *
 * <p>Spring's context cache holds one context ({@code spring.test.context.cache.maxSize=1} in
 * {@code spring.properties}), and it closes the old context only after the new one has started; this
 * initializer closes it before, so the two engines never run side by side. A context closed here is
 * never served again: with one entry, the cache only returns the context that is open.
 */
public final class OneEngineAtATime implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Set<ConfigurableApplicationContext> OPEN = ConcurrentHashMap.newKeySet();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        for (ConfigurableApplicationContext other : List.copyOf(OPEN)) {
            other.close();
            OPEN.remove(other);
        }
        OPEN.add(context);
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
            if (event.getApplicationContext() == context) {
                OPEN.remove(context);
            }
        });
    }

    /** How many test contexts are open now (for the test that checks this guard). */
    static int open() {
        OPEN.removeIf(c -> !c.isActive());
        return OPEN.size();
    }
}
