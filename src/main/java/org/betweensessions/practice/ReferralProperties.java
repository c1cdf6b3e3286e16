package org.betweensessions.practice;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The practice's referral list: colleagues and services a client whose treatment ends (or a former
 * client who writes) is referred to. A closing letter needs at least three (APA 10.10: referrals
 * with contact details), so the application refuses to start with fewer.
 */
@ConfigurationProperties("bsc.practice")
public record ReferralProperties(List<Referral> referrals) {

    public static final int MINIMUM = 3;

    public record Referral(String name, String contact, String note) {}

    public ReferralProperties {
        referrals = referrals == null ? List.of() : List.copyOf(referrals);
        if (referrals.size() < MINIMUM) {
            throw new IllegalArgumentException("bsc.practice.referrals needs at least " + MINIMUM
                    + " entries (name, contact) for closing letters and referral replies; found "
                    + referrals.size());
        }
        for (int i = 0; i < referrals.size(); i++) {
            Referral r = referrals.get(i);
            if (r.name() == null
                    || r.name().isBlank()
                    || r.contact() == null
                    || r.contact().isBlank()) {
                throw new IllegalArgumentException("bsc.practice.referrals[" + i + "] needs a name and a" + " contact");
            }
        }
    }

    /** One referral a line: "- name, contact (note)". */
    public String asList() {
        StringBuilder out = new StringBuilder();
        for (Referral r : referrals) {
            out.append("- ").append(r.name()).append(", ").append(r.contact());
            if (r.note() != null && !r.note().isBlank()) {
                out.append(" (").append(r.note()).append(")");
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }
}
