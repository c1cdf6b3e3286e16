package org.betweensessions.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How open work in the database is compared with the engine (docs/reliability.md).
 *
 * @param enabled run at start and periodically (default true)
 * @param grace an item handed to the engine less than this long ago is not judged yet: the engine
 *     (or a cluster's search, which lags) may not show its instance yet (default PT2M)
 * @param onLostInstance REDRIVE (start the process again where the item stands) or RAISE (tell the
 *     supervisor and audit it; nothing is started). Embedded default REDRIVE (a restart loses every
 *     instance); production default RAISE (on a cluster an instance is only gone when someone
 *     cancelled it in Operate, perhaps on purpose)
 */
@ConfigurationProperties("bsc.reconcile")
public record ReconcileProperties(Boolean enabled, Duration grace, OnLostInstance onLostInstance) {

    public enum OnLostInstance {
        REDRIVE,
        RAISE
    }

    public ReconcileProperties {
        enabled = enabled == null || enabled;
        grace = grace == null ? Duration.ofMinutes(2) : grace;
        onLostInstance = onLostInstance == null ? OnLostInstance.REDRIVE : onLostInstance;
    }
}
