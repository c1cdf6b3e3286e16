package org.betweensessions.triage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model's fast path must see exactly the features of the reference {@link TriageModel#features} and
 * give exactly the result of {@link TriageModel#combineExact}, on every input of the golden-output test.
 */
class MessageFeaturesTest {

    private static TriageClassifier rules;
    private static TriageModel model;
    private static List<TriageGoldenOutputTest.Case> cases;

    @BeforeAll
    static void load() throws Exception {
        TriageLexicon lexicon = TriageLexicon.loadDefault();
        rules = new TriageClassifier(lexicon, null);
        model = TriageModel.loadDefault();
        Path dev = Path.of(System.getProperty("triage.devSet", "../shared/triage/dev-set.jsonl"));
        cases = TriageGoldenOutputTest.cases(Files.exists(dev) ? dev : null);
    }

    @Test
    void sameFeatureSetAsTheReference() {
        MessageFeatures f = new MessageFeatures();
        for (TriageGoldenOutputTest.Case c : cases) {
            NormalizedText nt = NormalizedText.of(c.text());
            List<String> ruleFeatures = rules.rules(c.text(), c.lang()).features();
            Map<String, Double> reference = TriageModel.features(nt.text, ruleFeatures);
            // An index of every reference feature: then every collected feature must be known.
            FeatureIndex all = new FeatureIndex(new ArrayList<>(reference.keySet()));
            f.collect(nt.text, ruleFeatures, all);
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < f.knownCount(); k++) {
                seen.add(all.name(f.known(k)));
            }
            assertEquals(reference.size(), f.distinct(), c.id());
            assertEquals(reference.keySet(), seen, c.id());
            f.clear();
        }
    }

    @Test
    void fastPathGivesTheReferenceResult() {
        int fast = 0;
        int modelCrises = 0;
        TriageModel withCategory = model.withCategory(true);
        for (TriageGoldenOutputTest.Case c : cases) {
            NormalizedText nt = NormalizedText.of(c.text());
            TriageClassifier.RuleOutcome r = rules.rules(c.text(), c.lang());
            TriageResult reference = model.combineExact(nt, r);
            TriageResult quick = model.combineFast(nt, r);
            if (quick != null) {
                assertEquals(reference, quick, c.id());
                fast++;
                modelCrises += reference.signals().stream().anyMatch(s -> s.startsWith("model.kind(")) ? 1 : 0;
            }
            assertEquals(reference, model.combine(nt, r), c.id());
            assertEquals(withCategory.combineExact(nt, r), withCategory.combine(nt, r), c.id());
        }
        // The reference path is the exception, also for crises raised by the model alone.
        assertTrue(fast > cases.size() * 0.98, fast + " of " + cases.size() + " on the fast path");
        assertTrue(modelCrises > 100, modelCrises + " model-raised crises on the fast path");
    }

    /**
     * What the fast explanation of a model-raised crisis assumes about {@code new HashMap<>(2 * n)} filled with
     * n keys: iteration by bucket (spread hash modulo the power of two at least 2n), then insertion order,
     * as long as no bucket holds 8 or more keys.
     */
    @Test
    void hashMapIterationIsBucketThenInsertionOrder() {
        java.util.Random rnd = new java.util.Random(5);
        for (int round = 0; round < 300; round++) {
            int n = 1 + rnd.nextInt(round < 100 ? 20 : 3000);
            List<String> keys = new ArrayList<>(new java.util.LinkedHashSet<>(java.util.stream.IntStream.range(0, n)
                    .mapToObj(i -> "c:" + Integer.toString(rnd.nextInt(50_000), 36)).toList()));
            Map<String, Double> map = new java.util.HashMap<>(keys.size() * 2);
            keys.forEach(k -> map.put(k, 1.0));
            int capacity = Integer.highestOneBit(Math.max(1, 2 * keys.size() - 1)) << 1;
            int[] size = new int[capacity];
            boolean small = true;
            for (String k : keys) {
                int h = k.hashCode();
                small &= ++size[(h ^ (h >>> 16)) & (capacity - 1)] < 8;
            }
            List<String> expected = new ArrayList<>(keys);
            expected.sort(java.util.Comparator.comparingInt((String k) -> (k.hashCode() ^ (k.hashCode() >>> 16)) & (capacity - 1))
                    .thenComparingInt(keys::indexOf));
            if (small) {
                assertEquals(expected, new ArrayList<>(map.keySet()), "n=" + keys.size());
            }
        }
    }

    @Test
    void twoDecimalsMatchesTheFormatterAwayFromRoundingBoundaries() {
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            double p = i < 1001 ? i / 1000.0 : rnd.nextDouble();
            String fast = TriageModel.twoDecimals(p);
            if (fast != null) {
                assertEquals(String.format(java.util.Locale.ROOT, "%.2f", p), fast, "p=" + p);
            }
        }
        assertNull(TriageModel.twoDecimals(0.125));
        assertNull(TriageModel.twoDecimals(0.285));
        assertNotNull(TriageModel.twoDecimals(0.29));
        assertEquals("1.00", TriageModel.twoDecimals(1.0));
        assertEquals("0.00", TriageModel.twoDecimals(0.0));
    }
}
