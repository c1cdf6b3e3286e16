package org.betweensessions.triage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs only the patterns that can possibly match a given text, which is what makes hundreds of
 * lexicon patterns affordable at tens of thousands of messages per second.
 *
 * <p>Every pattern is anchored at word edges, so a match always begins at the start of a word.
 * At construction each pattern is probed with all two-character strings over the normalised
 * alphabet: {@code lookingAt} succeeding or {@code hitEnd} being set means the pattern could
 * start with those two characters. At classification time the text's word-start bigrams select
 * the candidate patterns. This is exact (no pattern that could match is skipped); patterns that
 * could begin with a non-word character are always run.
 */
final class PatternIndex {

    private static final String ALPHA = NormalizedText.ALPHABET;
    private static final int A = ALPHA.length();

    private final Pattern[] patterns;
    private final long[][] byBigram; // bigram -> bitset of pattern ordinals
    private final long[] alwaysRun;
    private final int words;

    /** @param sources raw lexicon patterns; their ordinal is the position in this list */
    PatternIndex(List<String> sources, boolean prefilter) {
        int n = sources.size();
        this.words = (n + 63) >>> 6;
        this.patterns = new Pattern[n];
        this.byBigram = new long[A * A][];
        this.alwaysRun = new long[words];
        for (int i = 0; i < n; i++) {
            String src = sources.get(i);
            // Word-edge guards only where the pattern edge is a word character, so "!!" still works.
            patterns[i] = wordBounded(src);
            if (!prefilter) {
                set(alwaysRun, i);
                continue;
            }
            Pattern bare = Pattern.compile(src);
            if (canStartWithNonWord(bare)) {
                set(alwaysRun, i);
                continue;
            }
            for (int a = 0; a < 36; a++) { // word characters only: a match starts at a word start
                String first = String.valueOf(ALPHA.charAt(a));
                if (!feasible(bare, first)) {
                    continue;
                }
                for (int b = 0; b < A; b++) {
                    if (feasible(bare, first + ALPHA.charAt(b))) {
                        int key = a * A + b;
                        if (byBigram[key] == null) {
                            byBigram[key] = new long[words];
                        }
                        set(byBigram[key], i);
                    }
                }
            }
        }
    }

    /** Word-edge guards only where the pattern edge is a word character, so "!!" still works. */
    static Pattern wordBounded(String src) {
        return Pattern.compile("(?:(?<![a-z0-9])|(?=[^a-z0-9]))(?:" + src + ")(?:(?![a-z0-9])|(?<=[^a-z0-9]))");
    }

    private static boolean canStartWithNonWord(Pattern bare) {
        for (int c = 36; c < A; c++) {
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

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << (i & 63);
    }

    int size() {
        return patterns.length;
    }

    Pattern pattern(int ordinal) {
        return patterns[ordinal];
    }

    /** Bitset of the pattern ordinals worth running on this text. */
    long[] candidates(String text) {
        long[] out = alwaysRun.clone();
        int len = text.length();
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (!NormalizedText.isWordChar(c) || i > 0 && NormalizedText.isWordChar(text.charAt(i - 1))) {
                continue;
            }
            int a = c <= '9' ? 26 + (c - '0') : c - 'a';
            char next = i + 1 < len ? text.charAt(i + 1) : ' ';
            int b = ALPHA.indexOf(next);
            long[] bits = byBigram[a * A + (b < 0 ? 36 : b)];
            if (bits != null) {
                for (int w = 0; w < words; w++) {
                    out[w] |= bits[w];
                }
            }
        }
        return out;
    }
}
