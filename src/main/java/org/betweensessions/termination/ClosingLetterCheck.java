package org.betweensessions.termination;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.betweensessions.practice.ReferralProperties;
import org.betweensessions.practice.ReferralProperties.Referral;

/**
 * What a closing letter must still contain after the clinician edited it, recognised by its facts
 * (the same in English and Spanish): at least three referrals with their contact details, crisis
 * resources (988 and the emergency number), how to request records (the practice office's contact),
 * and the date between-session contact ends. Wording is the clinician's; the facts are not optional.
 */
record ClosingLetterCheck(
        List<Referral> referrals, String emergencyNumber, String practiceContact, String contactEnds) {

    /** The element names that are missing, each with what was looked for; empty when complete. */
    List<String> missing(String text) {
        String folded = text.toLowerCase(Locale.ROOT);
        List<String> missing = new ArrayList<>();
        long referralsFound = referrals.stream()
                .filter(r -> folded.contains(r.contact().toLowerCase(Locale.ROOT)))
                .count();
        if (referralsFound < ReferralProperties.MINIMUM) {
            missing.add("referrals (at least " + ReferralProperties.MINIMUM
                    + " of the practice's referrals with their contact details; " + referralsFound + " found)");
        }
        if (!folded.contains("988") || !folded.contains(emergencyNumber.toLowerCase(Locale.ROOT))) {
            missing.add("crisis resources (988 and " + emergencyNumber + ")");
        }
        if (!folded.contains(practiceContact.toLowerCase(Locale.ROOT))) {
            missing.add("records request (how to ask the practice office, " + practiceContact + ")");
        }
        if (!folded.contains(contactEnds.toLowerCase(Locale.ROOT))) {
            missing.add("end of contact statement (between-session contact ends on " + contactEnds + ")");
        }
        return missing;
    }
}
