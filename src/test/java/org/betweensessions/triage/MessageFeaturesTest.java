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
        for (TriageGoldenOutputTest.Case c : cases) {
            NormalizedText nt = NormalizedText.of(c.text());
            TriageClassifier.RuleOutcome r = rules.rules(c.text(), c.lang());
            assertEquals(model.combineExact(nt, r), model.combine(nt, r), c.id());
            TriageModel withCategory = model.withCategory(true);
            assertEquals(withCategory.combineExact(nt, r), withCategory.combine(nt, r), c.id());
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
