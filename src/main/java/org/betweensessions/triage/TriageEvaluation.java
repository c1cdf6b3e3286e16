package org.betweensessions.triage;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints triage figures for labelled JSONL files.
 * Usage: {@code TriageEvaluation <file.jsonl>...}
 */
public final class TriageEvaluation {

    private static final String[] SHORT = {"ADMIN", "UPDATE", "SUPPORT", "BOUND", "CRISIS"};

    private TriageEvaluation() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: TriageEvaluation <labelled.jsonl>...");
            return;
        }
        TriageLexicon lexicon = TriageLexicon.loadDefault();
        TriageClassifier classifier = new TriageClassifier(lexicon);
        for (String arg : args) {
            EvaluationReport report = EvaluationReport.run(classifier, LabelledMessage.read(Path.of(arg)));
            print(arg, report, classifier.lexiconVersion());
        }
    }

    static void print(String name, EvaluationReport report, String version) {
        System.out.printf("=== %s (%d messages, lexicon %s) ===%n", name, report.outcomes().size(), version);
        System.out.println("confusion matrix, rows = label, columns = predicted (all items):");
        System.out.printf("%-9s", "");
        for (String s : SHORT) {
            System.out.printf("%8s", s);
        }
        System.out.println();
        int[][] c = report.confusion();
        for (int i = 0; i < c.length; i++) {
            System.out.printf("%-9s", SHORT[i]);
            for (int j = 0; j < c[i].length; j++) {
                System.out.printf("%8d", c[i][j]);
            }
            System.out.println();
        }
        line("all", report.figures());
        line("en", report.figures("en"));
        line("es", report.figures("es"));
        int[] kind = report.kindAgreement();
        System.out.printf(Locale.ROOT, "crisis-kind agreement on detected crises: %d/%d = %.3f%n", kind[0], kind[1],
                kind[1] == 0 ? 1.0 : (double) kind[0] / kind[1]);
        System.out.println("misclassified (label -> predicted):");
        for (EvaluationReport.Outcome o : report.misclassified()) {
            LabelledMessage m = o.message();
            TriageResult r = o.result();
            System.out.printf("  %s%s %s/%s -> %s/%s signals=%s%n    \"%s\"%n", m.id(), m.ambiguous() ? " (ambiguous)" : "",
                    m.label(), m.crisisKind(), r.category(), r.crisisKind(), r.signals(), abbreviate(m.text()));
        }
        System.out.println();
    }

    private static void line(String label, EvaluationReport.Figures f) {
        System.out.printf(Locale.ROOT,
                "[%s] crisis sensitivity %d/%d = %.3f | PPV %d/%d = %.3f | accuracy (non-ambiguous) %d/%d = %.3f%n",
                label, f.crisisFound(), f.crisisLabelled(), f.sensitivity(), f.crisisFound(),
                f.crisisFound() + f.falseAlarms(), f.ppv(), f.correct(), f.scored(), f.accuracy());
    }

    private static String abbreviate(String s) {
        return s.length() <= 140 ? s : s.substring(0, 137) + "...";
    }
}
