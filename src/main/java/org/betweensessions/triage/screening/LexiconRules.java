package org.betweensessions.triage.screening;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-written part of screening: the supervisor-reviewed {@link TriageLexicon} applied to one
 * message. It finds crisis phrases, weak concept families and their combinations, and, what no
 * library provides, discounts risk language that is negated ("I would never hurt myself"), idiomatic
 * ("this homework is killing me") or about the past ("years ago", unless "again"/"tonight"). Its
 * outcome is (1) a rule verdict with readable signal ids and (2) features for the statistical model
 * ({@code r:}, {@code k:}, {@code x:}, {@code m:}, {@code cat:}). Immutable and thread-safe.
 *
 * <p>Order of work for one message: normalise once; find every pattern match (plain
 * {@link java.util.regex.Matcher} per pattern, tried only where it can start: {@link #scan}); discard risk matches covered by an idiom, set in
 * a history sentence, or negated just before; sum the surviving weights per crisis kind and add context
 * modifiers to kinds that already have evidence; the first kind in priority order at or above the
 * crisis threshold wins. Only when no kind qualifies are the category signals scored.
 */
final class LexiconRules {

    private enum Owner {
        SUPPRESSOR,
        CRISIS,
        CONCEPT,
        MODIFIER,
        CATEGORY,
        URGENCY
    }

    private static final CrisisKind[] KINDS = CrisisKind.values();
    private static final MessageCategory[] ROUTINE = {
        MessageCategory.ADMINISTRATIVE, MessageCategory.THERAPEUTIC_UPDATE,
        MessageCategory.SUPPORT_SEEKING, MessageCategory.BOUNDARY
    };

    private final String version;
    private final double crisisThreshold;
    private final double promoteThreshold;
    private final double categoryThreshold;
    private final MessageCategory defaultCategory;
    private final CrisisKind[] priority;
    private final WordSet esHints;
    private final WordSet enHints;

    private final Pattern[] patterns; // every lexicon pattern, word-bounded
    private final long[] firstChars; // per pattern: the characters a match can start with (bit per charBit)
    private final long[] secondChars; // per pattern: the characters that can follow its first one
    private final long[] thirdChars; // per pattern: the characters that can follow its first two
    private final Owner[] ownerType; // per pattern ordinal
    private final int[] ownerIndex; // per pattern ordinal: index into the owner's list

    private final TriageLexicon.CrisisSignal[] crisis;
    private final CrisisKind[] crisisKind;
    private final TriageLexicon.Modifier[] modifiers;
    private final boolean[][] modifierKinds; // [modifier][kind]
    private final TriageLexicon.Suppressor[] suppressors;
    private final boolean[] overlapScope; // per suppressor: scope "overlap" (else "sentence")
    private final boolean[][] suppressorKinds;
    private final Pattern[][] suppressorUnless;
    private final TriageLexicon.CategorySignal[] categories;
    private final MessageCategory[] categoryOf;
    private final TriageLexicon.UrgencySignal[] urgency;
    private final TriageLexicon.Concept[] concepts;
    private final String[] conceptFeature; // "k:" + concept id, the model feature
    private final TriageLexicon.Combination[] combinations;
    private final int[][][] combinationGroups; // [combination][group][concept index]
    private final CrisisKind[] combinationKind;
    private final int safetyModifier; // index of mod.safety_statement or -1

    private final WordSet negationCues;
    private final WordSet negationFillers;
    private final WordSet clauseBreakers;
    private final Pattern[] negationExceptions;
    private final int maxTokensBack;
    private final int maxContentTokens;

    LexiconRules(TriageLexicon lexicon) {
        TriageLexicon.Document d = lexicon.document();
        this.version = d.version();
        this.crisisThreshold = d.thresholds().crisis();
        this.promoteThreshold = d.thresholds().promoteOrOff();
        this.categoryThreshold = d.thresholds().category();
        this.defaultCategory = MessageCategory.valueOf(d.thresholds().defaultCategory());
        this.priority = d.kindPriority().stream().map(CrisisKind::valueOf).toArray(CrisisKind[]::new);
        this.esHints = new WordSet(d.languageHints().getOrDefault("es", List.of()));
        this.enHints = new WordSet(d.languageHints().getOrDefault("en", List.of()));

        this.suppressors = d.suppressors().toArray(TriageLexicon.Suppressor[]::new);
        this.crisis = d.crisisSignals().toArray(TriageLexicon.CrisisSignal[]::new);
        this.modifiers = d.modifiers().toArray(TriageLexicon.Modifier[]::new);
        this.categories = d.categorySignals().toArray(TriageLexicon.CategorySignal[]::new);
        this.urgency = d.urgencySignals().toArray(TriageLexicon.UrgencySignal[]::new);

        this.concepts = d.concepts().toArray(TriageLexicon.Concept[]::new);
        this.conceptFeature = Arrays.stream(concepts).map(c -> "k:" + c.id()).toArray(String[]::new);
        this.combinations = d.combinations().toArray(TriageLexicon.Combination[]::new);
        Map<String, Integer> conceptIndex = new HashMap<>();
        for (int i = 0; i < concepts.length; i++) {
            conceptIndex.put(concepts[i].id(), i);
        }
        this.combinationGroups = new int[combinations.length][][];
        this.combinationKind = new CrisisKind[combinations.length];
        for (int i = 0; i < combinations.length; i++) {
            combinationKind[i] = CrisisKind.valueOf(combinations[i].kind());
            combinationGroups[i] = combinations[i].requires().stream()
                    .map(g -> g.stream().mapToInt(conceptIndex::get).toArray())
                    .toArray(int[][]::new);
        }
        int safety = -1;
        for (int i = 0; i < modifiers.length; i++) {
            if (modifiers[i].id().equals("mod.safety_statement")) {
                safety = i;
            }
        }
        this.safetyModifier = safety;
        this.crisisKind =
                Arrays.stream(crisis).map(s -> CrisisKind.valueOf(s.kind())).toArray(CrisisKind[]::new);
        this.categoryOf = Arrays.stream(categories)
                .map(s -> MessageCategory.valueOf(s.category()))
                .toArray(MessageCategory[]::new);
        this.modifierKinds = new boolean[modifiers.length][];
        for (int i = 0; i < modifiers.length; i++) {
            modifierKinds[i] = kindMask(modifiers[i].kinds());
        }
        this.overlapScope = new boolean[suppressors.length];
        this.suppressorKinds = new boolean[suppressors.length][];
        this.suppressorUnless = new Pattern[suppressors.length][];
        for (int i = 0; i < suppressors.length; i++) {
            overlapScope[i] = suppressors[i].scope().equals("overlap");
            suppressorKinds[i] = kindMask(suppressors[i].kinds());
            List<String> unless = suppressors[i].unless() == null ? List.of() : suppressors[i].unless();
            suppressorUnless[i] = unless.stream().map(LexiconRules::wordBounded).toArray(Pattern[]::new);
        }

        // Suppressors first: iteration follows ordinal order, and risk matches consult them.
        List<String> sources = new ArrayList<>();
        List<Owner> types = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int i = 0; i < suppressors.length; i++) {
            add(sources, types, owners, suppressors[i].patterns(), Owner.SUPPRESSOR, i);
        }
        for (int i = 0; i < crisis.length; i++) {
            add(sources, types, owners, crisis[i].patterns(), Owner.CRISIS, i);
        }
        for (int i = 0; i < concepts.length; i++) {
            add(sources, types, owners, concepts[i].patterns(), Owner.CONCEPT, i);
        }
        for (int i = 0; i < modifiers.length; i++) {
            add(sources, types, owners, modifiers[i].patterns(), Owner.MODIFIER, i);
        }
        for (int i = 0; i < categories.length; i++) {
            add(sources, types, owners, categories[i].patterns(), Owner.CATEGORY, i);
        }
        for (int i = 0; i < urgency.length; i++) {
            add(sources, types, owners, urgency[i].patterns(), Owner.URGENCY, i);
        }
        this.patterns = sources.stream().map(LexiconRules::wordBounded).toArray(Pattern[]::new);
        this.firstChars = sources.stream().mapToLong(LexiconRules::firstChars).toArray();
        long[][] next = sources.stream().map(LexiconRules::nextChars).toArray(long[][]::new);
        this.secondChars = Arrays.stream(next).mapToLong(m -> m[0]).toArray();
        this.thirdChars = Arrays.stream(next).mapToLong(m -> m[1]).toArray();
        this.ownerType = types.toArray(Owner[]::new);
        this.ownerIndex = owners.stream().mapToInt(Integer::intValue).toArray();

        TriageLexicon.Negation n = d.negation();
        this.negationCues = new WordSet(n.cues());
        this.negationFillers = new WordSet(n.fillers());
        this.clauseBreakers = new WordSet(n.clauseBreakers());
        this.negationExceptions = (n.exceptions() == null ? List.<String>of() : n.exceptions())
                .stream().map(LexiconRules::wordBounded).toArray(Pattern[]::new);
        this.maxTokensBack = n.maxTokensBack();
        this.maxContentTokens = n.maxContentTokens();
    }

    private static void add(
            List<String> sources,
            List<Owner> types,
            List<Integer> owners,
            List<String> patterns,
            Owner type,
            int owner) {
        for (String p : patterns) {
            sources.add(p);
            types.add(type);
            owners.add(owner);
        }
    }

    private static boolean[] kindMask(List<String> kinds) {
        boolean[] mask = new boolean[KINDS.length];
        for (String k : kinds) {
            if (k.equals("*")) {
                Arrays.fill(mask, true);
            } else {
                mask[CrisisKind.valueOf(k).ordinal()] = true;
            }
        }
        return mask;
    }

    String version() {
        return version;
    }

    /** A pattern matched only as whole words: it neither starts nor ends inside a word. */
    static Pattern wordBounded(String src) {
        return Pattern.compile("(?:(?<![a-z0-9])|(?=[^a-z0-9]))(?:" + src + ")(?:(?![a-z0-9])|(?<=[^a-z0-9]))");
    }

    /**
     * What the rules decided, plus the features the statistical model sees: surviving crisis signals
     * ({@code r:}), concept families ({@code k:}), combinations ({@code x:}), modifiers ({@code m:}),
     * category signals ({@code cat:}), markers of discounted risk language ({@code k:negated},
     * {@code k:suppressed}, {@code k:safety}) and the rule verdict ({@code rule:crisis}, {@code rule:kind:...}).
     */
    record RuleOutcome(TriageResult result, List<String> features, String language) {}

    /**
     * The characters of the normalised alphabet ({@link NormalizedText}: a-z, 0-9, space, clause
     * punctuation) a match of the pattern can start with, one bit each ({@link #charBit}). The regex engine
     * answers it: a one-character input either matches or makes the matcher ask for more input
     * ({@link java.util.regex.Matcher#hitEnd()}) exactly when a match can start with that character.
     * Positive lookbehind and {@code \\B} look outside that one character, so such patterns may start anywhere.
     */
    static long firstChars(String src) {
        if (src.contains("(?<=") || src.contains("\\B")) {
            return -1L;
        }
        Pattern inner = Pattern.compile("(?:" + src + ")");
        if (inner.matcher("").lookingAt()) {
            throw new IllegalArgumentException("lexicon pattern matches the empty string: " + src);
        }
        long bits = 0;
        for (char c : ALPHABET.toCharArray()) {
            Matcher m = inner.matcher(String.valueOf(c));
            if (m.lookingAt() || m.hitEnd()) {
                bits |= 1L << charBit(c);
            }
        }
        return bits | 1L << OTHER_BIT;
    }

    /**
     * For the second and third character of a match: the characters that can stand there after any
     * possible beginning, asked of the regex engine the same way as {@link #firstChars} with two- and
     * three-character inputs ({@code {second, third}}; every bit where a match can be shorter, or where the
     * possible beginnings are too many to try).
     */
    static long[] nextChars(String src) {
        long first = firstChars(src);
        if (first == -1L) {
            return new long[] {-1L, -1L};
        }
        Pattern inner = Pattern.compile("(?:" + src + ")");
        long[] masks = new long[2];
        List<String> prefixes = new ArrayList<>();
        for (char c : ALPHABET.toCharArray()) {
            if ((first >>> charBit(c) & 1L) != 0) {
                prefixes.add(String.valueOf(c));
            }
        }
        for (int depth = 0; depth < 2; depth++) {
            if (prefixes.size() > 200) {
                Arrays.fill(masks, depth, masks.length, -1L);
                break;
            }
            List<String> longer = new ArrayList<>();
            long bits = 0;
            for (String prefix : prefixes) {
                for (char c : ALPHABET.toCharArray()) {
                    Matcher m = inner.matcher(prefix + c);
                    if (m.lookingAt() || m.hitEnd()) {
                        bits |= 1L << charBit(c);
                        longer.add(prefix + c);
                    }
                }
            }
            masks[depth] = bits | 1L << OTHER_BIT;
            prefixes = longer;
        }
        return masks;
    }

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 .,!?;:";
    private static final int OTHER_BIT = 63;

    /** Bit of a character in {@link #firstChars}: its place in {@link #ALPHABET}, or 63 for anything else. */
    static int charBit(char c) {
        int i = ALPHABET.indexOf(c);
        return i < 0 ? OTHER_BIT : i;
    }

    private static boolean wordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /**
     * Every match as (pattern, start, end), in order of start (then lexicon order): what
     * {@link java.util.regex.Matcher#find()} would find per pattern, tried only where a match can start.
     * A word-bounded pattern starts after a non-word character or at one, and only with one of its
     * {@link #firstChars}, followed by one of its {@link #nextChars}; a message has a few dozen such
     * places and most patterns fit none of them, so this tries a pattern at a handful of places instead
     * of at every character (first characters alone: 4-10x faster; the next two halve what is left).
     */
    int[][] scan(String s) {
        int n = s.length();
        int[] starts = new int[n];
        int[] bits = new int[n];
        int[] next = new int[n];
        int[] third = new int[n];
        int count = 0;
        long present = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || !wordChar(s.charAt(i - 1)) || !wordChar(s.charAt(i))) {
                starts[count] = i;
                bits[count] = charBit(s.charAt(i));
                // The last character has no second one, and the second characters are only known after
                // a first one of the alphabet: otherwise any pattern that may start there is tried.
                next[count] = i + 1 < n && bits[count] != OTHER_BIT ? charBit(s.charAt(i + 1)) : -1;
                third[count] =
                        next[count] >= 0 && next[count] != OTHER_BIT && i + 2 < n ? charBit(s.charAt(i + 2)) : -1;
                present |= 1L << bits[count];
                count++;
            }
        }
        List<int[]> found = new ArrayList<>();
        for (int p = 0; p < patterns.length; p++) {
            long first = firstChars[p];
            if ((first & present) == 0) {
                continue;
            }
            long second = secondChars[p];
            long thirdMask = thirdChars[p];
            Matcher m = null;
            int from = 0;
            for (int k = 0; k < count; k++) {
                int i = starts[k];
                if (i < from
                        || (first >>> bits[k] & 1L) == 0
                        || (next[k] >= 0 && (second >>> next[k] & 1L) == 0)
                        || (third[k] >= 0 && (thirdMask >>> third[k] & 1L) == 0)) {
                    continue;
                }
                if (m == null) {
                    m = patterns[p].matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(i, n);
                if (m.lookingAt()) {
                    found.add(new int[] {p, m.start(), m.end()});
                    from = Math.max(m.end(), i + 1);
                }
            }
        }
        found.sort(Comparator.<int[]>comparingInt(f -> f[1]).thenComparingInt(f -> f[0]));
        return found.toArray(int[][]::new);
    }

    /** {@link #scan} the plain way, {@code find()} per pattern at every character: the reference the tests compare with. */
    int[][] scanEveryPosition(String s) {
        List<int[]> found = new ArrayList<>();
        for (int p = 0; p < patterns.length; p++) {
            Matcher m = patterns[p].matcher(s);
            while (m.find()) {
                found.add(new int[] {p, m.start(), m.end()});
            }
        }
        found.sort(Comparator.<int[]>comparingInt(f -> f[1]).thenComparingInt(f -> f[0]));
        return found.toArray(int[][]::new);
    }

    RuleOutcome apply(NormalizedText nt, String lang) {
        String s = nt.text;
        String language = resolveLanguage(lang, s);

        // Matches of overlap-scope suppressors: start/end/suppressor triples.
        int[] spans = new int[24];
        int spanCount = 0;
        // Sentence-scope suppressions: sentence index -> suppressor (few per message, linear scan is fine).
        int[] sentenceSup = new int[16];
        int sentenceCount = 0;

        boolean[] crisisFired = new boolean[crisis.length];
        String[] crisisNote = null;
        boolean[] conceptFired = new boolean[concepts.length];
        boolean[] modifierFired = new boolean[modifiers.length];
        boolean[] categoryFired = new boolean[categories.length];
        boolean urgent = false;

        int[][] found = scan(s);
        // Suppressors first: risk matches consult them.
        for (int i = 0; i < found.length; i++) {
            int p = found[i][0];
            if (ownerType[p] != Owner.SUPPRESSOR) {
                continue;
            }
            int owner = ownerIndex[p];
            if (overlapScope[owner]) {
                if (spanCount * 3 + 3 > spans.length) {
                    spans = Arrays.copyOf(spans, spans.length * 2);
                }
                spans[spanCount * 3] = found[i][1];
                spans[spanCount * 3 + 1] = found[i][2];
                spans[spanCount * 3 + 2] = owner;
                spanCount++;
            } else if (!unlessInSentence(owner, s, found[i][1])) {
                if (sentenceCount * 2 + 2 > sentenceSup.length) {
                    sentenceSup = Arrays.copyOf(sentenceSup, sentenceSup.length * 2);
                }
                sentenceSup[sentenceCount * 2] = nt.sentenceAt(found[i][1]);
                sentenceSup[sentenceCount * 2 + 1] = owner;
                sentenceCount++;
            }
        }
        for (int i = 0; i < found.length; i++) {
            int p = found[i][0];
            int owner = ownerIndex[p];
            switch (ownerType[p]) {
                case SUPPRESSOR -> {}
                case CRISIS -> {
                    if (crisisFired[owner]) {
                        break;
                    }
                    String why = discount(
                            nt,
                            found[i][1],
                            found[i][2],
                            crisisKind[owner].ordinal(),
                            crisis[owner].negatable(),
                            spans,
                            spanCount,
                            sentenceSup,
                            sentenceCount);
                    if (why == null) {
                        crisisFired[owner] = true;
                        if (crisisNote != null) {
                            crisisNote[owner] = null;
                        }
                    } else {
                        if (crisisNote == null) {
                            crisisNote = new String[crisis.length];
                        }
                        crisisNote[owner] = why.isEmpty()
                                ? "negated:" + crisis[owner].id()
                                : "suppressed:" + crisis[owner].id() + ":" + why;
                    }
                }
                case CONCEPT -> {
                    if (!conceptFired[owner]
                            && discount(
                                            nt,
                                            found[i][1],
                                            found[i][2],
                                            -1,
                                            concepts[owner].negatable(),
                                            spans,
                                            spanCount,
                                            sentenceSup,
                                            sentenceCount)
                                    == null) {
                        conceptFired[owner] = true;
                    }
                }
                case MODIFIER -> modifierFired[owner] = true;
                case CATEGORY -> {
                    if (languageFits(categories[owner].lang(), language)) {
                        categoryFired[owner] = true;
                    }
                }
                case URGENCY -> {
                    if (!urgency[owner].negatable() || !negated(s, found[i][1])) {
                        urgent = true;
                    }
                }
            }
        }
        return decide(crisisFired, crisisNote, conceptFired, modifierFired, categoryFired, urgent, language);
    }

    private List<String> ruleFeatures(
            boolean[] crisisFired,
            boolean[] comboFired,
            boolean[] conceptFired,
            String[] crisisNote,
            boolean[] modifierFired,
            boolean[] categoryFired,
            CrisisKind winner,
            boolean promoted) {
        List<String> f = new ArrayList<>();
        for (int i = 0; i < crisis.length; i++) {
            if (crisisFired[i]) {
                f.add("r:" + crisis[i].id());
            }
        }
        for (int i = 0; i < combinations.length; i++) {
            if (comboFired[i]) {
                f.add("x:" + combinations[i].id());
            }
        }
        for (int i = 0; i < concepts.length; i++) {
            if (conceptFired[i]) {
                f.add(conceptFeature[i]);
            }
        }
        for (int i = 0; i < modifiers.length; i++) {
            if (modifierFired[i]) {
                f.add("m:" + modifiers[i].id());
            }
        }
        for (int i = 0; i < categories.length; i++) {
            if (categoryFired[i]) {
                f.add("cat:" + categories[i].id());
            }
        }
        if (crisisNote != null) {
            boolean negated = false, suppressed = false;
            for (String n : crisisNote) {
                if (n != null) {
                    negated |= n.startsWith("negated:");
                    suppressed |= n.startsWith("suppressed:");
                }
            }
            if (negated) {
                f.add("k:negated");
            }
            if (suppressed) {
                f.add("k:suppressed");
            }
        }
        if (safetyModifier >= 0 && modifierFired[safetyModifier]) {
            f.add("k:safety");
        }
        if (winner != null) {
            f.add(promoted ? "rule:promoted" : "rule:crisis");
            f.add("rule:kind:" + winner);
        }
        return f;
    }

    /**
     * Why a risk match does not count: null if it counts, "" if negated, else the suppressor id.
     */
    private String discount(
            NormalizedText nt,
            int start,
            int end,
            int kind,
            boolean negatable,
            int[] spans,
            int spanCount,
            int[] sentenceSup,
            int sentenceCount) {
        for (int i = 0; i < spanCount; i++) {
            int sup = spans[i * 3 + 2];
            if ((kind < 0 || suppressorKinds[sup][kind]) && spans[i * 3] < end && start < spans[i * 3 + 1]) {
                return suppressors[sup].id();
            }
        }
        if (sentenceCount > 0) {
            int sentence = nt.sentenceAt(start);
            for (int i = 0; i < sentenceCount; i++) {
                int sup = sentenceSup[i * 2 + 1];
                if (sentenceSup[i * 2] == sentence && (kind < 0 || suppressorKinds[sup][kind])) {
                    return suppressors[sup].id();
                }
            }
        }
        if (negatable && negated(nt.text, start)) {
            return "";
        }
        return null;
    }

    /**
     * True when a negation cue stands just before {@code start} in the same clause, with at most
     * {@code maxContentTokens} non-filler words between ("not going to hurt myself", "no tengo ganas
     * de hacerme dano"), and no exception phrase such as "no reason not to" in the window.
     */
    private boolean negated(String s, int start) {
        int clauseStart = start;
        while (clauseStart > 0) {
            char c = s.charAt(clauseStart - 1);
            if (c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ':') {
                break;
            }
            clauseStart--;
        }
        // Walk the words of s[clauseStart, start) from the last; there they are separated by single spaces.
        int content = 0;
        int to = start;
        for (int seen = 0; seen < maxTokensBack; seen++) {
            while (to > clauseStart && s.charAt(to - 1) == ' ') {
                to--;
            }
            if (to <= clauseStart) {
                return false;
            }
            int from = to;
            while (from > clauseStart && s.charAt(from - 1) != ' ') {
                from--;
            }
            if (clauseBreakers.contains(s, from, to)) {
                return false;
            }
            if (negationCues.contains(s, from, to)) {
                return !negationException(s, clauseStart, from, start);
            }
            if (!negationFillers.contains(s, from, to) && ++content > maxContentTokens) {
                return false;
            }
            to = from;
        }
        return false;
    }

    /** Whether an exception phrase occurs in the window from three words before the cue to the match. */
    private boolean negationException(String s, int clauseStart, int cue, int start) {
        int end = start;
        while (end > clauseStart && s.charAt(end - 1) == ' ') {
            end--;
        }
        int from = cue;
        for (int k = 0; k < 3; k++) {
            int p = from;
            while (p > clauseStart && s.charAt(p - 1) == ' ') {
                p--;
            }
            if (p <= clauseStart) {
                break;
            }
            while (p > clauseStart && s.charAt(p - 1) != ' ') {
                p--;
            }
            from = p;
        }
        String window = s.substring(from, end);
        for (Pattern exception : negationExceptions) {
            if (exception.matcher(window).find()) {
                return true;
            }
        }
        return false;
    }

    private boolean unlessInSentence(int suppressor, String s, int at) {
        Pattern[] unless = suppressorUnless[suppressor];
        if (unless.length == 0) {
            return false;
        }
        int from = at;
        while (from > 0 && ".!?;".indexOf(s.charAt(from - 1)) < 0) {
            from--;
        }
        int to = at;
        while (to < s.length() && ".!?;".indexOf(s.charAt(to)) < 0) {
            to++;
        }
        String sentence = s.substring(from, to);
        for (Pattern p : unless) {
            if (p.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }

    private RuleOutcome decide(
            boolean[] crisisFired,
            String[] crisisNote,
            boolean[] conceptFired,
            boolean[] modifierFired,
            boolean[] categoryFired,
            boolean urgent,
            String language) {
        double[] base = new double[KINDS.length];
        for (int i = 0; i < crisis.length; i++) {
            if (crisisFired[i]) {
                base[crisisKind[i].ordinal()] += crisis[i].weight();
            }
        }
        boolean[] comboFired = new boolean[combinations.length];
        for (int i = 0; i < combinations.length; i++) {
            if (allGroupsPresent(combinationGroups[i], conceptFired)) {
                comboFired[i] = true;
                base[combinationKind[i].ordinal()] += combinations[i].weight();
            }
        }
        double[] score = base.clone();
        for (int i = 0; i < modifiers.length; i++) {
            if (modifierFired[i]) {
                for (int k = 0; k < KINDS.length; k++) {
                    if (modifierKinds[i][k] && base[k] > 0) {
                        score[k] += modifiers[i].weight();
                    }
                }
            }
        }
        CrisisKind winner = null;
        for (CrisisKind k : priority) {
            if (score[k.ordinal()] >= crisisThreshold) {
                winner = k;
                break;
            }
        }
        boolean promoted = false;
        if (winner == null && promoteThreshold > 0 && (safetyModifier < 0 || !modifierFired[safetyModifier])) {
            // Risk language below the crisis threshold but above the promotion floor still reaches a
            // clinician as a crisis (missing one costs more than a false flag); highest score wins.
            // Both the evidence itself (base) and the evidence with modifiers must reach the floor, so
            // context words such as "today" never lift a weak farewell word on their own.
            double best = promoteThreshold - 1e-9;
            for (CrisisKind k : priority) {
                if (base[k.ordinal()] >= promoteThreshold - 1e-9 && score[k.ordinal()] > best + 1e-9) {
                    winner = k;
                    best = score[k.ordinal()];
                }
            }
            promoted = winner != null;
        }
        List<String> signals = new ArrayList<>();
        if (winner != null) {
            addCrisisSignals(signals, crisisFired, winner, true);
            addCombinations(signals, comboFired, conceptFired, winner);
            for (CrisisKind k : priority) {
                if (k != winner) {
                    addCrisisSignals(signals, crisisFired, k, false);
                    addCombinations(signals, comboFired, conceptFired, k);
                }
            }
            if (promoted) {
                signals.add("promoted-below-threshold");
            }
            for (int i = 0; i < modifiers.length; i++) {
                if (modifierFired[i] && appliesToEvidence(i, base)) {
                    signals.add(modifiers[i].id());
                }
            }
            addNotes(signals, crisisNote);
            return new RuleOutcome(
                    new TriageResult(MessageCategory.CRISIS, winner, signals, false, version),
                    ruleFeatures(
                            crisisFired,
                            comboFired,
                            conceptFired,
                            crisisNote,
                            modifierFired,
                            categoryFired,
                            winner,
                            promoted),
                    language);
        }

        double[] cat = new double[MessageCategory.values().length];
        for (int i = 0; i < categories.length; i++) {
            if (categoryFired[i]) {
                cat[categoryOf[i].ordinal()] += categories[i].weight();
            }
        }
        // Highest score wins; a tie with the default (clinician-facing) category goes to the default.
        MessageCategory best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (MessageCategory c : ROUTINE) {
            double v = cat[c.ordinal()];
            if (v > bestScore + 1e-9 || Math.abs(v - bestScore) <= 1e-9 && c == defaultCategory) {
                best = c;
                bestScore = v;
            }
        }
        boolean defaulted = bestScore < categoryThreshold;
        if (defaulted) {
            best = defaultCategory;
        }
        for (int i = 0; i < categories.length; i++) {
            if (categoryFired[i] && categoryOf[i] == best) {
                signals.add(categories[i].id());
            }
        }
        // Risk language that did not reach the threshold stays visible to the clinician.
        for (int i = 0; i < crisis.length; i++) {
            if (crisisFired[i]) {
                signals.add("below-threshold:" + crisis[i].id());
            }
        }
        for (int i = 0; i < combinations.length; i++) {
            if (comboFired[i]) {
                signals.add("below-threshold:" + combinations[i].id());
            }
        }
        addNotes(signals, crisisNote);
        return new RuleOutcome(
                new TriageResult(best, null, signals, urgent, version),
                ruleFeatures(
                        crisisFired, comboFired, conceptFired, crisisNote, modifierFired, categoryFired, null, false),
                language);
    }

    private static boolean allGroupsPresent(int[][] groups, boolean[] conceptFired) {
        for (int[] group : groups) {
            boolean any = false;
            for (int c : group) {
                if (conceptFired[c]) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** A fired combination is shown with the concepts that made it: "combo.id[c.a+c.b]". */
    private void addCombinations(List<String> signals, boolean[] comboFired, boolean[] conceptFired, CrisisKind kind) {
        for (int i = 0; i < combinations.length; i++) {
            if (comboFired[i] && combinationKind[i] == kind) {
                StringBuilder b = new StringBuilder(combinations[i].id()).append('[');
                boolean first = true;
                for (int[] group : combinationGroups[i]) {
                    for (int c : group) {
                        if (conceptFired[c]) {
                            b.append(first ? "" : "+").append(concepts[c].id());
                            first = false;
                            break;
                        }
                    }
                }
                signals.add(b.append(']').toString());
            }
        }
    }

    private boolean appliesToEvidence(int modifier, double[] base) {
        for (int k = 0; k < KINDS.length; k++) {
            if (modifierKinds[modifier][k] && base[k] > 0) {
                return true;
            }
        }
        return false;
    }

    private void addCrisisSignals(List<String> signals, boolean[] fired, CrisisKind kind, boolean sortByWeight) {
        int[] ids = new int[crisis.length];
        int n = 0;
        for (int i = 0; i < crisis.length; i++) {
            if (fired[i] && crisisKind[i] == kind) {
                // Heaviest first, equal weights in lexicon order (a stable insertion sort).
                int k = n++;
                while (sortByWeight && k > 0 && Double.compare(crisis[i].weight(), crisis[ids[k - 1]].weight()) > 0) {
                    ids[k] = ids[k - 1];
                    k--;
                }
                ids[k] = i;
            }
        }
        for (int k = 0; k < n; k++) {
            signals.add(crisis[ids[k]].id());
        }
    }

    private static void addNotes(List<String> signals, String[] notes) {
        if (notes != null) {
            Set<String> seen = new HashSet<>(signals);
            for (String n : notes) {
                if (n != null && seen.add(n)) {
                    signals.add(n);
                }
            }
        }
    }

    private static boolean languageFits(String signalLang, String language) {
        return signalLang.equals("any") || signalLang.equals(language);
    }

    /** Cheap guess from function words; Spanish punctuation and letters were already folded away. */
    private String resolveLanguage(String lang, String s) {
        if (lang != null) {
            String l = lang.toLowerCase(Locale.ROOT);
            if (l.startsWith("es")) {
                return "es";
            }
            if (l.startsWith("en")) {
                return "en";
            }
        }
        int es = 0;
        int en = 0;
        int from = 0;
        int len = s.length();
        while (from < len) {
            while (from < len && !NormalizedText.isWordChar(s.charAt(from))) {
                from++;
            }
            int to = from;
            while (to < len && NormalizedText.isWordChar(s.charAt(to))) {
                to++;
            }
            if (to > from) {
                if (esHints.contains(s, from, to)) {
                    es++;
                }
                if (enHints.contains(s, from, to)) {
                    en++;
                }
            }
            from = to;
        }
        return es > en ? "es" : "en";
    }
}
