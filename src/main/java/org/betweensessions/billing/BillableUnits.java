package org.betweensessions.billing;

import org.betweensessions.policy.PolicyDocument.BillingRule;

/**
 * The policy's billing rule applied to minutes: brief administrative messages are included (never
 * billed); clinical work (every other category, crises among them) is billed once it takes longer
 * than {@code billableAfterMinutes}, in {@code incrementMinutes} increments counted from the first
 * minute and rounded up (rule 10 / 15: 10 minutes 0 units, 11-15 minutes 1 unit, 16-30 minutes 2).
 * No rule, or a practice that does not bill between-session work: 0.
 */
public final class BillableUnits {

    private BillableUnits() {}

    public static int of(BillingRule rule, String category, int minutes) {
        if (rule == null
                || !rule.billBetweenSessionWork()
                || rule.incrementMinutes() <= 0
                || "ADMINISTRATIVE".equals(category)
                || minutes <= rule.billableAfterMinutes()) {
            return 0;
        }
        return (minutes + rule.incrementMinutes() - 1) / rule.incrementMinutes();
    }
}
