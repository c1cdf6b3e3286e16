package org.betweensessions.termination;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The daily check for clients who stopped coming: active clients with no message and no session for
 * {@code bsc.termination.drop-out-after} get an unplanned ending that first asks their clinician to
 * confirm the drop-out. Nothing is sent to the client before the clinician confirms.
 */
@Component
class DropOutCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DropOutCheck.class);

    private final Terminations terminations;
    private final boolean enabled;

    DropOutCheck(Terminations terminations, @Value("${bsc.termination.drop-out-check-enabled:true}") boolean enabled) {
        this.terminations = terminations;
        this.enabled = enabled;
    }

    @Scheduled(cron = "${bsc.termination.drop-out-check-cron:0 0 7 * * *}")
    void daily() {
        if (!enabled) {
            return;
        }
        try {
            int n = terminations.suspectDropOuts(null).size();
            if (n > 0) {
                LOG.info("Drop-out check: {} client(s) without contact; their clinicians are asked to" + " confirm", n);
            }
            terminations.publishPending();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Drop-out check failed (database or engine unreachable?); tomorrow's run will find"
                            + " the same clients: {}",
                    e.getMessage());
        }
    }
}
