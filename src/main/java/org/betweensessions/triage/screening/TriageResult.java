package org.betweensessions.triage.screening;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of triaging one message.
 *
 * @param category          routing category
 * @param crisisKind        null unless category is CRISIS
 * @param signals           why, for the clinician: the model's crisis probability and operating point
 *                          ({@code model.crisis(p=0.93>=0.27)}), the lexicon ids that fired, discounted
 *                          risk language ({@code suppressed:<id>:<by>}, {@code negated:<id>},
 *                          {@code below-threshold:<id>}) and the features that pushed the probability most
 *                          ({@code model.feature:w:pill(+0.84)}). Look them up with {@link TriageLexicon#describe}.
 * @param framedAsUrgent    non-crisis message worded as urgent (tracked for patterns, never punitive);
 *                          always false for CRISIS, which is urgent by definition
 * @param lexiconVersion    lexicon and model versions that produced this result, for audit
 *                          ({@code 1.3.0+m2.13.0}; rules only: the lexicon version)
 * @param crisisProbability calibrated probability that the message is a crisis, or null (rules only)
 */
public record TriageResult(
        MessageCategory category,
        CrisisKind crisisKind,
        List<String> signals,
        boolean framedAsUrgent,
        String lexiconVersion,
        Double crisisProbability) {

    public TriageResult {
        Objects.requireNonNull(category, "category");
        if ((category == MessageCategory.CRISIS) != (crisisKind != null)) {
            throw new IllegalArgumentException("crisisKind must be set exactly when category is CRISIS");
        }
        signals = List.copyOf(signals);
    }

    /** A rules-only result (no model probability). */
    public TriageResult(
            MessageCategory category,
            CrisisKind crisisKind,
            List<String> signals,
            boolean framedAsUrgent,
            String lexiconVersion) {
        this(category, crisisKind, signals, framedAsUrgent, lexiconVersion, null);
    }

    public boolean isCrisis() {
        return category == MessageCategory.CRISIS;
    }
}
