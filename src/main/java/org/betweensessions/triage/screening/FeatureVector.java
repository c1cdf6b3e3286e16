package org.betweensessions.triage.screening;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The features one message gives the model, by name. Text features: {@code w:} word stems (not Lucene's
 * English/Spanish stop words: as unigrams "and", "been", "ive" carried crisis weight from the narrative
 * style of crisis messages; in nested CV leaving them out raised PPV from 0.56 to 0.60),
 * {@code b:} adjacent stem pairs inside a clause, {@code n:} stems within {@value #NEGATION_WINDOW}
 * words after a negation cue of the lexicon in the same clause. Rule features (lexicon, see
 * {@link LexiconRules}), the language ({@code lang:es}) and the message length ({@code len:}). All binary
 * (value 1): scaling the text features to unit length was tried and lost in cross-validation (the rule
 * features then dominated and new wording was not learnt). No character n-grams: they learnt the wording
 * of the training sets, not the task.
 */
public final class FeatureVector {

    static final int NEGATION_WINDOW = 3;

    private FeatureVector() {}

    static Map<String, Double> of(
            List<TextAnalysis.Token> tokens, List<String> ruleFeatures, String language, WordSet negationCues) {
        Set<String> text = new LinkedHashSet<>();
        int negatedUntil = -1;
        int negationClause = -1;
        for (int i = 0; i < tokens.size(); i++) {
            TextAnalysis.Token t = tokens.get(i);
            if (!t.stop()) { // stop words only inside pairs: alone they learnt writing style, not risk
                text.add("w:" + t.stem());
            }
            if (i > 0 && tokens.get(i - 1).clause() == t.clause()) {
                text.add("b:" + tokens.get(i - 1).stem() + "_" + t.stem());
            }
            if (i <= negatedUntil && t.clause() == negationClause) {
                text.add("n:" + t.stem());
            }
            if (negationCues.contains(t.surface())) {
                negatedUntil = i + NEGATION_WINDOW;
                negationClause = t.clause();
            }
        }
        Map<String, Double> out = new TreeMap<>();
        double scale = 1.0;
        for (String f : text) {
            out.put(f, scale);
        }
        for (String f : ruleFeatures) {
            out.put(f, 1.0);
        }
        out.put("lang:" + language, 1.0);
        out.put("len:" + lengthBucket(tokens.size()), 1.0);
        return out;
    }

    static String lengthBucket(int words) {
        if (words <= 2) {
            return "0-2";
        }
        if (words <= 5) {
            return "3-5";
        }
        if (words <= 15) {
            return "6-15";
        }
        return words <= 40 ? "16-40" : "41+";
    }

    /** Names only, for inspection. */
    static List<String> names(Map<String, Double> features) {
        return new ArrayList<>(features.keySet());
    }
}
