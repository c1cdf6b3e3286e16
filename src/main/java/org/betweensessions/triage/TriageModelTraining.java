package org.betweensessions.triage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains {@link TriageModel} from labelled JSONL files and measures it by leave-one-file-out
 * cross-validation. Plain Java: full-batch gradient descent (AdaGrad steps) on the L2-regularised
 * logistic loss; deterministic, so the same files always give the same model.json.
 *
 * <pre>
 * TriageModelTraining [--out src/main/resources/triage/model.json] file.jsonl...   train + write
 * TriageModelTraining --cv [--first-pass name=tools/x-first-pass.txt]... file.jsonl...   CV table only
 * </pre>
 */
public final class TriageModelTraining {

    public static final String MODEL_VERSION = "1.0.0";
    /** Settings (chosen once, see README-triage.md); recorded in model.json. */
    static final double L2 = Double.parseDouble(System.getProperty("triage.l2", "1e-4"));
    static final int MIN_DF = 2;
    static final int ITERATIONS = 300;
    static final double LEARNING_RATE = 0.5;
    /** Threshold: the model alone should catch this share of crises in out-of-fold training predictions. */
    static final double TARGET_SENSITIVITY = Double.parseDouble(System.getProperty("triage.target", "0.97"));
    static final double MAX_THRESHOLD = 0.5;

    private TriageModelTraining() {
    }

    /** A labelled message with its features (computed once). */
    record Example(LabelledMessage m, Map<String, Double> x, boolean rulesCrisis, String file) {
        boolean crisis() {
            return m.label() == MessageCategory.CRISIS;
        }
    }

    // ---- data -----------------------------------------------------------------------------------

