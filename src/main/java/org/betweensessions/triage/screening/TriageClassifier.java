package org.betweensessions.triage.screening;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Screens a message for crisis first, then picks a routing category. Pure Java (no Spring, no
 * database), immutable and thread-safe: build once, share everywhere.
 *
 * <ol>
 * <li>The lexicon rules ({@link LexiconRules}) run on a normalised copy: crisis phrases, concept families,
 * and the discounting of negated, idiomatic and historical risk language; they also guess the language
 * when none is given.
 * <li>Lucene analyses the text into stems ({@link TextAnalysis}); {@link FeatureVector} joins stems,
 * stem pairs, negated stems and the rule features.
 * <li>The model ({@link ScreeningModel}) gives a calibrated crisis probability: from the highest crisis
 * log-odds of the whole message and of each of its sentences on its own, so a crisis sentence inside a
 * long upbeat message or a polite administrative request is not outvoted by the rest. At or above the
 * operating point the message is a CRISIS (kind from the kind head); otherwise the category head routes it.
 * </ol>
 * The clinician sees the probability, the operating point, the rule signals and the features that moved
 * the probability most, in {@link TriageResult#signals()}.
 */
public final class TriageClassifier {

    static final int TOP_FEATURES = 5;

    private final LexiconRules rules;
    private final TextAnalysis analysis;
    private final WordSet negationCues;
    private final ScreeningModel model;
    private final String version;

    /** Rules plus the shipped model ({@value ScreeningModel#RESOURCE_DIR}), if it matches this lexicon. */
    public TriageClassifier(TriageLexicon lexicon) {
        this(lexicon, defaultModelFor(lexicon));
    }

    /**
     * @param model null = rules only (for lexicons under test)
     * @throws IllegalArgumentException if the model was trained with another lexicon version
     */
    public TriageClassifier(TriageLexicon lexicon, ScreeningModel model) {
        if (model != null && !model.meta().lexiconVersion().equals(lexicon.version())) {
            throw new IllegalArgumentException("model " + model.version() + " was trained with lexicon "
                    + model.meta().lexiconVersion() + ", not " + lexicon.version()
                    + "; retrain (docs/triage-classifier.md)");
        }
        this.rules = new LexiconRules(lexicon);
        this.negationCues = new WordSet(lexicon.document().negation().cues());
        this.analysis =
                new TextAnalysis(new WordSet(lexicon.document().negation().clauseBreakers()));
        this.model = model;
        this.version = model == null ? lexicon.version() : lexicon.version() + "+m" + model.version();
    }

    private static ScreeningModel defaultModelFor(TriageLexicon lexicon) {
        ScreeningModel m = ScreeningModel.loadDefault();
        return m != null && m.meta().lexiconVersion().equals(lexicon.version()) ? m : null;
    }

    /** Lexicon version, plus {@code +m<model version>} when a model is used. */
    public String version() {
        return version;
    }

    public ScreeningModel model() {
        return model;
    }

    /**
     * Rule outcome and model features of one message, and the features of each of its sentences when it
     * has more than one: what training and classification both start from.
     */
    public record Analysis(
            LexiconRules.RuleOutcome rules, Map<String, Double> features, List<Map<String, Double>> sentences) {
        public TriageResult ruleResult() {
            return rules.result();
        }
    }

    public Analysis analyse(String text, String lang) {
        String body = text == null ? "" : text;
        LexiconRules.RuleOutcome r = rules.apply(NormalizedText.of(body), lang);
        Map<String, Double> features = features(body, r);
        List<Map<String, Double>> sentences = new ArrayList<>();
        List<String> parts = sentences(body, r.language());
        if (parts.size() > 1) {
            for (String sentence : parts) {
                // The sentence's words with the message's rule features: the rules already look at the
                // whole message (protective "see you Thursday", history, idiom), a sentence alone would not.
                sentences.add(features(sentence, r));
            }
        }
        return new Analysis(r, features, sentences);
    }

    private Map<String, Double> features(String text, LexiconRules.RuleOutcome r) {
        return FeatureVector.of(analysis.tokens(text, r.language()), r.features(), r.language(), negationCues);
    }

    /** Sentences by the JDK's (ICU-derived) sentence rules for the language, plus line breaks. */
    static List<String> sentences(String text, String language) {
        List<String> out = new ArrayList<>();
        BreakIterator it =
                BreakIterator.getSentenceInstance("es".equals(language) ? Locale.forLanguageTag("es") : Locale.ENGLISH);
        for (String line : text.split("\\R+")) {
            it.setText(line);
            int start = it.first();
            for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
                String s = line.substring(start, end).strip();
                if (s.chars().anyMatch(Character::isLetter)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * @param text message body (null is treated as empty)
     * @param lang "en" or "es"; null or anything else means detect. Crisis patterns of every language
     *             always run, because clients switch language mid-message.
     */
    public TriageResult classify(String text, String lang) {
        Analysis a = analyse(text, lang);
        TriageResult byRules = a.rules().result();
        if (model == null) {
            return byRules;
        }
        return decide(
                byRules,
                model.predict(a.features(), a.sentences(), TOP_FEATURES),
                model.threshold(),
                model.meta().rulesOverride(),
                version);
    }

    /**
     * The decision at an operating point: crisis if the calibrated probability reaches it (or, with
     * {@code rulesOverride}, if the lexicon rules alone flag a crisis). Cross-validation calls it with
     * the operating points of its folds.
     */
    public static TriageResult decide(
            TriageResult byRules,
            ScreeningModel.Prediction p,
            double threshold,
            boolean rulesOverride,
            String version) {
        boolean modelCrisis = p.crisisProbability() >= threshold;
        boolean ruleCrisis = rulesOverride && byRules.isCrisis();
        List<String> signals = new ArrayList<>();
        signals.add(String.format(
                Locale.ROOT, "model.crisis(p=%.2f%s%.2f)", p.crisisProbability(), modelCrisis ? ">=" : "<", threshold));
        if (modelCrisis || ruleCrisis) {
            if (!modelCrisis) {
                signals.add("model.rules-override");
            }
            signals.add(String.format(Locale.ROOT, "model.kind(%s p=%.2f)", p.kind(), p.kindProbability()));
            signals.addAll(byRules.signals());
            signals.addAll(p.topFeatures());
            return new TriageResult(
                    MessageCategory.CRISIS, p.kind(), dedupe(signals), false, version, p.crisisProbability());
        }
        signals.add(String.format(Locale.ROOT, "model.category(%s p=%.2f)", p.category(), p.categoryProbability()));
        signals.addAll(byRules.signals());
        signals.addAll(p.topFeatures());
        return new TriageResult(
                p.category(), null, dedupe(signals), byRules.framedAsUrgent(), version, p.crisisProbability());
    }

    private static List<String> dedupe(List<String> signals) {
        return new ArrayList<>(new LinkedHashSet<>(signals));
    }
}
