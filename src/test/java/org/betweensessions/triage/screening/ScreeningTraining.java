package org.betweensessions.triage.screening;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Trains the screening model from the labelled corpus with LIBLINEAR (L2-regularised logistic
 * regression, primal trust-region Newton solver: deterministic) and writes it to
 * {@code src/main/resources/triage/model/}. The corpus is the list of files in
 * {@value #CORPUS_LIST}; the dev set is not in it.
 *
 * <p>Steps: features of every message ({@link TriageClassifier#analyse}); a dictionary of features seen in
 * at least {@link Settings#minCount} training messages (lexicon features: at least once); the heads
 * (a crisis head per crisis kind, kind, category); then cross-validation on the training corpus gives out-of-fold crisis
 * logits (leave-one-file-out when {@link Settings#folds} is 0, as shipped: each file is one writer's, so
 * every score is that of a writer the model has not read; otherwise grouped k-fold), on which a Platt
 * calibration ({@code p = 1/(1+exp(-(a z + b)))}, itself a one-feature LIBLINEAR logistic regression)
 * is fitted and the operating point chosen: the highest
 * calibrated probability at which at least {@link Settings#targetSensitivity} of the out-of-fold crises
 * are still flagged.
 *
 * <p>Usage: {@code ./mvnw -q test-compile exec:java@triage-train} (docs/triage-classifier.md).
 */
public final class ScreeningTraining {

    public static final String CORPUS_LIST = "src/test/resources/triage/training-corpus.txt";
    public static final Path MODEL_DIR = Path.of("src/main/resources/triage/model");
    public static final String MODEL_VERSION = "2.13.0";

    /**
     * Everything that decides the model besides the data; recorded in model.json. {@code folds} 0 means
     * leave-one-file-out for the calibration and the operating point; {@code crisisSolver} is LIBLINEAR's
     * solver of the crisis heads.
     */
    public record Settings(
            double crisisC,
            double kindC,
            double categoryC,
            double crisisPositiveWeight,
            int minCount,
            int folds,
            long seed,
            double groupSimilarity,
            double targetSensitivity,
            boolean rulesOverride,
            boolean sentenceNegatives,
            String crisisSolver) {
        public static Settings defaults() {
            return new Settings(0.06, 1.0, 1.0, 1.0, 2, 0, 20261203L, 0.6, 0.99, false, true, "L2R_L2LOSS_SVC");
        }

        Settings withFolds(int k) {
            return new Settings(
                    crisisC,
                    kindC,
                    categoryC,
                    crisisPositiveWeight,
                    minCount,
                    k,
                    seed,
                    groupSimilarity,
                    targetSensitivity,
                    rulesOverride,
                    sentenceNegatives,
                    crisisSolver);
        }

        Settings withSentenceNegatives(boolean on) {
            return new Settings(
                    crisisC,
                    kindC,
                    categoryC,
                    crisisPositiveWeight,
                    minCount,
                    folds,
                    seed,
                    groupSimilarity,
                    targetSensitivity,
                    rulesOverride,
                    on,
                    crisisSolver);
        }

        Settings withCrisisC(double c) {
            return new Settings(
                    c,
                    kindC,
                    categoryC,
                    crisisPositiveWeight,
                    minCount,
                    folds,
                    seed,
                    groupSimilarity,
                    targetSensitivity,
                    rulesOverride,
                    sentenceNegatives,
                    crisisSolver);
        }

        Settings withPositiveWeight(double w) {
            return new Settings(
                    crisisC,
                    kindC,
                    categoryC,
                    w,
                    minCount,
                    folds,
                    seed,
                    groupSimilarity,
                    targetSensitivity,
                    rulesOverride,
                    sentenceNegatives,
                    crisisSolver);
        }

        Settings withRulesOverride(boolean on) {
            return new Settings(
                    crisisC,
                    kindC,
                    categoryC,
                    crisisPositiveWeight,
                    minCount,
                    folds,
                    seed,
                    groupSimilarity,
                    targetSensitivity,
                    on,
                    sentenceNegatives,
                    crisisSolver);
        }
    }

    /** One training message with its analysis; {@code crisisOnly}: its category is not labelled. */
    public record Example(
            LabelledMessage message, String file, TriageClassifier.Analysis analysis, boolean crisisOnly) {
        boolean crisis() {
            return message.label() == MessageCategory.CRISIS;
        }
    }

    /** The trained heads before calibration, with their dictionary. */
    record Heads(List<String> features, List<Model> crisis, Model kind, Model category) {
        ScreeningModel model(ScreeningModel.Meta meta) {
            return new ScreeningModel(meta, features, crisis, kind, category);
        }
    }

    /** The files written to src/main/resources/triage/model/, by name. */
    public record Artifacts(Map<String, String> files, ScreeningModel model) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ScreeningTraining() {}

    public static void main(String[] args) throws IOException {
        Linear.disableDebugOutput();
        TriageLexicon lexicon = TriageLexicon.loadDefault();
        List<Path> files = corpusFiles(Path.of(CORPUS_LIST));
        Artifacts a = train(lexicon, files, Settings.defaults());
        Files.createDirectories(MODEL_DIR);
        for (Map.Entry<String, String> f : a.files().entrySet()) {
            Files.writeString(MODEL_DIR.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + a.files().keySet() + " to " + MODEL_DIR + "; "
                + a.files()
                        .get("model.json")
                        .lines()
                        .filter(l -> l.contains("\"threshold\"") || l.contains("calibration"))
                        .toList());
    }

    /** The corpus files named in the list (paths relative to the repository root; # comments). */
    public static List<Path> corpusFiles(Path list) {
        try {
            return Files.readAllLines(list).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(Path::of)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Example> examples(TriageClassifier analyser, List<Path> files) {
        List<Example> out = new ArrayList<>();
        for (Path f : files) {
            for (LabelledMessage m : LabelledMessage.read(f)) {
                boolean crisisOnly = m.note() != null && m.note().startsWith("crisis-screen only");
                out.add(new Example(m, f.getFileName().toString(), analyser.analyse(m.text(), m.lang()), crisisOnly));
            }
        }
        return out;
    }

    public static Artifacts train(TriageLexicon lexicon, List<Path> files, Settings s) {
        Linear.disableDebugOutput();
        TriageClassifier analyser = new TriageClassifier(lexicon, null);
        List<Example> examples = examples(analyser, files);
        Heads heads = heads(examples, s);
        int[] fold = s.folds() == 0 ? ScreeningCrossValidation.byFile(examples, files) : folds(examples, s);
        double[] oof = outOfFoldLogits(examples, fold, s);
        boolean[] crisis = new boolean[examples.size()];
        for (int i = 0; i < crisis.length; i++) {
            crisis[i] = examples.get(i).crisis();
        }
        double[] platt = platt(oof, crisis);
        double threshold = operatingPoint(oof, crisis, platt, s.targetSensitivity());
        ScreeningModel.Meta meta = new ScreeningModel.Meta(
                MODEL_VERSION, lexicon.version(), threshold, platt[0], platt[1], s.rulesOverride());

        Map<String, String> out = new TreeMap<>();
        out.put("features.txt", String.join("\n", heads.features()) + "\n");
        for (CrisisKind k : CrisisKind.values()) {
            out.put(ScreeningModel.crisisFile(k), save(heads.crisis().get(k.ordinal())));
        }
        out.put("kind.model", save(heads.kind()));
        out.put("category.model", save(heads.category()));
        out.put("model.json", metadata(meta, s, files, examples, fold, oof, crisis, platt));
        // Reload from text, exactly as the application will.
        ScreeningModel model = new ScreeningModel(
                meta,
                heads.features(),
                Arrays.stream(CrisisKind.values())
                        .map(k -> load(out.get(ScreeningModel.crisisFile(k))))
                        .toList(),
                load(out.get("kind.model")),
                load(out.get("category.model")));
        return new Artifacts(out, model);
    }

    // ---- heads ----------------------------------------------------------------------------------

    static Heads heads(List<Example> train, Settings s) {
        return heads(train, s, true);
    }

    /** @param allHeads false trains the crisis heads only (kind and category are then null) */
    static Heads heads(List<Example> train, Settings s, boolean allHeads) {
        List<String> features = dictionary(train, s.minCount());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            index.put(features.get(i), i + 1);
        }
        List<Feature[]> x = new ArrayList<>();
        for (Example e : train) {
            x.add(encode(e.analysis().features(), index));
        }
        int n = features.size();
        List<Integer> crises = new ArrayList<>();
        List<Integer> routine = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            Example e = train.get(i);
            if (e.crisis() && e.message().crisisKind() != null) {
                crises.add(i);
            }
            if (!e.crisis() && !e.crisisOnly()) {
                routine.add(i);
            }
        }
        // One crisis head per kind: that kind's crises against every routine message (other kinds' crises
        // left out); the message's crisis score is the highest of the five. One linear head for all five
        // kinds had to share one weight per word between overdoses, abusers and chest pain; leave-one-file-out
        // PPV at 0.99 sensitivity went from 0.65 to 0.71 with five (docs/triage-classifier.md). Each head is a
        // linear SVM (squared hinge loss, Settings.crisisSolver): its decision value ranked held-out writers'
        // crises above their routine messages better than logistic regression (PPV 0.71 -> 0.74); Platt
        // scaling turns the highest of the five into a probability as before.
        List<Model> crisis = new ArrayList<>();
        for (CrisisKind k : CrisisKind.values()) {
            crisis.add(crisisHead(train, x, index, n, k, s));
        }
        if (!allHeads) {
            return new Heads(features, crisis, null, null);
        }
        Model kind = Linear.train(
                problem(x, crises, n, i -> train.get(i).message().crisisKind().ordinal()), parameter(s.kindC()));
        Model category = Linear.train(
                problem(x, routine, n, i -> train.get(i).message().label().ordinal()), parameter(s.categoryC()));
        return new Heads(features, crisis, kind, category);
    }

    /**
     * The crisis head of one kind (label 1; LIBLINEAR orders labels as first seen, and ScreeningModel reads
     * which came first). Crises without a labelled kind (the scan set's 42 "crisis-screen only" items) train
     * no head; they still count in the cross-validation that sets the operating point.
     */
    private static Model crisisHead(
            List<Example> train, List<Feature[]> x, Map<String, Integer> index, int n, CrisisKind kind, Settings s) {
        List<Feature[]> rows = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            Example e = train.get(i);
            boolean positive = e.crisis() && e.message().crisisKind() == kind;
            if (e.crisis() && !positive) {
                continue;
            }
            rows.add(x.get(i));
            y.add(positive);
            if (s.sentenceNegatives() && !e.crisis() && !e.message().ambiguous()) {
                // Classification takes the highest log-odds of the message and of each sentence alone, so the
                // head must also know that every sentence of a routine message is routine. (A crisis message's
                // sentences are not all crisis sentences, so they are not added.)
                for (Map<String, Double> sentence : e.analysis().sentences()) {
                    rows.add(encode(sentence, index));
                    y.add(false);
                }
            }
        }
        Parameter p = new Parameter(SolverType.valueOf(s.crisisSolver()), s.crisisC(), 0.001);
        p.setRandom(new Random(1));
        p.setWeights(new double[] {s.crisisPositiveWeight(), 1.0}, new int[] {1, 0});
        List<Integer> all = IntStream.range(0, rows.size()).boxed().toList();
        return Linear.train(problem(rows, all, n, r -> y.get(r) ? 1 : 0), p);
    }

    private static Parameter parameter(double c) {
        Parameter p = new Parameter(SolverType.L2R_LR, c, 0.001);
        p.setRandom(new Random(1));
        return p;
    }

    private static List<String> dictionary(List<Example> train, int minCount) {
        Map<String, Integer> count = new HashMap<>();
        for (Example e : train) {
            for (String f : e.analysis().features().keySet()) {
                count.merge(f, 1, Integer::sum);
            }
        }
        TreeSet<String> kept = new TreeSet<>();
        count.forEach((f, c) -> {
            boolean text = f.startsWith("w:") || f.startsWith("b:") || f.startsWith("n:");
            if (c >= (text ? minCount : 1)) {
                kept.add(f);
            }
        });
        return new ArrayList<>(kept);
    }

    static Feature[] encode(Map<String, Double> features, Map<String, Integer> index) {
        List<FeatureNode> nodes = new ArrayList<>();
        features.forEach((f, v) -> {
            Integer i = index.get(f);
            if (i != null) {
                nodes.add(new FeatureNode(i, v));
            }
        });
        nodes.sort(Comparator.comparingInt(FeatureNode::getIndex));
        return nodes.toArray(Feature[]::new);
    }

    private static Problem problem(List<Feature[]> x, List<Integer> rows, int n, IntToDoubleFunction label) {
        Problem p = new Problem();
        p.l = rows.size();
        p.n = n + 1;
        p.bias = 1;
        p.x = new Feature[rows.size()][];
        p.y = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Feature[] f = x.get(rows.get(r));
            Feature[] withBias = Arrays.copyOf(f, f.length + 1);
            withBias[f.length] = new FeatureNode(n + 1, 1);
            p.x[r] = withBias;
            p.y[r] = label.applyAsDouble(rows.get(r));
        }
        return p;
    }

    // ---- cross-validation pieces -------------------------------------------------------------------

    /**
     * Fold of every example: messages whose stem sets overlap by at least {@link Settings#groupSimilarity}
     * (Jaccard) are one group (near-duplicates, paraphrases), and a group never spans two folds.
     */
    static int[] folds(List<Example> examples, Settings s) {
        int n = examples.size();
        List<TreeSet<String>> words = new ArrayList<>();
        for (Example e : examples) {
            TreeSet<String> w = new TreeSet<>();
            e.analysis().features().keySet().stream()
                    .filter(f -> f.startsWith("w:"))
                    .forEach(w::add);
            words.add(w);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (jaccard(words.get(i), words.get(j)) >= s.groupSimilarity()) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> list = new ArrayList<>(groups.values());
        Collections.shuffle(list, new Random(s.seed()));
        int[] fold = new int[n];
        int g = 0;
        for (List<Integer> group : list) {
            for (int i : group) {
                fold[i] = g % s.folds();
            }
            g++;
        }
        return fold;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static double jaccard(TreeSet<String> a, TreeSet<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String x : a) {
            if (b.contains(x)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }

    /** Crisis logit (message and sentences pooled) of each example from the model trained without its fold. */
    static double[] outOfFoldLogits(List<Example> examples, int[] fold, Settings s) {
        double[] out = new double[examples.size()];
        int folds = Arrays.stream(fold).max().orElse(0) + 1;
        for (int f = 0; f < folds; f++) {
            List<Example> train = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    train.add(examples.get(i));
                }
            }
            if (train.size() == examples.size()) {
                continue; // no example in this fold
            }
            Heads h = heads(train, s, false);
            ScreeningModel m = new ScreeningModel(
                    new ScreeningModel.Meta("cv", "cv", 0.5, 1, 0, false), h.features(), h.crisis(), null, null);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    TriageClassifier.Analysis a = examples.get(i).analysis();
                    out[i] = m.pooledLogit(a.features(), a.sentences());
                }
            }
        }
        return out;
    }

    /** Platt scaling: {a, b} with p = 1/(1+exp(-(a z + b))), a one-feature logistic regression. */
    static double[] platt(double[] logits, boolean[] crisis) {
        Problem p = new Problem();
        p.l = logits.length;
        p.n = 2;
        p.bias = 1;
        p.x = new Feature[logits.length][];
        p.y = new double[logits.length];
        // Crisis first so that the first label is 1.
        int first = 0;
        while (first < crisis.length - 1 && !crisis[first]) {
            first++;
        }
        for (int i = 0; i < logits.length; i++) {
            int row = i == 0 ? first : (i == first ? 0 : i);
            p.x[i] = new Feature[] {new FeatureNode(1, logits[row]), new FeatureNode(2, 1)};
            p.y[i] = crisis[row] ? 1 : 0;
        }
        Parameter param = new Parameter(SolverType.L2R_LR, 100, 1e-6);
        param.setRegularizeBias(false);
        Model m = Linear.train(p, param);
        double[] w = m.getFeatureWeights();
        double sign = m.getLabels()[0] == 1 ? 1 : -1;
        return new double[] {sign * w[0], sign * w[1]};
    }

    static double calibrated(double z, double[] platt) {
        return 1 / (1 + Math.exp(-(platt[0] * z + platt[1])));
    }

    /**
     * The highest calibrated probability at which at least {@code target} of the crises are flagged,
     * rounded down to 3 decimals (so a crisis at exactly the point stays flagged) and at most 0.5.
     */
    static double operatingPoint(double[] logits, boolean[] crisis, double[] platt, double target) {
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            if (crisis[i]) {
                scores.add(calibrated(logits[i], platt));
            }
        }
        scores.sort(null);
        int allowedMisses = (int) Math.floor((1 - target) * scores.size() + 1e-9);
        double t = scores.isEmpty() ? 0.5 : scores.get(Math.min(allowedMisses, scores.size() - 1));
        return Math.min(0.5, Math.floor(t * 1000) / 1000);
    }

    // ---- output ------------------------------------------------------------------------------------

    private static String save(Model m) {
        try {
            StringWriter w = new StringWriter();
            Linear.saveModel(w, m);
            return w.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Model load(String text) {
        try {
            return Linear.loadModel(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String metadata(
            ScreeningModel.Meta meta,
            Settings s,
            List<Path> files,
            List<Example> examples,
            int[] fold,
            double[] oof,
            boolean[] crisis,
            double[] platt) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", meta.version());
        root.put("lexiconVersion", meta.lexiconVersion());
        root.put("threshold", meta.threshold());
        root.put("calibrationSlope", meta.calibrationSlope());
        root.put("calibrationIntercept", meta.calibrationIntercept());
        root.put("rulesOverride", meta.rulesOverride());
        root.put(
                "about",
                "Triage screening model: LIBLINEAR L2-regularised linear heads (a crisis head per crisis"
                        + " kind, solver settings.crisisSolver; kind and category: logistic regression) over Lucene"
                        + " stems, stem pairs, negated stems and lexicon rule features. Trained by ScreeningTraining"
                        + " from the files below (dev set excluded); threshold = operating point chosen on"
                        + " leave-one-file-out scores (folds 0) or grouped k-fold for crisis sensitivity. Do not"
                        + " edit by hand: retrain (docs/triage-classifier.md).");
        root.set("settings", JSON.valueToTree(s));
        ArrayNode trained = root.putArray("trainedOn");
        for (Path f : files) {
            ObjectNode o = trained.addObject();
            o.put("file", f.toString().replace('\\', '/'));
            o.put(
                    "messages",
                    examples.stream()
                            .filter(e -> e.file().equals(f.getFileName().toString()))
                            .count());
            o.put("sha256", sha256(f));
        }
        ObjectNode cv = root.putObject("crossValidation");
        int flagged = 0, crises = 0, falseAlarms = 0, routine = 0;
        for (int i = 0; i < oof.length; i++) {
            boolean p = calibrated(oof[i], platt) >= meta.threshold();
            if (crisis[i]) {
                crises++;
                flagged += p ? 1 : 0;
            } else if (!examples.get(i).message().ambiguous()) {
                routine++;
                falseAlarms += p ? 1 : 0;
            }
        }
        cv.put("folds", Arrays.stream(fold).max().orElse(0) + 1);
        cv.put("crises", crises);
        cv.put("crisesFlaggedAtThreshold", flagged);
        cv.put("routineNonAmbiguous", routine);
        cv.put("falseAlarmsAtThreshold", falseAlarms);
        cv.put(
                "note",
                "out-of-fold, with the threshold chosen on these same out-of-fold scores (optimistic);"
                        + " the nested figures are printed by exec:java@triage-cv");
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path f) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> describe(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", s);
        return m;
    }
}
