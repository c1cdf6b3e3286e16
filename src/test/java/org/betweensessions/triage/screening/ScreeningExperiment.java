package org.betweensessions.triage.screening;

import de.bwaldvogel.liblinear.Linear;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Raw material for choosing settings: writes, for one settings variant, a TSV of every corpus message's
 * out-of-fold crisis log-odds (leave-one-file-out) and of every message of the given evaluation files
 * under the model trained on the whole corpus, with its label and its lexicon rule features.
 * Usage: {@code ScreeningExperiment <out.tsv> <sentenceNegatives> <crisisC> [eval.jsonl...]}.
 */
public final class ScreeningExperiment {

    private ScreeningExperiment() {}

    public static void main(String[] args) throws IOException {
        Linear.disableDebugOutput();
        TriageLexicon lexicon = TriageLexicon.loadDefault();
        TriageClassifier analyser = new TriageClassifier(lexicon, null);
        List<Path> files = ScreeningTraining.corpusFiles(
                Path.of(System.getProperty("triage.corpus", ScreeningTraining.CORPUS_LIST)));
        ScreeningTraining.Settings s = ScreeningTraining.Settings.defaults()
                .withSentenceNegatives(Boolean.parseBoolean(args[1]))
                .withCrisisC(Double.parseDouble(args[2]))
                .withPositiveWeight(Double.parseDouble(System.getProperty("w", "1")));
        List<ScreeningTraining.Example> examples = ScreeningTraining.examples(analyser, files);
        int[] fold = ScreeningCrossValidation.byFile(examples, files);
        double[] oof = new double[examples.size()];
        String pool = System.getProperty("pool", "max");
        for (int f = 0; f < files.size(); f++) {
            List<ScreeningTraining.Example> train = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    train.add(examples.get(i));
                }
            }
            ScreeningTraining.Heads h = ScreeningTraining.heads(train, s, false);
            ScreeningModel m = new ScreeningModel(
                    new ScreeningModel.Meta("cv", "cv", 0.5, 1, 0, false), h.features(), h.crisis(), null, null);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    oof[i] = pooled(m, examples.get(i).analysis(), pool);
                }
            }
        }
        ScreeningTraining.Heads heads = ScreeningTraining.heads(examples, s, false);
        ScreeningModel model = new ScreeningModel(
                new ScreeningModel.Meta("x", "x", 0.5, 1, 0, false), heads.features(), heads.crisis(), null, null);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            out.println("set\tfile\tid\tlang\tlabel\tkind\tambiguous\tlogit\trules");
            for (int i = 0; i < examples.size(); i++) {
                row(
                        out,
                        "cv",
                        examples.get(i).file(),
                        examples.get(i).message(),
                        oof[i],
                        examples.get(i).analysis());
            }
            for (int a = 3; a < args.length; a++) {
                Path f = Path.of(args[a]);
                for (LabelledMessage m : LabelledMessage.read(f)) {
                    TriageClassifier.Analysis an = analyser.analyse(m.text(), m.lang());
                    row(out, "eval", f.getFileName().toString(), m, pooled(model, an, pool), an);
                }
            }
        }
    }

    static double pooled(ScreeningModel m, TriageClassifier.Analysis a, String pool) {
        double whole = m.crisisLogit(m.encode(a.features()));
        double best = Double.NEGATIVE_INFINITY;
        for (Map<String, Double> sentence : a.sentences()) {
            best = Math.max(best, m.crisisLogit(m.encode(sentence)));
        }
        if (a.sentences().isEmpty()) {
            return whole;
        }
        return switch (pool) {
            case "sentences" -> best;
            case "mean" -> (whole + best) / 2;
            default -> Math.max(whole, best);
        };
    }

    private static void row(
            PrintWriter out, String set, String file, LabelledMessage m, double logit, TriageClassifier.Analysis a) {
        String rules = a.features().keySet().stream()
                .filter(f -> !f.startsWith("w:") && !f.startsWith("b:") && !f.startsWith("n:"))
                .sorted()
                .collect(Collectors.joining(" "));
        out.printf(
                Locale.ROOT,
                "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.5f\t%s%n",
                set,
                file,
                m.id(),
                m.lang(),
                m.label(),
                m.crisisKind(),
                m.ambiguous(),
                logit,
                rules);
    }
}
