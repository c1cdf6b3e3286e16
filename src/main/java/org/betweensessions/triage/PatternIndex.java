package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds all lexicon pattern matches in a normalised text while trying each pattern only where it
 * could possibly start. This is what makes a thousand pattern branches affordable at tens of
 * thousands of messages per second on one core.
 *
 * <p>Each pattern is split at its top-level {@code |} into branches. Every branch is anchored at word
 * edges, so a match always begins at the start of a word. At construction each branch is probed
 * with every short string over the normalised alphabet: {@code lookingAt} succeeding or
 * {@code hitEnd} being set means a match could begin with that string. The probe is lengthened up
 * to {@value #MAX_KEY} characters while the set of possible beginnings stays small. At scan time a
 * branch is tried (with {@code lookingAt}) only at word starts whose first characters are one of
 * its possible beginnings; near the end of the text, where fewer characters remain, the two-letter
 * sets are used. The probe is exact, so no match is ever skipped (a test runs both ways and
 * compares); the rare branch that could begin with a non-word character (such as "!!!") is simply
 * run over the whole text. Positive look-behind is rejected by the lexicon loader because the probe
 * cannot see the text before a word.
 */
final class PatternIndex {

    private static final String ALPHA = NormalizedText.ALPHABET;
    private static final int A = ALPHA.length();
    private static final int WORD_CHARS = 36;

    private final Pattern[] branches;
    private final int[] sourceOf;      // branch -> index of the lexicon pattern it came from
    private final int[][] byBigram;    // bigram -> every branch that may start with it (used near the text end)
    /** (prefix code, length) -> branches keyed at that prefix, and whether longer keys extend it. */
    private final PrefixTable byPrefix;
    private final int[] alwaysRun;     // branches that may start with a non-word character
    /** branch -> literals (ids in {@link #literals}) one of which every match contains; null = no such list. */
    private final int[][] required;
    private final int[][] requiredBy;  // literal -> branches that list it
    private final LiteralSearch literals;
    private final ThreadLocal<Scratch> scratch;

    /** Per-thread reusable matchers; keeps the index shareable between threads without locking. */
    private static final class Scratch {
        final Matcher[] matchers;
        final int[] used;
        int usedCount;
        final boolean[] isUsed;
        /** literal -> message stamp when it occurs in the current message, and the start of its last occurrence */
        final int[] literalStamp;
        final int[] literalStart;
        final int[] found;
        /** branch -> stamp when some required literal occurs, and the latest start of one */
        final int[] branchStamp;
        final int[] branchLimit;
        int stamp;

        Scratch(int n, int literals) {
            matchers = new Matcher[n];
            used = new int[n];
            isUsed = new boolean[n];
            literalStamp = new int[literals];
            literalStart = new int[literals];
            found = new int[literals];
            branchStamp = new int[n];
            branchLimit = new int[n];
        }
    }

    /** Matches of one scan as (source, start, end) triples, in text order of their start. */
    static final class Matches {
        int[] data = new int[48];
        int size;

        void add(int source, int start, int end) {
            if (size * 3 + 3 > data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size * 3] = source;
            data[size * 3 + 1] = start;
            data[size * 3 + 2] = end;
            size++;
        }

        int source(int i) {
            return data[i * 3];
        }

        int start(int i) {
            return data[i * 3 + 1];
        }

        int end(int i) {
            return data[i * 3 + 2];
        }
    }

    /**
     * @param sources   lexicon patterns; scan results refer to them by position in this list
     * @param prefilter false tries every branch at every position; only for proving the index exact
     */
    PatternIndex(List<String> sources, boolean prefilter) {
        List<Pattern> compiled = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<List<Integer>> buckets = emptyBuckets(A * A);
        List<java.util.Map<Long, List<Integer>>> prefixes = new ArrayList<>();
        for (int k = 0; k <= MAX_KEY; k++) {
            prefixes.add(new java.util.HashMap<>());
        }
        List<Integer> always = new ArrayList<>();
        List<java.util.Set<String>> requiredText = new ArrayList<>();
        int b = 0;
        for (int i = 0; i < sources.size(); i++) {
            for (String branch : topLevelBranches(sources.get(i))) {
                owners.add(i);
                requiredText.add(prefilter ? RequiredText.anyOf(branch) : null);
                Pattern bare = Pattern.compile(branch);
                if (!prefilter || canStartWithNonWord(bare)) {
                    compiled.add(wordBounded(branch));
                    always.add(b++);
                    continue;
                }
                compiled.add(fromWordStart(branch));
                List<Long> keys = new ArrayList<>();
                for (int x = 0; x < WORD_CHARS; x++) {
                    if (feasible(bare, String.valueOf(ALPHA.charAt(x)))) {
                        keys.add((long) x);
                    }
                }
                keys = extendKeys(bare, keys, 1);
                for (long key : keys) {
                    buckets.get((int) key).add(b);
                }
                // Lengthen the key while the number of possible prefixes stays manageable.
                int length = 2;
                while (length < MAX_KEY && keys.size() * A <= KEY_LIMIT) {
                    keys = extendKeys(bare, keys, length);
                    length++;
                }
                for (long key : keys) {
                    prefixes.get(length).computeIfAbsent(key, k -> new ArrayList<>()).add(b);
                }
                b++;
            }
        }
        this.branches = compiled.toArray(Pattern[]::new);
        this.sourceOf = owners.stream().mapToInt(Integer::intValue).toArray();
        this.byBigram = toArrays(buckets);
        this.byPrefix = new PrefixTable(prefixes, A);
        this.alwaysRun = always.stream().mapToInt(Integer::intValue).toArray();

        java.util.Map<String, Integer> literalIds = new java.util.LinkedHashMap<>();
        this.required = new int[branches.length][];
        for (int k = 0; k < branches.length; k++) {
            java.util.Set<String> req = requiredText.get(k);
            if (req != null) {
                required[k] = shortened(req).stream()
                        .mapToInt(x -> literalIds.computeIfAbsent(x, y -> literalIds.size())).toArray();
            }
        }
        this.literals = new LiteralSearch(new ArrayList<>(literalIds.keySet()));
        List<List<Integer>> by = emptyBuckets(literalIds.size());
        for (int k = 0; k < branches.length; k++) {
            if (required[k] != null) {
                for (int id : required[k]) {
                    by.get(id).add(k);
                }
            }
        }
        this.requiredBy = toArrays(by);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(branches.length, literals.literals()));
    }

    /** Longest literal kept for the search; a piece of a required text is required too. */
    private static final int MAX_LITERAL = 10;

    /**
     * The same requirement with fewer, shorter literals: each cut to its first MAX_LITERAL characters,
     * and literals containing another of the list dropped (the shorter one occurs wherever they do).
     */
    private static List<String> shortened(java.util.Set<String> req) {
        List<String> cut = req.stream().map(x -> x.length() > MAX_LITERAL ? x.substring(0, MAX_LITERAL) : x)
                .distinct().sorted(java.util.Comparator.comparingInt(String::length)).toList();
        List<String> kept = new ArrayList<>();
        for (String x : cut) {
            if (kept.stream().noneMatch(x::contains)) {
                kept.add(x);
            }
        }
        return kept;
    }

    private static final int MAX_KEY = 4;
    private static final int KEY_LIMIT = 3000;

    private static List<List<Integer>> emptyBuckets(int n) {
        List<List<Integer>> l = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            l.add(new ArrayList<>());
        }
        return l;
    }

    private static int[][] toArrays(List<List<Integer>> buckets) {
        int[][] out = new int[buckets.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = buckets.get(k).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Extends prefix keys of {@code length} characters by each feasible next character. */
    private static List<Long> extendKeys(Pattern bare, List<Long> keys, int length) {
        List<Long> out = new ArrayList<>();
        for (long key : keys) {
            String prefix = decode(key, length);
            for (int z = 0; z < A; z++) {
                if (feasible(bare, prefix + ALPHA.charAt(z))) {
                    out.add(key * A + z);
                }
            }
        }
        return out;
    }

    private static String decode(long key, int length) {
        char[] c = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            c[i] = ALPHA.charAt((int) (key % A));
            key /= A;
        }
        return new String(c);
    }

    /** Word-edge guards only where the pattern edge is a word character, so "!!" still works. */
    static Pattern wordBounded(String src) {
        return Pattern.compile("(?:(?<![a-z0-9])|(?=[^a-z0-9]))(?:" + src + ")" + END_GUARD);
    }

    private static final String END_GUARD = "(?:(?![a-z0-9])|(?<=[^a-z0-9]))";

    /**
     * {@link #wordBounded} for a branch that is only tried at the start of a word: there the start guard
     * always holds (the character before is not a word character), so it is left out.
     */
    static Pattern fromWordStart(String src) {
        return Pattern.compile("(?:" + src + ")" + END_GUARD);
    }

    /** Splits "a|b(?:c|d)|e" into a, b(?:c|d), e, respecting groups, classes and escapes. */
    static List<String> topLevelBranches(String src) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int from = 0;
        for (int i = 0; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(src.substring(from, i));
                from = i + 1;
            }
        }
        out.add(src.substring(from));
        return out;
    }

    private static boolean canStartWithNonWord(Pattern bare) {
        for (int c = WORD_CHARS; c < A; c++) {
            if (feasible(bare, String.valueOf(ALPHA.charAt(c)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean feasible(Pattern p, String prefix) {
        Matcher m = p.matcher(prefix);
        return m.lookingAt() || m.hitEnd();
    }

    /** All matches of all patterns; a pattern may report several (possibly overlapping) matches. */
    Matches scan(String text) {
        Matches out = new Matches();
        Scratch cache = scratch.get();
        int len = text.length();
        if (++cache.stamp == 0) {
            Arrays.fill(cache.literalStamp, 0);
            Arrays.fill(cache.branchStamp, 0);
            cache.stamp = 1;
        }
        // Which branches can match at all, and up to which start: the latest occurrence of a required literal.
        int found = literals.scan(text, cache.literalStamp, cache.literalStart, cache.stamp, cache.found);
        for (int f = 0; f < found; f++) {
            int id = cache.found[f];
            int start = cache.literalStart[id];
            for (int branch : requiredBy[id]) {
                if (cache.branchStamp[branch] != cache.stamp || cache.branchLimit[branch] < start) {
                    cache.branchStamp[branch] = cache.stamp;
                    cache.branchLimit[branch] = start;
                }
            }
        }
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (!NormalizedText.isWordChar(c) || i > 0 && NormalizedText.isWordChar(text.charAt(i - 1))) {
                continue;
            }
            if (i + MAX_KEY <= len) {
                long code = NormalizedText.symbol(c);
                for (int k = 2; k <= MAX_KEY; k++) {
                    code = code * A + NormalizedText.symbol(text.charAt(i + k - 1));
                    int slot = byPrefix.find(code, k);
                    if (slot < 0) {
                        break; // no key of any length starts with these characters
                    }
                    tryAt(out, cache, byPrefix.branches(slot), text, i, len);
                    if (!byPrefix.continues(slot)) {
                        break;
                    }
                }
            } else {
                // Too close to the end for long keys: fall back to every branch that fits the first two.
                int x = NormalizedText.symbol(c);
                int y = i + 1 < len ? NormalizedText.symbol(text.charAt(i + 1)) : 36;
                tryAt(out, cache, byBigram[x * A + y], text, i, len);
            }
        }
        for (int branch : alwaysRun) {
            if (!possible(cache, branch, 0)) {
                continue;
            }
            Matcher m = matcher(cache, branch, text);
            m.region(0, len);
            while (m.find()) {
                out.add(sourceOf[branch], m.start(), m.end());
            }
        }
        // Do not keep the message (health information) reachable from the thread afterwards.
        for (int k = 0; k < cache.usedCount; k++) {
            int branch = cache.used[k];
            cache.matchers[branch].reset("");
            cache.isUsed[branch] = false;
        }
        cache.usedCount = 0;
        return out;
    }

    private void tryAt(Matches out, Scratch cache, int[] candidates, String text, int at, int len) {
        for (int branch : candidates) {
            if (!possible(cache, branch, at)) {
                continue;
            }
            Matcher m = matcher(cache, branch, text);
            m.region(at, len);
            if (m.lookingAt()) {
                out.add(sourceOf[branch], m.start(), m.end());
            }
        }
    }

    /** False if a match of the branch starting at {@code at} would need text that does not occur from there on. */
    private boolean possible(Scratch cache, int branch, int at) {
        return required[branch] == null
                || cache.branchStamp[branch] == cache.stamp && cache.branchLimit[branch] >= at;
    }

    private Matcher matcher(Scratch cache, int branch, String text) {
        Matcher m = cache.matchers[branch];
        if (m == null) {
            m = branches[branch].matcher(text);
            m.useTransparentBounds(true); // let the word-edge look-behind see the previous character
            m.useAnchoringBounds(false);  // ^ and $ mean the real text edges, not the region's
            cache.matchers[branch] = m;
        } else if (!cache.isUsed[branch]) {
            m.reset(text);
        }
        if (!cache.isUsed[branch]) {
            cache.isUsed[branch] = true;
            cache.used[cache.usedCount++] = branch;
        }
        return m;
    }
}
