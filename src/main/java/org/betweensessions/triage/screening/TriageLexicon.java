package org.betweensessions.triage.screening;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The reviewable data behind triage: signals, modifiers, suppressors, negation cues and
 * thresholds, loaded from a versioned JSON file. Supervisors edit the JSON, not code; loading
 * validates it (unique ids, known kinds and categories, compilable patterns) so a bad edit
 * fails at start-up instead of silently missing crises.
 */
public final class TriageLexicon {

    public static final String DEFAULT_RESOURCE = "/triage/lexicon.json";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Top-level layout of lexicon.json. */
    @JsonIgnoreProperties({"about", "conventions", "changelog"})
    record Document(
            String version,
            Map<String, String> vocabulary,
            Thresholds thresholds,
            List<String> kindPriority,
            Map<String, List<String>> languageHints,
            Negation negation,
            List<CrisisSignal> crisisSignals,
            List<Modifier> modifiers,
            List<Suppressor> suppressors,
            List<CategorySignal> categorySignals,
            List<UrgencySignal> urgencySignals,
            List<Concept> concepts,
            List<Combination> combinations) {}

    /**
     * promote: a kind whose summed score is at least this (but below crisis) still counts as a
     * crisis, unless a safety statement applied; 0 or absent disables promotion.
     */
    record Thresholds(double crisis, double category, String defaultCategory, Double promote) {
        double promoteOrOff() {
            return promote == null ? 0 : promote;
        }
    }

    /**
     * A weak word family (a concept) that never decides anything on its own; it is discounted by every
     * suppressor (idiom, history) and, if negatable, by negation, exactly like a crisis signal.
     */
    record Concept(String id, String lang, boolean negatable, String description, List<String> patterns) {}

    /**
     * Co-occurrence rule: fires when, for every group in requires, at least one of the group's concepts
     * is present anywhere in the message; then adds weight to kind like a crisis signal with this id.
     */
    record Combination(String id, String kind, double weight, String description, List<List<String>> requires) {}

    /** Negation cues are looked for just before a negatable match, within its clause. */
    record Negation(
            String description,
            List<String> cues,
            List<String> fillers,
            List<String> clauseBreakers,
            List<String> exceptions,
            int maxTokensBack,
            int maxContentTokens) {}

    record CrisisSignal(
            String id,
            String kind,
            String lang,
            double weight,
            boolean negatable,
            String description,
            List<String> patterns) {}

    /** Context that raises (or, with a negative weight, lowers) a kind that already has a risk signal. */
    record Modifier(
            String id, List<String> kinds, String lang, double weight, String description, List<String> patterns) {}

    /**
     * Discounts risk signals. scope "overlap": only a signal match that overlaps this match (idioms);
     * scope "sentence": any signal in the same sentence (history), unless an "unless" pattern
     * matches in that sentence.
     */
    record Suppressor(
            String id,
            String scope,
            List<String> kinds,
            String lang,
            String description,
            List<String> patterns,
            List<String> unless) {}

    record CategorySignal(
            String id, String category, String lang, double weight, String description, List<String> patterns) {}

    record UrgencySignal(String id, String lang, boolean negatable, String description, List<String> patterns) {}

    private final Document doc;
    private final Map<String, String> descriptions;

    private TriageLexicon(Document parsed) {
        this.doc = expand(parsed);
        this.descriptions = validate(doc);
    }

    private static final Pattern VOCABULARY_REF = Pattern.compile("<([a-z0-9_]+)>");

