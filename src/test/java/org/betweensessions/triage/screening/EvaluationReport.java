package org.betweensessions.triage.screening;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Figures for labelled messages and the classifier's answers. Ambiguous items count for crisis
 * sensitivity (a missed possible crisis still matters) but not against PPV or accuracy (clinicians
 * could disagree). Messages whose note starts with "crisis-screen only" (the scan set) have no
 * labelled category: they count for the crisis screen only.
 */
public final class EvaluationReport {

    /** A labelled message with the classifier's answer. */
    public record Outcome(LabelledMessage message, TriageResult result) {
        boolean correct() {
            return result.category() == message.label();
        }

        boolean labelledCrisis() {
            return message.label() == MessageCategory.CRISIS;
        }

        boolean crisisOnly() {
            return message.note() != null && message.note().startsWith("crisis-screen only");
        }
    }

    /** Sensitivity, PPV and accuracy for a subset. */
    public record Figures(int crisisLabelled, int crisisFound, int falseAlarms, int routine, int scored, int correct) {
        public double sensitivity() {
            return crisisLabelled == 0 ? Double.NaN : (double) crisisFound / crisisLabelled;
        }

        /** Flagged crises among flagged messages; flags on ambiguous non-crisis items do not count. */
        public double ppv() {
            int denominator = crisisFound + falseAlarms;
            return denominator == 0 ? Double.NaN : (double) crisisFound / denominator;
        }

        public double accuracy() {
            return scored == 0 ? Double.NaN : (double) correct / scored;
        }

        /** False crisis flags per 100 non-ambiguous routine messages. */
        public double falseAlarmsPer100() {
            return routine == 0 ? Double.NaN : 100.0 * falseAlarms / routine;
        }
    }

    private static final String[] SHORT = {"ADMIN", "UPDATE", "SUPPORT", "BOUND", "CRISIS"};

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
        return figures(o -> true);
    }

    public Figures figures(String lang) {
        return figures(o -> lang.equals(o.message().lang()));
    }

    public Figures figures(Predicate<Outcome> subset) {
        int labelled = 0, found = 0, falseAlarms = 0, routine = 0, scored = 0, correct = 0;
        for (Outcome o : outcomes) {
            if (!subset.test(o)) {
                continue;
            }
            boolean saysCrisis = o.result().isCrisis();
            if (o.labelledCrisis()) {
                labelled++;
                found += saysCrisis ? 1 : 0;
            } else if (!o.message().ambiguous()) {
                routine++;
                falseAlarms += saysCrisis ? 1 : 0;
            }
            if (!o.message().ambiguous() && !(o.crisisOnly() && !o.labelledCrisis())) {
                scored++;
                boolean right = o.crisisOnly() ? saysCrisis : o.correct();
                correct += right ? 1 : 0;
            }
        }
        return new Figures(labelled, found, falseAlarms, routine, scored, correct);
    }

    /** Among true crises that were flagged (and have a labelled kind), how often the kind matches. */
    public int[] kindAgreement() {
        int both = 0, same = 0;
        for (Outcome o : outcomes) {
            if (o.labelledCrisis() && o.result().isCrisis() && o.message().crisisKind() != null) {
                both++;
                same += o.message().crisisKind() == o.result().crisisKind() ? 1 : 0;
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

    /** Wrong category (crisis-only items: wrong screen), or crisis with the wrong kind. */
    public List<Outcome> failures() {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            boolean wrong = o.crisisOnly() ? o.labelledCrisis() != o.result().isCrisis() : !o.correct();
            boolean kindWrong = o.labelledCrisis()
                    && o.result().isCrisis()
                    && o.message().crisisKind() != null
                    && o.message().crisisKind() != o.result().crisisKind();
            if (wrong || kindWrong) {
                out.add(o);
            }
        }
        return out;
    }

    public void print(PrintStream out, String title) {
        out.printf("=== %s (%d messages) ===%n", title, outcomes.size());
        out.println("confusion matrix, rows = label, columns = predicted (all items; ambiguous included):");
        out.printf("%-9s", "");
        for (String s : SHORT) {
            out.printf("%8s", s);
        }
        out.println();
        int[][] c = confusion();
        MessageCategory[] cats = MessageCategory.values();
        for (int i = 0; i < c.length; i++) {
            out.printf("%-9s", SHORT[cats[i].ordinal()]);
            for (int j = 0; j < c[i].length; j++) {
                out.printf("%8d", c[i][j]);
            }
            out.println();
        }
        line(out, "all", figures());
        line(out, "en", figures("en"));
        line(out, "es", figures("es"));
        out.println("per crisis kind (sensitivity):");
        for (CrisisKind k : CrisisKind.values()) {
            Figures f = figures(o -> o.message().crisisKind() == k);
            if (f.crisisLabelled() > 0) {
                out.printf(
                        Locale.ROOT, "  %-18s %d/%d = %.3f%n", k, f.crisisFound(), f.crisisLabelled(), f.sensitivity());
            }
        }
        Figures unk = figures(o -> o.labelledCrisis() && o.message().crisisKind() == null);
        if (unk.crisisLabelled() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  %-18s %d/%d = %.3f%n",
                    "(kind not labelled)",
                    unk.crisisFound(),
                    unk.crisisLabelled(),
                    unk.sensitivity());
        }
        int[] kind = kindAgreement();
        out.printf(
                Locale.ROOT,
                "crisis-kind agreement on detected crises: %d/%d = %.3f%n",
                kind[0],
                kind[1],
                kind[1] == 0 ? Double.NaN : (double) kind[0] / kind[1]);
        List<Outcome> failures = failures();
        out.printf("failures (%d): id, expected -> got, crisis probability, top signals%n", failures.size());
        for (Outcome o : failures) {
            LabelledMessage m = o.message();
            TriageResult r = o.result();
            List<String> top = r.signals().subList(0, Math.min(6, r.signals().size()));
            out.printf(
                    Locale.ROOT,
                    "  %s%s %s/%s -> %s/%s p=%s %s%n    \"%s\"%n",
                    m.id(),
                    m.ambiguous() ? " (ambiguous)" : "",
                    m.label(),
                    m.crisisKind(),
                    r.category(),
                    r.crisisKind(),
                    r.crisisProbability() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.crisisProbability()),
                    top,
                    abbreviate(m.text()));
        }
        out.println();
    }

    static void line(PrintStream out, String label, Figures f) {
        out.printf(
                Locale.ROOT,
                "[%s] crisis sensitivity %d/%d = %.3f | PPV %d/%d = %.3f | accuracy (non-ambiguous) %d/%d = %.3f"
                        + " | false alarms %.1f per 100 routine (%d/%d)%n",
                label,
                f.crisisFound(),
                f.crisisLabelled(),
                f.sensitivity(),
                f.crisisFound(),
                f.crisisFound() + f.falseAlarms(),
                f.ppv(),
                f.correct(),
                f.scored(),
                f.accuracy(),
                f.falseAlarmsPer100(),
                f.falseAlarms(),
                f.routine());
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 160 ? one : one.substring(0, 157) + "...";
    }
}
