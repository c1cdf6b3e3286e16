package org.betweensessions.engine;

import java.util.Collection;
import java.util.Set;

/**
 * Which process instances the engine is still running. The embedded engine answers from its own
 * record stream ({@link EmbeddedLiveInstances}); a Camunda 8.8 cluster from the orchestration
 * cluster's REST API, process instance search ({@link ClusterLiveInstances}).
 */
public interface LiveInstances {

    /** The keys among {@code processInstanceKeys} whose instance is active. */
    Set<Long> activeAmong(Collection<Long> processInstanceKeys);

    /**
     * True when the engine is known to have started empty with this application (the embedded,
     * in-memory engine): then nothing handed to an earlier run's engine can still be running in it.
     */
    boolean startedEmpty();
}
