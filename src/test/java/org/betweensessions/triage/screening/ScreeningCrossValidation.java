package org.betweensessions.triage.screening;

import de.bwaldvogel.liblinear.Linear;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cross-validation of the whole training procedure on the training corpus (never on an evaluation set):
 * leave-one-file-out (each file one writer's), or grouped 10-fold where near-duplicate messages share a
 * fold ({@link ScreeningTraining#folds}). It is nested:
 * for each outer fold, the calibration and the operating point are chosen by an inner cross-validation
 * on the other folds only, exactly as {@link ScreeningTraining} chooses them for the shipped model, then
 * applied to the held-out fold. So the figures include the cost of choosing the threshold from data.
 *
 * <p>Prints a table over the settings grid (crisis-head C, crisis class weight; each with and without
 * the rules override), then the full report (confusion matrix, per language, per kind, failures) and
 * per-file figures for the shipped settings. Usage: {@code ./mvnw -q test-compile exec:java@triage-cv}
 * ({@code -Dtriage.cv.grid=false} for the shipped settings only; leave-one-file-out by default, as the
 * shipped operating point is chosen, {@code -Dtriage.cv.by=groups} for grouped 10-fold instead).
 */
public final class ScreeningCrossValidation {

    private ScreeningCrossValidation() {}

    public static void main(String[] args) {
        Linear.disableDebugOutput();
        TriageLexicon lexicon = TriageLexicon.loadDefault();
        List<Path> files = ScreeningTraining.corpusFiles(
                Path.of(System.getProperty("triage.corpus", ScreeningTraining.CORPUS_LIST)));
        List<ScreeningTraining.Example> examples =
                ScreeningTraining.examples(new TriageClassifier(lexicon, null), files);
        ScreeningTraining.Settings shipped = ScreeningTraining.Settings.defaults();
        // As the shipped model's operating point is chosen: leave-one-file-out (each file is one writer's),
        // unless grouped 10-fold is asked for (-Dtriage.cv.by=groups).
        boolean byFile = !"groups".equals(System.getProperty("triage.cv.by"));
        int[] fold = byFile
                ? byFile(examples, files)
                : ScreeningTraining.folds(examples, shipped.folds() > 0 ? shipped : shipped.withFolds(10));
        System.out.printf(
                "corpus: %d messages from %d files (%d crises); %s%n",
                examples.size(),
                files.size(),
                examples.stream().filter(ScreeningTraining.Example::crisis).count(),
                byFile
                        ? "leave-one-file-out (each file written separately: the closest thing to unseen wording)"
                        : String.format(
                                Locale.ROOT,
                                "%d folds, grouped by stem-set Jaccard >= %.2f",
                                10,
                                shipped.groupSimilarity()));
        if (!"false".equals(System.getProperty("triage.cv.grid"))) {
            System.out.println("settings grid (nested CV; operating point for >= " + shipped.targetSensitivity()
                    + " inner-CV sensitivity):");
            for (double c : grid("triage.cv.c", "0.03 0.06 0.2 1")) {
                for (double w : grid("triage.cv.w", "1 2")) {
                    ScreeningTraining.Settings s = shipped.withCrisisC(c).withPositiveWeight(w);
                    List<EvaluationReport.Outcome>[] both = nested(lexicon, examples, fold, s);
                    row(String.format(Locale.ROOT, "C=%-4s w=%-3s model alone   ", c, w), both[0]);
                    row(String.format(Locale.ROOT, "C=%-4s w=%-3s model OR rules", c, w), both[1]);
                }
            }
        }
        operatingCurve(examples, fold, shipped);
        List<EvaluationReport.Outcome>[] both = nested(lexicon, examples, fold, shipped);
        EvaluationReport report = new EvaluationReport(both[shipped.rulesOverride() ? 1 : 0]);
        report.print(System.out, "nested CV, shipped settings " + shipped);
        System.out.println("per file (nested CV, shipped settings):");
        for (Path f : files) {
            String name = f.getFileName().toString();
            EvaluationReport.line(
                    System.out,
                    name,
                    report.figures(o -> examples.stream()
                            .anyMatch(
                                    e -> e.message() == o.message() && e.file().equals(name))));
        }
        System.out.println("rules alone (the lexicon; tuned on the older files, first contact on new ones):");
        List<EvaluationReport.Outcome> rules = new ArrayList<>();
        for (ScreeningTraining.Example e : examples) {
            rules.add(new EvaluationReport.Outcome(e.message(), e.analysis().ruleResult()));
        }
        EvaluationReport byRules = new EvaluationReport(rules);
        EvaluationReport.line(System.out, "rules", byRules.figures());
        for (Path f : files) {
            String name = f.getFileName().toString();
            EvaluationReport.line(
                    System.out,
                    "rules " + name,
                    byRules.figures(o -> examples.stream()
                            .anyMatch(
                                    e -> e.message() == o.message() && e.file().equals(name))));
        }
    }

    /**
     * The trade-off the operating point sits on: out-of-fold pooled crisis probabilities (shipped settings,
     * Platt fitted on the same out-of-fold scores), and for several sensitivity targets the point that
     * reaches it with the PPV and false alarms that follow. Not nested: for seeing the curve, not for figures.
     */
    private static void operatingCurve(
            List<ScreeningTraining.Example> examples, int[] fold, ScreeningTraining.Settings s) {
        double[] oof = ScreeningTraining.outOfFoldLogits(examples, fold, s);
        boolean[] crisis = new boolean[examples.size()];
        for (int i = 0; i < crisis.length; i++) {
            crisis[i] = examples.get(i).crisis();
        }
        double[] platt = ScreeningTraining.platt(oof, crisis);
        System.out.printf(Locale.ROOT, "operating curve (out-of-fold, Platt a=%.3f b=%.3f):%n", platt[0], platt[1]);
        for (double target : new double[] {0.90, 0.95, 0.97, 0.98, 0.99, 1.0}) {
            double t = ScreeningTraining.operatingPoint(oof, crisis, platt, target);
            int found = 0, crises = 0, falseAlarms = 0, routine = 0;
            for (int i = 0; i < oof.length; i++) {
                boolean flagged = ScreeningTraining.calibrated(oof[i], platt) >= t;
                if (crisis[i]) {
                    crises++;
                    found += flagged ? 1 : 0;
                } else if (!examples.get(i).message().ambiguous()) {
                    routine++;
                    falseAlarms += flagged ? 1 : 0;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "  target %.2f: threshold %.3f sens %.3f PPV %.3f FA/100 %.1f%n",
                    target,
                    t,
                    (double) found / crises,
                    (double) found / (found + falseAlarms),
                    100.0 * falseAlarms / routine);
        }
    }

    private static double[] grid(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).trim().split("[ ,]+"))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    /** Fold = file: every file is held out once (and the inner CV leaves one of the other files out). */
    static int[] byFile(List<ScreeningTraining.Example> examples, List<Path> files) {
        int[] fold = new int[examples.size()];
        for (int i = 0; i < fold.length; i++) {
            String name = examples.get(i).file();
            for (int f = 0; f < files.size(); f++) {
                if (files.get(f).getFileName().toString().equals(name)) {
                    fold[i] = f;
                }
            }
        }
        return fold;
    }

    private static void row(String label, List<EvaluationReport.Outcome> outcomes) {
        EvaluationReport r = new EvaluationReport(outcomes);
        EvaluationReport.Figures f = r.figures();
        EvaluationReport.Figures en = r.figures("en");
        EvaluationReport.Figures es = r.figures("es");
        System.out.printf(
                Locale.ROOT,
                "  %s sens %.3f (%d/%d) PPV %.3f acc %.3f FA/100 %.1f | en sens %.3f PPV %.3f"
                        + " | es sens %.3f PPV %.3f%n",
                label,
                f.sensitivity(),
                f.crisisFound(),
                f.crisisLabelled(),
                f.ppv(),
                f.accuracy(),
                f.falseAlarmsPer100(),
                en.sensitivity(),
                en.ppv(),
                es.sensitivity(),
                es.ppv());
    }

    /** Out-of-fold outcomes: [0] model alone, [1] model OR rules. */
    @SuppressWarnings("unchecked")
    static List<EvaluationReport.Outcome>[] nested(
            TriageLexicon lexicon, List<ScreeningTraining.Example> examples, int[] fold, ScreeningTraining.Settings s) {
        int folds = Arrays.stream(fold).max().orElse(0) + 1;
        EvaluationReport.Outcome[] alone = new EvaluationReport.Outcome[examples.size()];
        EvaluationReport.Outcome[] union = new EvaluationReport.Outcome[examples.size()];
        for (int f = 0; f < folds; f++) {
            List<ScreeningTraining.Example> train = new ArrayList<>();
            List<Integer> innerFold = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    train.add(examples.get(i));
                    innerFold.add(fold[i]);
                }
            }
            int[] inner = innerFold.stream().mapToInt(Integer::intValue).toArray();
            double[] oof = ScreeningTraining.outOfFoldLogits(train, inner, s);
            boolean[] crisis = new boolean[train.size()];
            for (int i = 0; i < crisis.length; i++) {
                crisis[i] = train.get(i).crisis();
            }
            double[] platt = ScreeningTraining.platt(oof, crisis);
            double threshold = ScreeningTraining.operatingPoint(oof, crisis, platt, s.targetSensitivity());
            ScreeningModel model = ScreeningTraining.heads(train, s)
                    .model(new ScreeningModel.Meta("cv", lexicon.version(), threshold, platt[0], platt[1], false));
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    continue;
                }
                ScreeningTraining.Example e = examples.get(i);
                ScreeningModel.Prediction p =
                        model.predict(e.analysis().features(), e.analysis().sentences(), TriageClassifier.TOP_FEATURES);
                alone[i] = new EvaluationReport.Outcome(
                        e.message(), TriageClassifier.decide(e.analysis().ruleResult(), p, threshold, false, "cv"));
                union[i] = new EvaluationReport.Outcome(
                        e.message(), TriageClassifier.decide(e.analysis().ruleResult(), p, threshold, true, "cv"));
            }
        }
        return new List[] {Arrays.asList(alone), Arrays.asList(union)};
    }
}
