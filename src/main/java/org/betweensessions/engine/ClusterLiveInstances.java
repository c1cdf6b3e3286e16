package org.betweensessions.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Live instances of a Camunda 8.8 cluster: {@code POST /v2/process-instances/search} with the keys
 * and state ACTIVE, 100 keys a request. The search reads the cluster's secondary storage, which
 * lags the engine by a few seconds: reconciliation only asks about items older than its
 * grace period. An instance cancelled in Operate is not active, so its open item counts as lost.
 */
public class ClusterLiveInstances implements LiveInstances {

    private static final int BATCH = 100;

    private final CamundaClient client;

    public ClusterLiveInstances(CamundaClient client) {
        this.client = client;
    }

    @Override
    public Set<Long> activeAmong(Collection<Long> processInstanceKeys) {
        List<Long> keys = new ArrayList<>(new HashSet<>(processInstanceKeys));
        Set<Long> active = new HashSet<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<Long> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processInstanceKey(k -> k.in(batch)).state(ProcessInstanceState.ACTIVE))
                    .page(p -> p.limit(batch.size()))
                    .send()
                    .join()
                    .items()
                    .forEach(instance -> active.add(instance.getProcessInstanceKey()));
        }
        return active;
    }

    @Override
    public boolean startedEmpty() {
        return false;
    }
}
