package org.betweensessions.triage;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of triaging one message.
 *
 * @param category       routing category
 * @param crisisKind     null unless category is CRISIS
 * @param signals        lexicon ids that decided the outcome, so a clinician can see why; entries
 *                       prefixed {@code suppressed:} or {@code negated:} record risk language that was
 *                       deliberately discounted (idiom, history, negation) and {@code below-threshold:}
 *                       risk language too weak on its own. Look ids up with {@link TriageLexicon#describe}.
 * @param framedAsUrgent non-crisis message worded as urgent (tracked for patterns, never punitive);
 *                       always false for CRISIS, which is urgent by definition
 * @param lexiconVersion version of the lexicon that produced this result, for audit
 */
public record TriageResult(MessageCategory category,
                           CrisisKind crisisKind,
                           List<String> signals,
                           boolean framedAsUrgent,
                           String lexiconVersion) {

    public TriageResult {
        Objects.requireNonNull(category, "category");
        if ((category == MessageCategory.CRISIS) != (crisisKind != null)) {
            throw new IllegalArgumentException("crisisKind must be set exactly when category is CRISIS");
        }
        signals = List.copyOf(signals);
    }

    public boolean isCrisis() {
        return category == MessageCategory.CRISIS;
    }
}