    /** Replaces {@code <name>} with the vocabulary entry of that name, so long word lists live in one place. */
    static String expand(String pattern, Map<String, String> vocabulary) {
        Matcher m = VOCABULARY_REF.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String def = vocabulary.get(m.group(1));
            require(def != null, "unknown vocabulary word <" + m.group(1) + "> in " + pattern);
            m.appendReplacement(out, Matcher.quoteReplacement("(?:" + expand(def, vocabulary) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Document expand(Document d) {
        Map<String, String> v = d.vocabulary() == null ? Map.of() : d.vocabulary();
        UnaryOperator<List<String>> x =
                l -> l == null ? null : l.stream().map(p -> expand(p, v)).toList();
        return new Document(
                d.version(),
                v,
                d.thresholds(),
                d.kindPriority(),
                d.languageHints(),
                new Negation(
                        d.negation().description(),
                        d.negation().cues(),
                        d.negation().fillers(),
                        d.negation().clauseBreakers(),
                        x.apply(d.negation().exceptions()),
                        d.negation().maxTokensBack(),
                        d.negation().maxContentTokens()),
                d.crisisSignals().stream()
                        .map(s -> new CrisisSignal(
                                s.id(),
                                s.kind(),
                                s.lang(),
                                s.weight(),
                                s.negatable(),
                                s.description(),
                                x.apply(s.patterns())))
                        .toList(),
                d.modifiers().stream()
                        .map(m -> new Modifier(
                                m.id(), m.kinds(), m.lang(), m.weight(), m.description(), x.apply(m.patterns())))
                        .toList(),
                d.suppressors().stream()
                        .map(s -> new Suppressor(
                                s.id(),
                                s.scope(),
                                s.kinds(),
                                s.lang(),
                                s.description(),
                                x.apply(s.patterns()),
                                x.apply(s.unless())))
                        .toList(),
                d.categorySignals().stream()
                        .map(s -> new CategorySignal(
                                s.id(), s.category(), s.lang(), s.weight(), s.description(), x.apply(s.patterns())))
                        .toList(),
                d.urgencySignals().stream()
                        .map(s -> new UrgencySignal(
                                s.id(), s.lang(), s.negatable(), s.description(), x.apply(s.patterns())))
                        .toList(),
                (d.concepts() == null ? List.<Concept>of() : d.concepts())
                        .stream()
                                .map(c -> new Concept(
                                        c.id(), c.lang(), c.negatable(), c.description(), x.apply(c.patterns())))
                                .toList(),
                d.combinations() == null ? List.of() : d.combinations());
    }

    public static TriageLexicon load(InputStream in) {
        Objects.requireNonNull(in, "lexicon stream");
        try {
            return new TriageLexicon(MAPPER.readValue(in, Document.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read triage lexicon", e);
        }
    }

    public static TriageLexicon loadDefault() {
        try (InputStream in = TriageLexicon.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + DEFAULT_RESOURCE);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return doc.version();
    }

    /** Human description of a signal, modifier or suppressor id (prefixes such as "negated:" allowed). */
    public String describe(String signal) {
        if (signal.startsWith("model.")) {
            return ScreeningModel.describe(signal); // model signals carry their own explanation
        }
        String id = signal;
        int bracket = id.indexOf('[');
        if (bracket > 0) {
            id = id.substring(0, bracket);
        }
        int colon = id.indexOf(':');
        if (colon >= 0 && !descriptions.containsKey(id)) {
            id = id.substring(colon + 1);
            int second = id.indexOf(':');
            if (second >= 0) {
                id = id.substring(0, second);
            }
        }
        return descriptions.getOrDefault(id, signal);
    }

    /** The parsed lexicon (rules and classifier read it). */
    Document document() {
        return doc;
    }

    private static Map<String, String> validate(Document d) {
        require(d.version() != null && !d.version().isBlank(), "version is required");
        require(d.thresholds() != null, "thresholds are required");
        MessageCategory.valueOf(d.thresholds().defaultCategory());
        for (String k : d.kindPriority()) {
            CrisisKind.valueOf(k);
        }
        require(d.kindPriority().size() == CrisisKind.values().length, "kindPriority must list every kind");
        require(d.negation() != null, "negation is required");
        Map<String, String> descriptions = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (CrisisSignal s : d.crisisSignals()) {
            register(ids, descriptions, s.id(), s.description(), s.patterns());
            CrisisKind.valueOf(s.kind());
            checkLang(s.id(), s.lang());
        }
        for (Modifier m : d.modifiers()) {
            register(ids, descriptions, m.id(), m.description(), m.patterns());
            m.kinds().stream().filter(k -> !k.equals("*")).forEach(CrisisKind::valueOf);
            checkLang(m.id(), m.lang());
        }
        for (Suppressor s : d.suppressors()) {
            register(ids, descriptions, s.id(), s.description(), s.patterns());
            require(
                    "overlap".equals(s.scope()) || "sentence".equals(s.scope()),
                    s.id() + ": scope must be overlap or sentence");
            s.kinds().stream().filter(k -> !k.equals("*")).forEach(CrisisKind::valueOf);
            checkLang(s.id(), s.lang());
            if (s.unless() != null) {
                s.unless().forEach(p -> compile(s.id(), p));
            }
        }
        for (CategorySignal s : d.categorySignals()) {
            register(ids, descriptions, s.id(), s.description(), s.patterns());
            MessageCategory c = MessageCategory.valueOf(s.category());
            require(c != MessageCategory.CRISIS, s.id() + ": crisis belongs in crisisSignals");
            checkLang(s.id(), s.lang());
        }
        for (UrgencySignal s : d.urgencySignals()) {
            register(ids, descriptions, s.id(), s.description(), s.patterns());
            checkLang(s.id(), s.lang());
        }
        if (d.negation().exceptions() != null) {
            d.negation().exceptions().forEach(p -> compile("negation.exceptions", p));
        }
        Set<String> conceptIds = new HashSet<>();
        for (Concept c : d.concepts()) {
            register(ids, descriptions, c.id(), c.description(), c.patterns());
            checkLang(c.id(), c.lang());
            conceptIds.add(c.id());
        }
        for (Combination c : d.combinations()) {
            require(c.id() != null && ids.add(c.id()), "duplicate or missing combination id " + c.id());
            require(c.description() != null && !c.description().isBlank(), c.id() + ": description is required");
            CrisisKind.valueOf(c.kind());
            require(c.weight() > 0, c.id() + ": weight must be positive");
            require(c.requires() != null && c.requires().size() >= 2, c.id() + ": needs at least two groups");
            for (List<String> group : c.requires()) {
                require(group != null && !group.isEmpty(), c.id() + ": empty group");
                group.forEach(g -> require(conceptIds.contains(g), c.id() + ": unknown concept " + g));
            }
            descriptions.put(c.id(), c.description());
        }
        return Map.copyOf(descriptions);
    }

    private static void register(
            Set<String> ids, Map<String, String> descriptions, String id, String description, List<String> patterns) {
        require(id != null && !id.isBlank(), "every entry needs an id");
        require(ids.add(id), "duplicate id " + id);
        require(description != null && !description.isBlank(), id + ": description is required");
        require(patterns != null && !patterns.isEmpty(), id + ": at least one pattern is required");
        for (String p : patterns) {
            compile(id, p);
        }
        descriptions.put(id, description);
    }

    private static void checkLang(String id, String lang) {
        require("en".equals(lang) || "es".equals(lang) || "any".equals(lang), id + ": lang must be en, es or any");
    }

    static Pattern compile(String id, String pattern) {
        // Text is lower-cased and accent-free before matching, so anything else could never match.
        String letters = pattern.replaceAll("\\\\[A-Za-z]", "");
        require(
                letters.equals(letters.toLowerCase(Locale.ROOT))
                        && letters.chars().allMatch(c -> c < 128),
                id + ": patterns are written in lower case without accents: " + pattern);
        try {
            Pattern p = Pattern.compile(pattern);
            require(!p.matcher("").matches(), id + ": pattern matches the empty string: " + pattern);
            return p;
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(id + ": bad pattern " + pattern + ": " + e.getDescription(), e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid triage lexicon: " + message);
        }
    }
}
