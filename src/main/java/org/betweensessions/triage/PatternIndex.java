package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds all lexicon pattern matches in a normalised text while trying each pattern only where it
 * could possibly match. This is what makes about 1,700 pattern branches affordable at tens of
 * thousands of messages per second on one core. Two filters, both exact (they never skip a match):
 *
 * <ol>
 * <li><b>Required text.</b> For every branch, {@link RequiredText} derives literal strings one of which
 * every match contains ("hit me", "punched me" for "(he|she) ... (hit|punched) me"). One pass of
 * {@link LiteralSearch} over the message finds which of them occur and where last; a branch is tried
 * only if one of its literals occurs, and only at word starts up to that occurrence. Typically about a
 * dozen of the branches remain.
 * <li><b>Possible beginnings.</b> Every branch is anchored at word edges, so a match always begins at the
 * start of a word. At construction each branch is probed with every short string over the normalised
 * alphabet: {@code lookingAt} succeeding or {@code hitEnd} being set means a match could begin with that
 * string. The probe is lengthened up to {@value #MAX_KEY} characters while the set of possible
 * beginnings stays small. A remaining branch is tried (with {@code lookingAt}) only at word starts whose
 * first characters are one of its beginnings; near the end of the text, where fewer characters remain,
 * the two-character beginnings are used.
 * </ol>
 *
 * <p>Matches are reported in the order of the original scan, position by position (the suppression and
 * negation logic depends on it). A test runs every branch everywhere and compares. The rare branch
 * that could begin with a non-word character (such as "!!!") is run over the whole text if its required
 * text occurs. Positive look-behind is rejected by the lexicon loader because the probe cannot see the
 * text before a word.
 */
final class PatternIndex {

    private static final String ALPHA = NormalizedText.ALPHABET;
    private static final int A = ALPHA.length();
    private static final int WORD_CHARS = 36;

    private final Pattern[] branches;
    private final int[] sourceOf;      // branch -> index of the lexicon pattern it came from
    private final int[] groupOf;       // branch -> group in which one match is enough (see scan), or -1
    private final boolean prefilter;
    private final int[] keyLength;     // branch -> length of its beginnings (2..MAX_KEY); 0 for alwaysRun
    private final int[][] keys;        // branch -> its possible beginnings as base-A codes, sorted
    private final int[][] bigrams;     // branch -> its possible first two characters as codes, sorted (text end)
    private final int[] alwaysRun;     // branches that may start with a non-word character
    private final int[] unfiltered;    // prefix-keyed branches without required text (tried wherever they fit)
    /**
     * Required text: branch -> its requirements (null = none). A requirement is a list of literals (ids in
     * {@link #literals}) one of which every match contains; a branch can match only if all its requirements
     * are met, and only at or before the latest occurrence of each.
     */
    private final int[][] requirementsOf;
    private final int[] branchOf;      // requirement -> branch
    private final int[][] requiredBy;  // literal -> requirements that list it
    private final LiteralSearch literals;
    private final ThreadLocal<Scratch> scratch;

    /** Per-thread reusable state; keeps the index shareable between threads without locking. */
    private static final class Scratch {
        final Matcher[] matchers;
        final int[] used;
        int usedCount;
        final boolean[] isUsed;
        /** literal -> start of its last occurrence in the current message (valid if found there) */
        final int[] literalStamp;
        final int[] literalStart;
        final int[] found;
        /** requirement -> stamp when one of its literals occurs, and the latest start of one */
        final int[] requirementStamp;
        final int[] requirementLimit;
        /** branch -> stamp when some requirement is met, how many are, and the latest possible start */
        final int[] branchStamp;
        final int[] branchMet;
        final int[] branchLimit;
        final int[] candidates;
        int stamp;
        int[] wordStart = new int[64];
        int[] prefix = new int[64];    // per word start: code of its first MAX_KEY characters, or -1 near the end

        Scratch(int n, int literals, int requirements) {
            matchers = new Matcher[n];
            used = new int[n];
            isUsed = new boolean[n];
            literalStamp = new int[literals];
            literalStart = new int[literals];
            found = new int[literals];
            requirementStamp = new int[requirements];
            requirementLimit = new int[requirements];
            branchStamp = new int[n];
            branchMet = new int[n];
            branchLimit = new int[n];
            candidates = new int[n];
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
     * @param group     per source: a group in which one match of any of its patterns is all the caller needs,
     *                  or -1 (every match is needed); see {@link #scan(String, boolean[])}
     * @param prefilter false tries every branch at every position; only for proving the index exact
     */
    PatternIndex(List<String> sources, int[] group, boolean prefilter) {
        this.prefilter = prefilter;
        List<Pattern> compiled = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<Integer> always = new ArrayList<>();
        List<int[]> keyList = new ArrayList<>();
        List<int[]> bigramList = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        List<List<java.util.Set<String>>> requiredText = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            for (String branch : topLevelBranches(sources.get(i))) {
                owners.add(i);
                requiredText.add(prefilter ? RequiredText.allOf(branch) : null);
                Pattern bare = Pattern.compile(branch);
                if (!prefilter || canStartWithNonWord(bare)) {
                    always.add(compiled.size());
                    compiled.add(wordBounded(branch));
                    keyList.add(null);
                    bigramList.add(null);
                    lengths.add(0);
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
                bigramList.add(sortedCodes(keys));
                // Lengthen the key while the number of possible prefixes stays manageable.
                int length = 2;
                while (length < MAX_KEY && keys.size() * A <= KEY_LIMIT) {
                    keys = extendKeys(bare, keys, length);
                    length++;
                }
                keyList.add(sortedCodes(keys));
                lengths.add(length);
            }
        }
        this.branches = compiled.toArray(Pattern[]::new);
        this.sourceOf = owners.stream().mapToInt(Integer::intValue).toArray();
        this.groupOf = Arrays.stream(sourceOf).map(src -> group[src]).toArray();
        this.keyLength = lengths.stream().mapToInt(Integer::intValue).toArray();
        this.keys = keyList.toArray(int[][]::new);
        this.bigrams = bigramList.toArray(int[][]::new);
        this.alwaysRun = always.stream().mapToInt(Integer::intValue).toArray();

        java.util.Map<String, Integer> literalIds = new java.util.LinkedHashMap<>();
        List<int[]> requirementLiterals = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        this.requirementsOf = new int[branches.length][];
        List<Integer> open = new ArrayList<>();
        for (int k = 0; k < branches.length; k++) {
            List<java.util.Set<String>> sets = requiredText.get(k);
            if (sets == null) {
                if (keyLength[k] > 0) {
                    open.add(k);
                }
                continue;
            }
            requirementsOf[k] = new int[sets.size()];
            for (int j = 0; j < sets.size(); j++) {
                requirementsOf[k][j] = requirementLiterals.size();
                requirementLiterals.add(shortened(sets.get(j)).stream()
                        .mapToInt(x -> literalIds.computeIfAbsent(x, y -> literalIds.size())).toArray());
                owner.add(k);
            }
        }
        this.unfiltered = open.stream().mapToInt(Integer::intValue).toArray();
        this.branchOf = owner.stream().mapToInt(Integer::intValue).toArray();
        this.literals = new LiteralSearch(new ArrayList<>(literalIds.keySet()));
        List<List<Integer>> by = emptyBuckets(literalIds.size());
        for (int r = 0; r < requirementLiterals.size(); r++) {
            for (int id : requirementLiterals.get(r)) {
                by.get(id).add(r);
            }
        }
        this.requiredBy = toArrays(by);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(branches.length, literals.literals(), branchOf.length));
    }

    private static int[] sortedCodes(List<Long> codes) {
        return codes.stream().mapToInt(Long::intValue).sorted().toArray();
    }

    /** Longest literal kept for the search; a piece of a required text is required too. */
    private static final int MAX_LITERAL = 12;

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
        return scan(text, null);
    }

    /**
     * All matches of all patterns, except where the caller does not need them: patterns of a group marked
     * in {@code groupDone} are skipped, and after the first match of a group's pattern the group is marked
     * and its other patterns are skipped (with the prefilter only; the exhaustive mode reports everything).
     *
     * @param groupDone per group given at construction; null reports every match
     */
    Matches scan(String text, boolean[] groupDone) {
        Matches out = new Matches();
        Scratch cache = scratch.get();
        int len = text.length();
        if (++cache.stamp == 0) {
            Arrays.fill(cache.literalStamp, 0);
            Arrays.fill(cache.requirementStamp, 0);
            Arrays.fill(cache.branchStamp, 0);
            cache.stamp = 1;
        }
        // 1. Which branches can match at all (all requirements met), and up to which start: for each
        //    requirement the latest occurrence of one of its literals, the earliest of those.
        int found = literals.scan(text, cache.literalStamp, cache.literalStart, cache.stamp, cache.found);
        int candidates = 0;
        for (int f = 0; f < found; f++) {
            int id = cache.found[f];
            int start = cache.literalStart[id];
            for (int r : requiredBy[id]) {
                if (cache.requirementStamp[r] != cache.stamp) {
                    cache.requirementStamp[r] = cache.stamp;
                    cache.requirementLimit[r] = start;
                    int branch = branchOf[r];
                    if (cache.branchStamp[branch] != cache.stamp) {
                        cache.branchStamp[branch] = cache.stamp;
                        cache.branchMet[branch] = 0;
                    }
                    if (++cache.branchMet[branch] == requirementsOf[branch].length) {
                        cache.candidates[candidates++] = branch;
                    }
                } else if (cache.requirementLimit[r] < start) {
                    cache.requirementLimit[r] = start;
                }
            }
        }
        for (int c = 0; c < candidates; c++) {
            int branch = cache.candidates[c];
            int limit = Integer.MAX_VALUE;
            for (int r : requirementsOf[branch]) {
                limit = Math.min(limit, cache.requirementLimit[r]);
            }
            cache.branchLimit[branch] = limit;
        }
        for (int branch : unfiltered) {
            cache.branchLimit[branch] = len;
            cache.candidates[candidates++] = branch;
        }
        // 2. Word starts, with the code of their first characters.
        int words = 0;
        if (cache.wordStart.length < len) {
            cache.wordStart = new int[len];
            cache.prefix = new int[len];
        }
        for (int i = 0; i < len; i++) {
            if (NormalizedText.isWordChar(text.charAt(i)) && (i == 0 || !NormalizedText.isWordChar(text.charAt(i - 1)))) {
                int code = -1;
                if (i + MAX_KEY <= len) {
                    code = 0;
                    for (int k = 0; k < MAX_KEY; k++) {
                        code = code * A + NormalizedText.symbol(text.charAt(i + k));
                    }
                }
                cache.wordStart[words] = i;
                cache.prefix[words++] = code;
            }
        }
        // 3. At each word start, in text order, try the remaining branches whose beginnings fit there, in the
        //    order of the original scan: by key length, then branch (near the text end: by branch).
        int[] active = cache.candidates;
        int n = 0;
        for (int c = 0; c < candidates; c++) {
            if (keyLength[active[c]] > 0) {  // the others may begin with a non-word character: run below
                active[n++] = active[c];
            }
        }
        sortBy(active, n, true);
        boolean byBranch = false;
        for (int w = 0; w < words; w++) {
            int at = cache.wordStart[w];
            int code = cache.prefix[w];
            if (code < 0 && !byBranch) {
                sortBy(active, n, false);
                byBranch = true;
            }
            int kept = 0;
            for (int c = 0; c < n; c++) {
                int branch = active[c];
                if (cache.branchLimit[branch] < at || done(groupDone, branch)) {
                    continue; // its required text does not occur from here on, or not needed: drop it
                }
                active[kept++] = branch;
                boolean fits;
                if (code >= 0) {
                    fits = Arrays.binarySearch(keys[branch], code / POWER[MAX_KEY - keyLength[branch]]) >= 0;
                } else {
                    int x = NormalizedText.symbol(text.charAt(at));
                    int y = at + 1 < len ? NormalizedText.symbol(text.charAt(at + 1)) : 36;
                    fits = Arrays.binarySearch(bigrams[branch], x * A + y) >= 0;
                }
                if (fits) {
                    Matcher m = matcher(cache, branch, text);
                    m.region(at, len);
                    if (m.lookingAt()) {
                        out.add(sourceOf[branch], m.start(), m.end());
                        markDone(groupDone, branch);
                    }
                }
            }
            n = kept;
        }
        for (int branch : alwaysRun) {
            if (!requirementsMet(cache, branch) || done(groupDone, branch)) {
                continue; // its required text does not occur, or not needed
            }
            Matcher m = matcher(cache, branch, text);
            m.region(0, len);
            while (m.find()) {
                out.add(sourceOf[branch], m.start(), m.end());
                markDone(groupDone, branch);
                if (done(groupDone, branch)) {
                    break;
                }
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

    private static final int[] POWER = {1, A, A * A, A * A * A};

    private boolean requirementsMet(Scratch cache, int branch) {
        return requirementsOf[branch] == null || cache.branchStamp[branch] == cache.stamp
                && cache.branchMet[branch] == requirementsOf[branch].length;
    }

    private boolean done(boolean[] groupDone, int branch) {
        return prefilter && groupDone != null && groupOf[branch] >= 0 && groupDone[groupOf[branch]];
    }

    private void markDone(boolean[] groupDone, int branch) {
        if (prefilter && groupDone != null && groupOf[branch] >= 0) {
            groupDone[groupOf[branch]] = true;
        }
    }

    /** Insertion sort of a few branches: by key length, then branch; or by branch only. */
    private void sortBy(int[] a, int n, boolean keyLengthFirst) {
        for (int i = 1; i < n; i++) {
            int x = a[i];
            int j = i - 1;
            for (; j >= 0 && rank(a[j], keyLengthFirst) > rank(x, keyLengthFirst); j--) {
                a[j + 1] = a[j];
            }
            a[j + 1] = x;
        }
    }

    private int rank(int branch, boolean keyLengthFirst) {
        return keyLengthFirst ? keyLength[branch] * branches.length + branch : branch;
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