    static Map<String, List<Example>> load(List<Path> files) {
        TriageClassifier rules = new TriageClassifier(TriageLexicon.loadDefault(), null);
        Map<String, List<Example>> out = new LinkedHashMap<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            List<Example> ex = new ArrayList<>();
            for (LabelledMessage m : LabelledMessage.read(p)) {
                TriageClassifier.RuleOutcome r = rules.rules(m.text(), m.lang());
                ex.add(new Example(m, TriageModel.features(NormalizedText.of(m.text()).text,
                        Boolean.getBoolean("triage.textOnly") ? List.of() : r.features()),
                        r.result().isCrisis(), name));
            }
            out.put(name, ex);
        }
        return out;
    }

    // ---- training -------------------------------------------------------------------------------

    /** Trains all three heads and picks the crisis threshold from inner leave-one-file-out predictions. */
    static TriageModel train(Map<String, List<Example>> files) {
        List<Example> all = files.values().stream().flatMap(List::stream).toList();
        TriageModel m = trainHeads(all, 0.5);
        return m.withThreshold(chooseThreshold(files));
    }

    static TriageModel trainHeads(List<Example> data, double threshold) {
        TriageModel.Head crisis = fit(data, new String[] {"CRISIS"}, e -> e.crisis() ? 0 : 1, true);
        String[] kinds = Arrays.stream(CrisisKind.values()).map(Enum::name).toArray(String[]::new);
        List<Example> crises = data.stream().filter(e -> e.crisis() && e.m().crisisKind() != null).toList();
        TriageModel.Head kind = fit(crises, kinds, e -> e.m().crisisKind().ordinal(), false);
        List<Example> routine = data.stream().filter(e -> !e.crisis() && !e.m().ambiguous() && !screenOnly(e)).toList();
        List<String> r = List.of(TriageModel.ROUTINE);
        TriageModel.Head cat = fit(routine, TriageModel.ROUTINE, e -> r.indexOf(e.m().label().name()), false);
        return new TriageModel(MODEL_VERSION, TriageLexicon.loadDefault().version(), threshold, crisis, kind, cat, false);
    }

    /** Messages labelled only crisis / not crisis (tools/make_scan_set.py): no category or kind label. */
    static boolean screenOnly(Example e) {
        return e.m().note() != null && e.m().note().startsWith("crisis-screen only");
    }

    /** Out-of-fold crisis probabilities over the given files (each file predicted by a model trained on the others). */
    static Map<Example, Double> outOfFold(Map<String, List<Example>> files) {
        Map<Example, Double> p = new java.util.IdentityHashMap<>();
        for (String held : files.keySet()) {
            List<Example> train = new ArrayList<>();
            files.forEach((k, v) -> {
                if (!k.equals(held)) {
                    train.addAll(v);
                }
            });
            TriageModel.Head h = fit(train, new String[] {"CRISIS"}, e -> e.crisis() ? 0 : 1, true);
            for (Example e : files.get(held)) {
                p.put(e, h.probabilities(e.x())[0]);
            }
        }
        return p;
    }

    /** Highest threshold at which the model alone still catches TARGET_SENSITIVITY of out-of-fold crises. */
    static double chooseThreshold(Map<String, List<Example>> files) {
        Map<Example, Double> oof = outOfFold(files);
        double[] crisisP = oof.entrySet().stream().filter(e -> e.getKey().crisis())
                .mapToDouble(Map.Entry::getValue).sorted().toArray();
        int allowedMisses = (int) Math.floor((1 - TARGET_SENSITIVITY) * crisisP.length);
        double t = crisisP[Math.min(allowedMisses, crisisP.length - 1)];
        return Math.min(MAX_THRESHOLD, t - 1e-9);
    }

    private interface Label {
        int of(Example e);
    }

    /**
     * L2-regularised logistic regression. binary: one weight vector, class 0 is the positive class
     * (label 0 -> y = 1). Otherwise softmax over classes. Features seen in fewer than MIN_DF messages
     * are dropped.
     */
    static TriageModel.Head fit(List<Example> data, String[] classes, Label label, boolean binary) {
        Map<String, Integer> df = new HashMap<>();
        for (Example e : data) {
            for (String f : e.x().keySet()) {
                df.merge(f, 1, Integer::sum);
            }
        }
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        df.entrySet().stream().filter(e -> e.getValue() >= MIN_DF).map(Map.Entry::getKey).sorted().forEach(f -> {
            index.put(f, names.size());
            names.add(f);
        });
        int n = data.size();
        int v = names.size();
        int k = binary ? 1 : classes.length;
        int[][] idx = new int[n][];
        double[][] val = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Example e = data.get(i);
            List<Integer> is = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            for (Map.Entry<String, Double> f : e.x().entrySet()) {
                Integer j = index.get(f.getKey());
                if (j != null) {
                    is.add(j);
                    vs.add(f.getValue());
                }
            }
            idx[i] = is.stream().mapToInt(Integer::intValue).toArray();
            val[i] = vs.stream().mapToDouble(Double::doubleValue).toArray();
            y[i] = label.of(e);
        }
        double[][] w = new double[k][v];
        double[] b = new double[k];
        double[][] gw2 = new double[k][v];
        double[] gb2 = new double[k];
        double[][] g = new double[k][v];
        double[] gb = new double[k];
        double[] z = new double[k];
        for (int it = 0; it < ITERATIONS; it++) {
            for (double[] row : g) {
                Arrays.fill(row, 0);
            }
            Arrays.fill(gb, 0);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    double s = b[c];
                    for (int t = 0; t < idx[i].length; t++) {
                        s += w[c][idx[i][t]] * val[i][t];
                    }
                    z[c] = s;
                }
                double[] p = TriageModel.softmaxOrSigmoid(z);
                for (int c = 0; c < k; c++) {
                    double target = binary ? (y[i] == 0 ? 1 : 0) : (y[i] == c ? 1 : 0);
                    double d = (p[c] - target) / n;
                    gb[c] += d;
                    for (int t = 0; t < idx[i].length; t++) {
                        g[c][idx[i][t]] += d * val[i][t];
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < v; j++) {
                    double gr = g[c][j] + L2 * w[c][j];
                    gw2[c][j] += gr * gr;
                    w[c][j] -= LEARNING_RATE * gr / Math.sqrt(gw2[c][j] + 1e-12);
                }
                gb2[c] += gb[c] * gb[c];
                b[c] -= LEARNING_RATE * gb[c] / Math.sqrt(gb2[c] + 1e-12);
            }
        }
        Map<String, double[]> weights = new HashMap<>();
        for (int j = 0; j < v; j++) {
            double[] col = new double[k];
            for (int c = 0; c < k; c++) {
                col[c] = w[c][j];
            }
            weights.put(names.get(j), col);
        }
        return new TriageModel.Head(classes, weights, b);
    }

    // ---- cross-validation -----------------------------------------------------------------------

    /** Sensitivity/PPV counts for one held-out file and one decision rule. */
    record Counts(int labelled, int found, int falseAlarms) {
        double sensitivity() {
            return labelled == 0 ? 1 : (double) found / labelled;
        }

        double ppv() {
            return found + falseAlarms == 0 ? 1 : (double) found / (found + falseAlarms);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d/%d=%.3f PPV %.3f", found, labelled, sensitivity(), ppv());
        }
    }

    /** Leave-one-file-out figures for one held-out file. */
    record Fold(String file, double threshold, double auc, Counts rules, Counts model, Counts union, Counts firstPassUnion,
                Counts firstPassRules, int accCorrect, int accScored, int accCorrectCat, List<String> missed) {
    }

    static Counts count(List<Example> held, java.util.function.Predicate<Example> flagged) {
        int labelled = 0, found = 0, fa = 0;
        for (Example e : held) {
            boolean f = flagged.test(e);
            if (e.crisis()) {
                labelled++;
                found += f ? 1 : 0;
            } else if (f && !e.m().ambiguous()) {
                fa++;
            }
        }
        return new Counts(labelled, found, fa);
    }

    /**
     * Train on every file but {@code held} (threshold from inner leave-one-file-out on those files only),
     * test on {@code held}. firstPassFlagged: ids the rules flagged on first contact with that file, or null.
     */
    static Fold fold(Map<String, List<Example>> files, String held, Set<String> firstPassFlagged) {
        Map<String, List<Example>> train = new LinkedHashMap<>(files);
        train.remove(held);
        TriageModel model = train(train);
        TriageModel withCat = model.withCategory(true);
        List<Example> test = files.get(held);
        double t = model.threshold();
        TriageClassifier rulesOnly = new TriageClassifier(TriageLexicon.loadDefault(), null);
        Counts rules = count(test, Example::rulesCrisis);
        Counts alone = count(test, e -> model.pCrisis(e.x()) >= t);
        double auc = auc(test, model);
        Counts union = count(test, e -> e.rulesCrisis() || model.pCrisis(e.x()) >= t);
        Counts fpUnion = null, fpRules = null;
        if (firstPassFlagged != null) {
            fpRules = count(test, e -> firstPassFlagged.contains(e.m().id()));
            fpUnion = count(test, e -> firstPassFlagged.contains(e.m().id()) || model.pCrisis(e.x()) >= t);
        }
        int correct = 0, correctCat = 0, scored = 0;
        List<String> missed = new ArrayList<>();
        for (Example e : test) {
            TriageClassifier.RuleOutcome r = rulesOnly.rules(e.m().text(), e.m().lang());
            NormalizedText nt = NormalizedText.of(e.m().text());
            TriageResult u = model.combine(nt, r);
            TriageResult uc = withCat.combine(nt, r);
            if (!e.m().ambiguous() && !screenOnly(e)) {
                scored++;
                correct += u.category() == e.m().label() ? 1 : 0;
                correctCat += uc.category() == e.m().label() ? 1 : 0;
            }
            if (e.crisis() && !(firstPassFlagged == null ? e.rulesCrisis() : firstPassFlagged.contains(e.m().id()))
                    && model.pCrisis(e.x()) < t) {
                missed.add(String.format(Locale.ROOT, "%s p=%.2f %s", e.m().id(), model.pCrisis(e.x()), e.m().text()));
            }
        }
        return new Fold(held, t, auc, rules, alone, union, fpUnion, fpRules, correct, scored, correctCat, missed);
    }

    /** Area under the ROC curve of the crisis probability (non-ambiguous negatives). */
    static double auc(List<Example> test, TriageModel model) {
        List<Double> pos = new ArrayList<>(), neg = new ArrayList<>();
        for (Example e : test) {
            if (e.crisis()) {
                pos.add(model.pCrisis(e.x()));
            } else if (!e.m().ambiguous()) {
                neg.add(model.pCrisis(e.x()));
            }
        }
        double s = 0;
        for (double a : pos) {
            for (double b : neg) {
                s += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return pos.isEmpty() || neg.isEmpty() ? 1 : s / pos.size() / neg.size();
    }

    /** Ids flagged as crisis on first contact, from a saved TriageEvaluation output (misclassified list). */
    static Set<String> firstPassFlagged(Path output, List<Example> file) throws IOException {
        Pattern line = Pattern.compile("^\\s+(\\S+)(?: \\(ambiguous\\))? (\\w+)/\\S+ -> (\\w+)/");
        Map<String, String> predicted = new HashMap<>();
        for (String l : Files.readAllLines(output)) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                predicted.put(m.group(1), m.group(3));
            }
        }
        Set<String> flagged = new HashSet<>();
        for (Example e : file) {
            String p = predicted.get(e.m().id());
            if (p == null ? e.crisis() : p.equals("CRISIS")) {
                flagged.add(e.m().id());
            }
        }
        return flagged;
    }

    // ---- main -----------------------------------------------------------------------------------

    public static void main(String[] args) throws IOException {
        Path out = Path.of("src/main/resources/triage/model.json");
        boolean cv = false;
        Map<String, Path> firstPass = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--cv" -> cv = true;
                case "--first-pass" -> {
                    String[] kv = args[++i].split("=", 2);
                    firstPass.put(kv[0], Path.of(kv[1]));
                }
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: TriageModelTraining [--cv] [--first-pass file.jsonl=first-pass.txt] [--out model.json] labelled.jsonl...");
            System.exit(2);
        }
        Map<String, List<Example>> data = load(files);
        if (cv) {
            System.out.println("| held-out file | n | crisis | threshold | AUC | rules (as shipped, tuned) | model alone | rules OR model | first-contact rules | first-contact rules OR model | 5-class acc. (union) | acc. with category head |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            List<String> missed = new ArrayList<>();
            for (String held : data.keySet()) {
                Path fp = firstPass.get(held);
                Fold f = fold(data, held, fp == null ? null : firstPassFlagged(fp, data.get(held)));
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %s | %s | %s | %s | %s | %d/%d=%.3f | %d/%d=%.3f |%n",
                        held, data.get(held).size(), f.rules().labelled(), f.threshold(), f.auc(), f.rules(), f.model(), f.union(),
                        f.firstPassRules() == null ? "-" : f.firstPassRules(),
                        f.firstPassUnion() == null ? "-" : f.firstPassUnion(),
                        f.accCorrect(), f.accScored(), (double) f.accCorrect() / Math.max(1, f.accScored()),
                        f.accCorrectCat(), f.accScored(), (double) f.accCorrectCat() / Math.max(1, f.accScored()));
                f.missed().forEach(m -> missed.add("  missed by " + (fp == null ? "rules" : "first-contact rules")
                        + " and model: " + m));
            }
            missed.forEach(System.out::println);
            return;
        }
        TriageModel model = train(data);
        write(model, files, data, out);
        System.out.printf(Locale.ROOT, "wrote %s (version %s, crisis threshold %.3f, %d crisis features)%n", out,
                model.version(), model.threshold(), model.crisisHead().weights().size());
    }

    static void write(TriageModel model, List<Path> files, Map<String, List<Example>> data, Path out) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("version", model.version());
        root.put("lexiconVersion", model.lexiconVersion());
        root.put("about", "Logistic-regression heads combined with the rule lexicon (crisis = rules OR model). "
                + "Regenerate with TriageModelTraining (README-triage.md); do not edit weights by hand.");
        ObjectNode training = root.putObject("training");
        ArrayNode f = training.putArray("files");
        for (Path p : files) {
            f.add(p.getFileName().toString() + " (" + data.get(p.getFileName().toString()).size() + " messages)");
        }
        training.put("l2", L2);
        training.put("minDocumentFrequency", MIN_DF);
        training.put("iterations", ITERATIONS);
        training.put("targetOutOfFoldSensitivity", TARGET_SENSITIVITY);
        training.put("features", "w:word, b:word pair (same clause), c:character 3-5-grams inside <word>, "
                + "k:rule concept families and negated/suppressed/safety markers; binary, scaled to unit length");
        root.put("crisisThreshold", Math.round(model.threshold() * 10000) / 10000.0);
        root.put("useCategoryHead", model.usesCategoryHead());
        ObjectNode heads = root.putObject("heads");
        heads.set("crisis", TriageModel.headJson(model.crisisHead(), 40));
        heads.set("kind", TriageModel.headJson(model.kindHead(), 15));
        heads.set("category", TriageModel.headJson(model.categoryHead(), 15));
        Files.createDirectories(out.toAbsolutePath().getParent());
        mapper.writeValue(out.toFile(), root);
    }
}
