package org.betweensessions.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Small statistical model combined with the rules: L2-regularised logistic regression over features that
 * generalise to unseen wording. Immutable and thread-safe; trained by {@link TriageModelTraining}, stored
 * as reviewable JSON ({@value #DEFAULT_RESOURCE}).
 *
 * <p>Features of one message (binary, scaled to unit length): {@code w:word} normalised word,
 * {@code b:word word} adjacent words in the same clause, {@code c:<ab} character 3-5-grams inside a word
 * padded with {@code <} and {@code >} (robust to typos, inflection, Spanish morphology), and rule-engine
 * features {@code k:c.means} (concept families that survived idiom/history/negation discounting),
 * {@code k:negated}, {@code k:suppressed}, {@code k:safety}.
 *
 * <p>Three heads: {@code crisis} (binary, the screen), {@code kind} (which of the five crisis kinds, used
 * when only the model flags a crisis) and {@code category} (four routine categories, used when the rules
 * found no category evidence and fell back to the default).
 */
public final class TriageModel {

    public static final String DEFAULT_RESOURCE = "/triage/model.json";
    static final String[] ROUTINE = {"ADMINISTRATIVE", "THERAPEUTIC_UPDATE", "SUPPORT_SEEKING", "BOUNDARY"};
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Words after one of these (up to 3, same clause) also give an {@code n:word} feature. */
    static final Set<String> NEGATION_CUES = Set.of("not", "never", "no", "dont", "wont", "didnt", "havent",
            "isnt", "arent", "wasnt", "nunca", "ni", "tampoco", "nothing", "nada");
    static final boolean NEGATION_MARKING = !Boolean.getBoolean("triage.noNegation");

    /** One logistic-regression head: binary (one weight per feature) or softmax over {@code classes}. */
    record Head(String[] classes, Map<String, double[]> weights, double[] bias) {
        boolean binary() {
            return classes.length == 1;
        }

        boolean knows(Map<String, Double> x) {
            for (String f : x.keySet()) {
                if (weights.containsKey(f)) {
                    return true;
                }
            }
            return false;
        }

        /** Probabilities: binary -> {p(class)}; else softmax over classes. */
        double[] probabilities(Map<String, Double> x) {
            double[] z = bias.clone();
            for (Map.Entry<String, Double> e : x.entrySet()) {
                double[] w = weights.get(e.getKey());
                if (w != null) {
                    for (int k = 0; k < z.length; k++) {
                        z[k] += w[k] * e.getValue();
                    }
                }
            }
            return softmaxOrSigmoid(z);
        }

        /** Features with the largest positive contribution to class k, as "feature(+0.12)". */
        List<String> top(Map<String, Double> x, int k, int n) {
            List<Map.Entry<String, Double>> c = new ArrayList<>();
            for (Map.Entry<String, Double> e : x.entrySet()) {
                double[] w = weights.get(e.getKey());
                if (w != null) {
                    double v = w[k] * e.getValue();
                    if (!binary()) {
                        double mean = 0;
                        for (double wi : w) {
                            mean += wi / w.length;
                        }
                        v = (w[k] - mean) * e.getValue();
                    }
                    if (v > 0) {
                        c.add(Map.entry(e.getKey(), v));
                    }
                }
            }
            c.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
            List<String> out = new ArrayList<>();
            for (int i = 0; i < Math.min(n, c.size()); i++) {
                out.add(String.format(Locale.ROOT, "%s(+%.2f)", c.get(i).getKey(), c.get(i).getValue()));
            }
            return out;
        }
    }

    private final String version;
    private final String lexiconVersion;
    private final double threshold;
    private final Head crisis;
    private final Head kind;
    private final Head category;
    private final boolean useCategory;
    /** The crisis head's weights by feature id, for the per-message fast path (see {@link #combine}). */
    private final FeatureIndex crisisIndex;
    private final double[] crisisWeight;
    /** Crisis-index id -> row of its kind-head weights in kindWeight, or -1; null if the kind head has a
     *  feature the crisis head lacks (then model-raised crises always take the reference path). */
    private final int[] kindRow;
    private final double[] kindWeight;
    private static final ThreadLocal<MessageFeatures> FEATURES = ThreadLocal.withInitial(MessageFeatures::new);

    TriageModel(String version, String lexiconVersion, double threshold, Head crisis, Head kind, Head category,
                boolean useCategory) {
        this.version = Objects.requireNonNull(version);
        this.lexiconVersion = Objects.requireNonNull(lexiconVersion);
        this.threshold = threshold;
        this.crisis = Objects.requireNonNull(crisis);
        this.kind = Objects.requireNonNull(kind);
        this.category = category;
        this.useCategory = useCategory && category != null;
        List<String> names = new ArrayList<>(crisis.weights().keySet());
        names.sort(null);
        this.crisisIndex = new FeatureIndex(names);
        this.crisisWeight = names.stream().mapToDouble(n -> crisis.weights().get(n)[0]).toArray();
        int classes = kind.classes().length;
        int[] rows = new int[names.size()];
        Arrays.fill(rows, -1);
        double[] w = new double[kind.weights().size() * classes];
        int row = 0;
        boolean covered = true;
        for (Map.Entry<String, double[]> e : kind.weights().entrySet()) {
            int id = crisisIndex.find(e.getKey());
            if (id < 0) {
                covered = false;
                break;
            }
            rows[id] = row;
            System.arraycopy(e.getValue(), 0, w, row * classes, classes);
            row++;
        }
        this.kindRow = covered ? rows : null;
        this.kindWeight = covered ? w : null;
    }

    public String version() {
        return version;
    }

    /** Lexicon version whose concept families the model was trained with (its k: features). */
    public String lexiconVersion() {
        return lexiconVersion;
    }

    /** Crisis probability at or above which the model flags a crisis on its own. */
    public double threshold() {
        return threshold;
    }

    TriageModel withThreshold(double t) {
        return new TriageModel(version, lexiconVersion, t, crisis, kind, category, useCategory);
    }

    TriageModel withCategory(boolean use) {
        return new TriageModel(version, lexiconVersion, threshold, crisis, kind, category, use);
    }

    // ---- features ------------------------------------------------------------------------------

    /** Feature vector of a normalised message plus rule-engine features, scaled to unit length. */
    static Map<String, Double> features(String normalised, Collection<String> ruleFeatures) {
        Set<String> f = new LinkedHashSet<>();
        String prev = null;
        int negationLeft = 0; // words still inside the scope of a negation cue (same clause)
        int len = normalised.length();
        int i = 0;
        while (i < len) {
            char ch = normalised.charAt(i);
            if (!NormalizedText.isWordChar(ch)) {
                if (ch != ' ') {
                    prev = null; // punctuation ends the clause for bigrams and negation
                    negationLeft = 0;
                }
                i++;
                continue;
            }
            int j = i;
            while (j < len && NormalizedText.isWordChar(normalised.charAt(j))) {
                j++;
            }
            String w = normalised.substring(i, j);
            f.add("w:" + w);
            if (NEGATION_MARKING && negationLeft > 0) {
                f.add("n:" + w);
                negationLeft--;
            }
            if (NEGATION_CUES.contains(w)) {
                negationLeft = 3;
            } else if (w.equals("but") || w.equals("pero")) {
                negationLeft = 0;
            }
            if (prev != null) {
                f.add("b:" + prev + " " + w);
            }
            String padded = "<" + w + ">";
            for (int n = 3; n <= 5; n++) {
                for (int s = 0; s + n <= padded.length(); s++) {
                    f.add("c:" + padded.substring(s, s + n));
                }
            }
            prev = w;
            i = j;
        }
        f.addAll(ruleFeatures);
        Map<String, Double> x = new HashMap<>(f.size() * 2);
        double v = f.isEmpty() ? 0 : 1.0 / Math.sqrt(f.size());
        for (String s : f) {
            x.put(s, v);
        }
        return x;
    }

    // ---- prediction -----------------------------------------------------------------------------

    /** Crisis probability only (for evaluation). */
    double pCrisis(Map<String, Double> x) {
        return crisis.probabilities(x)[0];
    }

    /**
     * Rules OR model: a crisis if either flags it. The kind comes from the rules when they fire, else from
     * the kind head. Non-crisis: the rules' category, unless they had no category evidence and the category
     * head is enabled. The model's probability and strongest features are added to {@code signals}.
     *
     * <p>Fast path, exact by construction: the crisis probability is computed from hashed features
     * ({@link MessageFeatures}) with the same terms as {@link #combineExact}, but summed in a different
     * order, so it may differ from that sum in the last bits. The classic bound for floating-point
     * summation (n terms: at most (n-1)u times the sum of their magnitudes, u = 2^-53, for any order)
     * gives an interval that surely contains the reference value. Only if both ends of that interval give
     * the same decision and the same printed {@code p=0.xx} is the fast result used; otherwise, and
     * whenever the model's own crisis or category output is needed (its kind, strongest features and
     * category head, rare), {@link #combineExact} recomputes everything exactly as before.
     */
    TriageResult combine(NormalizedText nt, TriageClassifier.RuleOutcome rules) {
        TriageResult fast = combineFast(nt, rules);
        return fast != null ? fast : combineExact(nt, rules);
    }

    /** The result of {@link #combineExact}, computed fast, or null where that cannot be done with certainty. */
    TriageResult combineFast(NormalizedText nt, TriageClassifier.RuleOutcome rules) {
        TriageResult r = rules.result();
        MessageFeatures f = FEATURES.get();
        double z;
        double error;
        try {
            f.collect(nt.text, rules.features(), crisisIndex);
            if (f.knownCount() == 0) {
                return r; // nothing the model has seen (empty or unknown text): no statistical evidence either way
            }
            double v = 1.0 / Math.sqrt(f.distinct());
            z = crisis.bias()[0];
            double magnitude = Math.abs(z);
            for (int k = 0; k < f.knownCount(); k++) {
                double t = crisisWeight[f.known(k)] * v;
                z += t;
                magnitude += Math.abs(t);
            }
            // Twice the bound (the reference sum has the same bound), doubled again for the rounding of this estimate.
            error = 4.0 * (f.knownCount() + 1) * 0x1p-53 * magnitude;
        } finally {
            f.clear();
        }
        double low = sigmoid(Math.nextDown(z - error));   // sigmoid is monotone, so the reference p lies in [low, high]
        double high = sigmoid(Math.nextUp(z + error));
        if (high < threshold) {
            return !r.isCrisis() && useCategory && rules.categoryDefaulted() ? null : r;
        }
        String p = low < threshold ? null : twoDecimals(low);
        if (p == null || !p.equals(twoDecimals(high))) {
            return null; // too close to call
        }
        String pSignal = "model.crisis(p=" + p + ")";
        if (r.isCrisis()) {
            List<String> signals = new ArrayList<>(r.signals().size() + 1);
            signals.addAll(r.signals());
            signals.add(pSignal);
            return new TriageResult(r.category(), r.crisisKind(), signals, false, r.lexiconVersion());
        }
        // The model raises a crisis the rules did not: name its kind and strongest features.
        return kindRow == null ? null : explainModelCrisis(nt.text, rules, pSignal);
    }

    /**
     * The result {@link #combineExact} gives for a crisis raised by the model alone, or null if it cannot be
     * reproduced with certainty. The kind head's sums get the same error interval as the crisis head. The
     * strongest features are sorted by contribution, and the reference breaks ties by the iteration order of
     * its {@code HashMap}: bucket ({@code String.hashCode}, spread, modulo the capacity, which is the power of
     * two at least twice the number of features), then insertion order. That holds while no bucket has 8 or
     * more entries (a bucket of 9 becomes a tree or makes the table grow), which is checked.
     */
    private TriageResult explainModelCrisis(String text, TriageClassifier.RuleOutcome rules, String pSignal) {
        MessageFeatures f = FEATURES.get();
        int n;
        int[] bucket;
        int[] ids;
        try {
            f.collectInReferenceOrder(text, rules.features(), crisisIndex);
            n = f.orderCount();
            int capacity = Integer.highestOneBit(Math.max(1, 2 * n - 1)) << 1; // HashMap.tableSizeFor(2n)
            int[] size = new int[capacity];
            bucket = new int[n];
            ids = new int[n];
            for (int k = 0; k < n; k++) {
                int h = f.orderHash(k);
                bucket[k] = (h ^ (h >>> 16)) & (capacity - 1);
                ids[k] = f.orderId(k);
                if (++size[bucket[k]] >= 8) {
                    return null;
                }
            }
        } finally {
            f.clear();
        }
        double v = 1.0 / Math.sqrt(n);
        int classes = kind.classes().length;
        double[] z = kind.bias().clone();
        double[] magnitude = new double[classes];
        int terms = 1;
        List<Integer> candidates = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int id = ids[k];
            if (id < 0) {
                continue;
            }
            if (kindRow[id] >= 0) {
                terms++;
                for (int c = 0; c < classes; c++) {
                    double t = kindWeight[kindRow[id] * classes + c] * v;
                    z[c] += t;
                    magnitude[c] += Math.abs(t);
                }
            }
            if (crisisWeight[id] * v > 0) {
                candidates.add(k);
            }
        }
        double[] error = new double[classes];
        int best = 0;
        for (int c = 0; c < classes; c++) {
            error[c] = 4.0 * terms * 0x1p-53 * (magnitude[c] + Math.abs(kind.bias()[c]));
            if (z[c] > z[best]) {
                best = c;
            }
        }
        // Softmax probability of the best class at the two ends of the interval; the winner must be clear.
        double low = 1;
        double high = 1;
        for (int c = 0; c < classes; c++) {
            if (c != best) {
                double gapLow = z[best] - error[best] - (z[c] + error[c]);
                if (gapLow <= 1e-9) {
                    return null;
                }
                low += Math.exp(-gapLow);
                high += Math.exp(-(z[best] + error[best] - (z[c] - error[c])));
            }
        }
        String pKind = twoDecimals(1 / low);
        if (pKind == null || !pKind.equals(twoDecimals(1 / high))) {
            return null;
        }
        CrisisKind k = CrisisKind.valueOf(kind.classes()[best]);
        candidates.sort((a, b) -> {
            int byValue = Double.compare(crisisWeight[ids[b]] * v, crisisWeight[ids[a]] * v);
            return byValue != 0 ? byValue : bucket[a] != bucket[b] ? Integer.compare(bucket[a], bucket[b])
                    : Integer.compare(a, b);
        });
        TriageResult r = rules.result();
        List<String> signals = new ArrayList<>();
        signals.add(pSignal);
        signals.add("model.kind(" + k + " p=" + pKind + ")");
        for (int i = 0; i < Math.min(5, candidates.size()); i++) {
            int id = ids[candidates.get(i)];
            signals.add("model.feature:" + String.format(Locale.ROOT, "%s(+%.2f)", crisisIndex.name(id), crisisWeight[id] * v));
        }
        signals.addAll(r.signals());
        return new TriageResult(MessageCategory.CRISIS, k, signals, false, r.lexiconVersion());
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /**
     * {@code String.format(Locale.ROOT, "%.2f", p)} for p in [0, 1], or null when p lies within 1e-6 of a
     * hundredth's rounding boundary (there the formatter's decimal expansion decides; the caller falls back).
     */
    static String twoDecimals(double p) {
        if (!(p >= 0 && p <= 1)) {
            return null;
        }
        double hundredths = p * 100;
        double whole = Math.floor(hundredths);
        double fraction = hundredths - whole;
        if (Math.abs(fraction - 0.5) < 1e-6) {
            return null;
        }
        int r = (int) whole + (fraction > 0.5 ? 1 : 0);
        return (r / 100) + (r % 100 < 10 ? ".0" : ".") + (r % 100);
    }

    /** The reference computation of {@link #combine}: string features in a map, summed in map order. */
    TriageResult combineExact(NormalizedText nt, TriageClassifier.RuleOutcome rules) {
        TriageResult r = rules.result();
        Map<String, Double> x = features(nt.text, rules.features());
        if (!crisis.knows(x)) {
            return r; // nothing the model has seen (empty or unknown text): no statistical evidence either way
        }
        double pCrisis = crisis.probabilities(x)[0]; // other heads only when needed (throughput)
        String pSignal = String.format(Locale.ROOT, "model.crisis(p=%.2f)", pCrisis);
        if (r.isCrisis()) {
            if (pCrisis < threshold) {
                return r;
            }
            List<String> signals = new ArrayList<>(r.signals());
            signals.add(pSignal);
            return new TriageResult(r.category(), r.crisisKind(), signals, false, r.lexiconVersion());
        }
        if (pCrisis >= threshold) {
            double[] pk = kind.probabilities(x);
            int bk = argmax(pk);
            CrisisKind k = CrisisKind.valueOf(kind.classes()[bk]);
            List<String> signals = new ArrayList<>();
            signals.add(pSignal);
            signals.add(String.format(Locale.ROOT, "model.kind(%s p=%.2f)", k, pk[bk]));
            for (String e : crisis.top(x, 0, 5)) {
                signals.add("model.feature:" + e);
            }
            signals.addAll(r.signals()); // below-threshold / negated / category notes stay visible
            return new TriageResult(MessageCategory.CRISIS, k, signals, false, r.lexiconVersion());
        }
        if (useCategory && rules.categoryDefaulted()) {
            double[] pc = category.probabilities(x);
            int bc = argmax(pc);
            MessageCategory c = MessageCategory.valueOf(category.classes()[bc]);
            if (c != r.category()) {
                List<String> signals = new ArrayList<>();
                signals.add(String.format(Locale.ROOT, "model.category(%s p=%.2f)", c, pc[bc]));
                signals.addAll(r.signals());
                return new TriageResult(c, null, signals, r.framedAsUrgent(), r.lexiconVersion());
            }
        }
        return r;
    }

    private static int argmax(double[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[b]) {
                b = i;
            }
        }
        return b;
    }

    static double[] softmaxOrSigmoid(double[] z) {
        if (z.length == 1) {
            return new double[] {sigmoid(z[0])};
        }
        double max = Arrays.stream(z).max().orElse(0);
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** Human text for a model.* signal (see {@link TriageLexicon#describe}). */
    static String describe(String signal) {
        if (signal.startsWith("model.crisis(")) {
            return "statistical model (word, word-pair, word-piece and concept features learnt from labelled messages): "
                    + "estimated crisis probability " + signal.substring("model.crisis(".length(), signal.length() - 1);
        }
        if (signal.startsWith("model.kind(")) {
            return "crisis kind estimated by the statistical model (the rules did not flag this message): "
                    + signal.substring("model.kind(".length(), signal.length() - 1);
        }
        if (signal.startsWith("model.category(")) {
            return "category estimated by the statistical model (the rules found no category words): "
                    + signal.substring("model.category(".length(), signal.length() - 1);
        }
        if (signal.startsWith("model.feature:")) {
            String f = signal.substring("model.feature:".length());
            String what = f.startsWith("w:") ? "word '" + f.substring(2)
                    : f.startsWith("b:") ? "word pair '" + f.substring(2)
                    : f.startsWith("c:") ? "word piece '" + f.substring(2)
                    : "rule concept family '" + f.substring(2);
            int paren = what.lastIndexOf('(');
            return "pushed the statistical model towards crisis: " + (paren > 0
                    ? what.substring(0, paren) + "' " + what.substring(paren) : what + "'");
        }
        return signal;
    }

    // ---- JSON -----------------------------------------------------------------------------------

    public static TriageModel load(InputStream in) {
        try {
            JsonNode root = MAPPER.readTree(in);
            JsonNode heads = root.get("heads");
            Head cat = heads.has("category") ? head(heads.get("category")) : null;
            return new TriageModel(root.get("version").asText(), root.get("lexiconVersion").asText(),
                    root.get("crisisThreshold").asDouble(),
                    head(heads.get("crisis")), head(heads.get("kind")), cat,
                    root.path("useCategoryHead").asBoolean(false));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read triage model", e);
        }
    }

    /** The model shipped on the classpath, or null (rules only) if the resource is absent. */
    public static TriageModel loadDefault() {
        try (InputStream in = TriageModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return in == null ? null : load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Head head(JsonNode n) {
        String[] classes = strings(n.get("classes"));
        double[] bias = numbers(n.get("bias"));
        Map<String, double[]> w = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.get("weights").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            double[] v = value.isArray() ? numbers(value) : new double[] {value.asDouble()};
            if (v.length != classes.length) {
                throw new IllegalArgumentException("model feature " + e.getKey() + " has " + v.length + " weights");
            }
            w.put(e.getKey(), v);
        }
        if (bias.length != classes.length) {
            throw new IllegalArgumentException("model bias length");
        }
        return new Head(classes, Map.copyOf(w), bias);
    }

    /** Reads the array directly (ObjectMapper.convertValue per feature made loading several times slower). */
    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static String[] strings(JsonNode array) {
        String[] out = new String[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asText();
        }
        return out;
    }

    static ObjectNode headJson(Head h, int topN) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode classes = n.putArray("classes");
        Arrays.stream(h.classes()).forEach(classes::add);
        ArrayNode bias = n.putArray("bias");
        Arrays.stream(h.bias()).forEach(b -> bias.add(round(b)));
        ObjectNode top = n.putObject("topFeatures");
        for (int k = 0; k < h.classes().length; k++) {
            final int kk = k;
            List<Map.Entry<String, double[]>> e = new ArrayList<>(h.weights().entrySet());
            e.sort((a, b) -> Double.compare(b.getValue()[kk], a.getValue()[kk]));
            ArrayNode pos = top.putArray(h.classes()[k] + (h.binary() ? " (for)" : ""));
            e.stream().limit(topN).forEach(x -> pos.add(String.format(Locale.ROOT, "%s %+.3f", x.getKey(), x.getValue()[kk])));
            if (h.binary()) {
                ArrayNode neg = top.putArray(h.classes()[k] + " (against)");
                for (int i = e.size() - 1; i >= Math.max(0, e.size() - topN); i--) {
                    neg.add(String.format(Locale.ROOT, "%s %+.3f", e.get(i).getKey(), e.get(i).getValue()[kk]));
                }
            }
        }
        ObjectNode w = n.putObject("weights");
        h.weights().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(x -> {
            if (h.binary()) {
                w.put(x.getKey(), round(x.getValue()[0]));
            } else {
                ArrayNode a = w.putArray(x.getKey());
                Arrays.stream(x.getValue()).forEach(v -> a.add(round(v)));
            }
        });
        return n;
    }

    Head crisisHead() {
        return crisis;
    }

    Head kindHead() {
        return kind;
    }

    Head categoryHead() {
        return category;
    }

    boolean usesCategoryHead() {
        return useCategory;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
