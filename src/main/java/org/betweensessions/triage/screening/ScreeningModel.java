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
 * The trained model: three LIBLINEAR logistic regressions over {@link FeatureVector} features and the
 * crisis operating point, as trained by {@code ScreeningTraining} (test sources) and shipped in
 * {@value #RESOURCE_DIR}: {@code model.json} (version, calibration, threshold, the corpus it was trained
 * on, cross-validation figures), {@code features.txt} (feature name per line; line n = LIBLINEAR index n)
 * and {@code crisis.model}, {@code kind.model}, {@code category.model} (LIBLINEAR's own text format).
 *
 * <ul>
 * <li>crisis head: binary; its logit {@code z} is calibrated (Platt: {@code p = 1/(1+exp(-(a z + b)))},
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
    private final Model crisis;
    private final Model kind;
    private final Model category;
    private final int crisisSign; // +1 if LIBLINEAR's first label is "crisis" (1), else -1

    public ScreeningModel(Meta meta, List<String> features, Model crisis, Model kind, Model category) {
        this.meta = Objects.requireNonNull(meta);
        this.names = new String[features.size() + 1];
        this.index = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            names[i + 1] = features.get(i);
            index.put(features.get(i), i + 1);
        }
        this.crisis = crisis;
        this.kind = kind;
        this.category = category;
        this.crisisSign = crisis.getLabels()[0] == 1 ? 1 : -1;
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
                    Linear.loadModel(new StringReader(resource("crisis.model"))),
                    Linear.loadModel(new StringReader(resource("kind.model"))),
                    Linear.loadModel(new StringReader(resource("category.model"))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the triage model in " + RESOURCE_DIR, e);
        }
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

    /** Uncalibrated crisis logit (log-odds of the crisis head). */
    public double crisisLogit(Feature[] x) {
        double[] dec = new double[1];
        Linear.predictValues(crisis, x, dec);
        return crisisSign * dec[0];
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
        double z = crisisLogit(x);
        Feature[] strongest = x;
        for (Map<String, Double> sentence : sentences) {
            Feature[] xs = encode(sentence);
            double zs = crisisLogit(xs);
            if (zs > z) {
                z = zs;
                strongest = xs;
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
                explain(strongest, topFeatures));
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

    /** The features that moved the crisis logit most, as {@code model.feature:w:pill(+0.84)}. */
    private List<String> explain(Feature[] x, int n) {
        double[] w = crisis.getFeatureWeights();
        List<double[]> contributions = new ArrayList<>();
        for (Feature f : x) {
            double c = crisisSign * w[f.getIndex() - 1] * f.getValue() * meta.calibrationSlope();
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
