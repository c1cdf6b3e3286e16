package org.betweensessions.triage.screening;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The trained model: LIBLINEAR linear models over {@link FeatureVector} features and the
 * crisis operating point, as trained by {@code ScreeningTraining} (test sources) and shipped in
 * {@value #RESOURCE_DIR}: {@code model.json} (version, calibration, threshold, the corpus it was trained
 * on, cross-validation figures), {@code features.txt} (feature name per line; line n = LIBLINEAR index n)
 * and {@code crisis-<kind>.model} (five), {@code kind.model}, {@code category.model} (LIBLINEAR's own
 * text format).
 *
 * <ul>
 * <li>crisis heads: one binary head per crisis kind (that kind's crises against routine messages; a
 * linear SVM or a logistic regression, as {@code settings.crisisSolver} in model.json says); the
 * crisis logit {@code z} is the highest of the five, calibrated (Platt: {@code p = 1/(1+exp(-(a z + b)))},
 * {@code a, b} fitted on out-of-fold logits) and compared with the operating point {@code threshold},
 * chosen by cross-validation on the training corpus for sensitivity.
 * <li>kind head: the five crisis kinds, trained on crises only.
 * <li>category head: the four routine categories, trained on routine messages only.
 * </ul>
 * Immutable and thread-safe (LIBLINEAR prediction only reads the model).
 */
public final class ScreeningModel {

    public static final String RESOURCE_DIR = "/triage/model/";

    /** The part of model.json the classifier needs; the rest (corpus, figures) is for people and the tests. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Meta(
            String version,
            String lexiconVersion,
            double threshold,
            double calibrationSlope,
            double calibrationIntercept,
            boolean rulesOverride) {}

    /** What the model says about one message. */
    public record Prediction(
            double crisisProbability,
            double crisisLogit,
            CrisisKind kind,
            double kindProbability,
            MessageCategory category,
            double categoryProbability,
            List<String> topFeatures) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final CrisisKind[] KINDS = CrisisKind.values();
    private static final MessageCategory[] CATEGORIES = MessageCategory.values();

    private final Meta meta;
    private final Map<String, Integer> index;
    private final String[] names; // index -> name (1-based, names[0] unused)
    private final Model[] crisis; // one per CrisisKind, in its order
    private final Model kind;
    private final Model category;
    private final int[] crisisSign; // +1 if LIBLINEAR's first label is "crisis" (1), else -1

