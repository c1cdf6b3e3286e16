package org.betweensessions.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.betweensessions.policy.PolicyDocument.BillingRule;
import org.junit.jupiter.api.Test;

/** The policy's BillingRule applied to minutes. */
class BillableUnitsTest {

    private static final BillingRule RULE = new BillingRule(true, 10, 15);

    @Test
    void clinicalWorkBeyondTheThresholdIsBilledInIncrementsRoundedUp() {
        assertThat(BillableUnits.of(RULE, "SUPPORT_SEEKING", 0)).isZero();
        assertThat(BillableUnits.of(RULE, "SUPPORT_SEEKING", 10)).isZero();
        assertThat(BillableUnits.of(RULE, "SUPPORT_SEEKING", 11)).isEqualTo(1);
        assertThat(BillableUnits.of(RULE, "CRISIS", 15)).isEqualTo(1);
        assertThat(BillableUnits.of(RULE, "CRISIS", 16)).isEqualTo(2);
        assertThat(BillableUnits.of(RULE, "THERAPEUTIC_UPDATE", 45)).isEqualTo(3);
    }

    @Test
    void administrativeMessagesAreIncludedAndAPracticeThatDoesNotBillBillsNothing() {
        assertThat(BillableUnits.of(RULE, "ADMINISTRATIVE", 40)).isZero();
        assertThat(BillableUnits.of(new BillingRule(false, 10, 15), "SUPPORT_SEEKING", 40))
                .isZero();
        assertThat(BillableUnits.of(null, "SUPPORT_SEEKING", 40)).isZero();
        assertThat(BillableUnits.of(new BillingRule(true, 5, 10), "SUPPORT_SEEKING", 6))
                .isEqualTo(1);
    }
}
