package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.List;

/**
 * Figures for one labelled file. Ambiguous items count for crisis sensitivity (a missed possible
 * crisis still matters) but not against precision or accuracy (clinicians could disagree).
 */
public final class EvaluationReport {

    /** A labelled message with the classifier's answer. */
    public record Outcome(LabelledMessage message, TriageResult result) {
        boolean correct() {
            return result.category() == message.label();
        }
    }

    /** Sensitivity, PPV and accuracy for a subset (whole file or one language). */
    public record Figures(int crisisLabelled, int crisisFound, int crisisPredicted, int falseAlarms,
                          int scored, int correct) {
        public double sensitivity() {
            return crisisLabelled == 0 ? 1.0 : (double) crisisFound / crisisLabelled;
        }

        public double ppv() {
            int denominator = crisisFound + falseAlarms;
            return denominator == 0 ? 1.0 : (double) crisisFound / denominator;
        }

        public double accuracy() {
            return scored == 0 ? 1.0 : (double) correct / scored;
        }
    }

    private final List<Outcome> outcomes;

    public EvaluationReport(List<Outcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    public static EvaluationReport run(TriageClassifier classifier, List<LabelledMessage> messages) {
        List<Outcome> out = new ArrayList<>();
        for (LabelledMessage m : messages) {
            out.add(new Outcome(m, classifier.classify(m.text(), m.lang())));
        }
        return new EvaluationReport(out);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    public Figures figures() {
        return figures(null);
    }

    /** @param lang null for all messages */
    public Figures figures(String lang) {
        int labelled = 0, found = 0, predicted = 0, falseAlarms = 0, scored = 0, correct = 0;
        for (Outcome o : outcomes) {
            LabelledMessage m = o.message();
            if (lang != null && !lang.equals(m.lang())) {
                continue;
            }
            boolean isCrisis = m.label() == MessageCategory.CRISIS;
            boolean saysCrisis = o.result().isCrisis();
            if (isCrisis) {
                labelled++;
                if (saysCrisis) {
                    found++;
                }
            }
            if (saysCrisis) {
                predicted++;
                if (!isCrisis && !m.ambiguous()) {
                    falseAlarms++;
                }
            }
            if (!m.ambiguous()) {
                scored++;
                if (o.correct()) {
                    correct++;
                }
            }
        }
        return new Figures(labelled, found, predicted, falseAlarms, scored, correct);
    }

    /** Among true crises that were flagged, how often the kind matches the label. */
    public int[] kindAgreement() {
        int both = 0, same = 0;
        for (Outcome o : outcomes) {
            if (o.message().label() == MessageCategory.CRISIS && o.result().isCrisis()) {
                both++;
                if (o.message().crisisKind() == o.result().crisisKind()) {
                    same++;
                }
            }
        }
        return new int[] {same, both};
    }

    /** Confusion counts [label][predicted] in MessageCategory order, all items. */
    public int[][] confusion() {
        int n = MessageCategory.values().length;
        int[][] m = new int[n][n];
        for (Outcome o : outcomes) {
            m[o.message().label().ordinal()][o.result().category().ordinal()]++;
        }
        return m;
    }

    /** Misses that matter: wrong category, or crisis with the wrong kind. */
    public List<Outcome> misclassified() {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            boolean kindWrong = o.message().label() == MessageCategory.CRISIS && o.result().isCrisis()
                    && o.message().crisisKind() != o.result().crisisKind();
            if (!o.correct() || kindWrong) {
                out.add(o);
            }
        }
        return out;
    }
}