    /** @param kind, category null for a crisis-only model (cross-validation) */
    public ScreeningModel(Meta meta, List<String> features, List<Model> crisis, Model kind, Model category) {
        this.meta = Objects.requireNonNull(meta);
        this.names = new String[features.size() + 1];
        this.index = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            names[i + 1] = features.get(i);
            index.put(features.get(i), i + 1);
        }
        if (crisis.isEmpty()) {
            throw new IllegalArgumentException("No crisis head");
        }
        this.crisis = crisis.toArray(Model[]::new);
        this.crisisSign = new int[this.crisis.length];
        for (int h = 0; h < this.crisis.length; h++) {
            crisisSign[h] = this.crisis[h].getLabels()[0] == 1 ? 1 : -1;
        }
        this.kind = kind;
        this.category = category;
    }

    /** The file of a kind's crisis head, e.g. {@code crisis-self_harm.model}. */
    public static String crisisFile(CrisisKind kind) {
        return "crisis-" + kind.name().toLowerCase(Locale.ROOT) + ".model";
    }

    /** The shipped model, or null when the classpath holds none. */
    public static ScreeningModel loadDefault() {
        try (InputStream meta = ScreeningModel.class.getResourceAsStream(RESOURCE_DIR + "model.json")) {
            if (meta == null) {
                return null;
            }
            return new ScreeningModel(
                    MAPPER.readValue(meta, Meta.class),
                    lines(resource("features.txt")),
                    crisisHeads(),
                    Linear.loadModel(new StringReader(resource("kind.model"))),
                    Linear.loadModel(new StringReader(resource("category.model"))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the triage model in " + RESOURCE_DIR, e);
        }
    }

    private static List<Model> crisisHeads() throws IOException {
        List<Model> out = new ArrayList<>();
        for (CrisisKind k : KINDS) {
            out.add(Linear.loadModel(new StringReader(resource(crisisFile(k)))));
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ScreeningModel.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IOException("Missing classpath resource " + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    /** The whole model.json of the shipped model, for reports. */
    public static JsonNode defaultMetadata() {
        try (Reader r = new InputStreamReader(
                Objects.requireNonNull(ScreeningModel.class.getResourceAsStream(RESOURCE_DIR + "model.json")),
                StandardCharsets.UTF_8)) {
            return MAPPER.readTree(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Meta meta() {
        return meta;
    }

    public String version() {
        return meta.version();
    }

    public double threshold() {
        return meta.threshold();
    }

    /** LIBLINEAR input: known features only, ascending index. */
    public Feature[] encode(Map<String, Double> features) {
        List<FeatureNode> nodes = new ArrayList<>(features.size());
        for (Map.Entry<String, Double> e : features.entrySet()) {
            Integer i = index.get(e.getKey());
            if (i != null) {
                nodes.add(new FeatureNode(i, e.getValue()));
            }
        }
        nodes.sort(Comparator.comparingInt(FeatureNode::getIndex));
        return nodes.toArray(Feature[]::new);
    }

    /** Highest uncalibrated crisis logit of the message and its sentences. */
    public double pooledLogit(Map<String, Double> features, List<Map<String, Double>> sentences) {
        double z = crisisLogit(encode(features));
        for (Map<String, Double> sentence : sentences) {
            z = Math.max(z, crisisLogit(encode(sentence)));
        }
        return z;
    }

    /**
     * Uncalibrated crisis score: the highest decision value of the kinds' crisis heads (a log-odds for
     * logistic-regression heads; {@link #calibrate} turns either into a probability).
     */
    public double crisisLogit(Feature[] x) {
        return crisisLogit(x, null);
    }

    /** As {@link #crisisLogit(Feature[])}; the index of the head that gave it goes to {@code head[0]}. */
    private double crisisLogit(Feature[] x, int[] head) {
        double[] dec = new double[1];
        double z = Double.NEGATIVE_INFINITY;
        for (int h = 0; h < crisis.length; h++) {
            Linear.predictValues(crisis[h], x, dec);
            double zh = crisisSign[h] * dec[0];
            if (zh > z) {
                z = zh;
                if (head != null) {
                    head[0] = h;
                }
            }
        }
        return z;
    }

    public double calibrate(double logit) {
        return 1 / (1 + Math.exp(-(meta.calibrationSlope() * logit + meta.calibrationIntercept())));
    }

    /**
     * @param sentences features of each sentence on its own (empty for a one-sentence message): the crisis
     *                  log-odds is the highest of the message's and its sentences'
     */
    public Prediction predict(Map<String, Double> features, List<Map<String, Double>> sentences, int topFeatures) {
        Feature[] x = encode(features);
        int[] head = new int[1];
        double z = crisisLogit(x, head);
        Feature[] strongest = x;
        int strongestHead = head[0];
        for (Map<String, Double> sentence : sentences) {
            Feature[] xs = encode(sentence);
            double zs = crisisLogit(xs, head);
            if (zs > z) {
                z = zs;
                strongest = xs;
                strongestHead = head[0];
            }
        }
        double[] kp = new double[kind.getNrClass()];
        Linear.predictProbability(kind, x, kp);
        int[] kl = kind.getLabels();
        int bestKind = argmax(kp);
        double[] cp = new double[category.getNrClass()];
        Linear.predictProbability(category, x, cp);
        int[] cl = category.getLabels();
        int bestCategory = argmax(cp);
        return new Prediction(
                calibrate(z),
                z,
                KINDS[kl[bestKind]],
                kp[bestKind],
                CATEGORIES[cl[bestCategory]],
                cp[bestCategory],
                explain(strongestHead, strongest, topFeatures));
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The features that moved the crisis logit most (in the head that gave it), as
     * {@code model.feature:w:pill(+0.84)}.
     */
    private List<String> explain(int head, Feature[] x, int n) {
        double[] w = crisis[head].getFeatureWeights();
        List<double[]> contributions = new ArrayList<>();
        for (Feature f : x) {
            double c = crisisSign[head] * w[f.getIndex() - 1] * f.getValue() * meta.calibrationSlope();
            if (Math.abs(c) >= 0.05) {
                contributions.add(new double[] {f.getIndex(), c});
            }
        }
        contributions.sort((a, b) -> Double.compare(Math.abs(b[1]), Math.abs(a[1])));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, contributions.size()); i++) {
            double[] c = contributions.get(i);
            out.add(String.format(Locale.ROOT, "model.feature:%s(%+.2f)", names[(int) c[0]], c[1]));
        }
        return out;
    }

    /** Readable text for a {@code model.*} signal. */
    public static String describe(String signal) {
        if (signal.startsWith("model.crisis(")) {
            return "Calibrated probability that this is a crisis, against the operating point (crisis at or above"
                    + " it): " + signal.substring("model.crisis".length());
        }
        if (signal.startsWith("model.kind(")) {
            return "Crisis kind as the model estimates it: " + signal.substring("model.kind".length());
        }
        if (signal.startsWith("model.category(")) {
            return "Routine category as the model estimates it: " + signal.substring("model.category".length());
        }
        if (signal.startsWith("model.rules-override")) {
            return "Crisis because the lexicon rules flagged it, although the model's probability is below the"
                    + " operating point";
        }
        if (signal.startsWith("model.feature:")) {
            String f = signal.substring("model.feature:".length());
            int paren = f.lastIndexOf('(');
            String name = paren > 0 ? f.substring(0, paren) : f;
            String weight = paren > 0 ? f.substring(paren) : "";
            return "Pushed the crisis log-odds by " + weight + ": " + describeFeature(name);
        }
        return signal;
    }

    static String describeFeature(String name) {
        int colon = name.indexOf(':');
        String kind = colon < 0 ? name : name.substring(0, colon);
        String value = colon < 0 ? "" : name.substring(colon + 1);
        return switch (kind) {
            case "w" -> "the word (stem) '" + value + "'";
            case "b" -> "the word pair '" + value.replace('_', ' ') + "'";
            case "n" -> "'" + value + "' after a negation";
            case "r" -> "lexicon crisis signal " + value;
            case "k" -> "lexicon concept/marker " + value;
            case "x" -> "lexicon combination " + value;
            case "m" -> "lexicon modifier " + value;
            case "cat" -> "lexicon category signal " + value;
            case "rule" -> "lexicon rule verdict " + value;
            case "lang" -> "message language " + value;
            case "len" -> "message length " + value + " words";
            default -> name;
        };
    }
}
