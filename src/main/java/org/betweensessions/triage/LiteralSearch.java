package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds in one pass over a normalised text every occurrence of a fixed list of short literal strings,
 * reporting for each literal where its last occurrence starts. Used by {@link PatternIndex} to skip
 * patterns whose required text ({@link RequiredText}) is absent. Immutable and thread-safe; the caller
 * supplies the per-message result arrays.
 *
 * <p>Characters are handled as numbers: 6 bits per character (its position in the normalised alphabet),
 * so up to ten characters fit in a long. Literals are grouped by their first k characters, k = 1, 2, 3,
 * 4 or 6 (six for literals of six characters or more, else their length or four). At each position of
 * the text, the code of the next k characters is first checked against a small bit table per group size
 * (a Bloom filter that stays in the processor's first-level cache; most positions stop there), then looked
 * up, and the rest of each literal of the group is compared, again as a code.
 */
final class LiteralSearch {

    private final String[] literals;
    private final Groups[] byKey = new Groups[7]; // key length -> groups (1, 2, 3, 4, 6)

    /** @param literals distinct strings; one with a character outside {@link NormalizedText#ALPHABET} is never found */
    LiteralSearch(List<String> literals) {
        this.literals = literals.toArray(String[]::new);
        List<List<Integer>> members = new ArrayList<>();
        for (int k = 0; k < byKey.length; k++) {
            members.add(new ArrayList<>());
        }
        for (int id = 0; id < this.literals.length; id++) {
            String lit = this.literals[id];
            if (lit.isEmpty() || !lit.chars().allMatch(c -> NormalizedText.symbol((char) c) >= 0)) {
                continue; // can never occur
            }
            members.get(keyLength(lit.length())).add(id);
        }
        for (int k = 1; k < byKey.length; k++) {
            if (!members.get(k).isEmpty()) {
                byKey[k] = new Groups(this.literals, members.get(k), k);
            }
        }
    }

    private static int keyLength(int length) {
        return length >= 6 ? 6 : Math.min(length, 4);
    }

    int literals() {
        return literals.length;
    }

    /**
     * Records every literal occurring in {@code text}: {@code stamp[id] = mark}, {@code lastStart[id]} =
     * start of its last occurrence, and its id in {@code found}. Entries of literals not found are left alone.
     *
     * @return how many distinct literals were found (the length of the list in {@code found})
     */
    int scan(String text, int[] stamp, int[] lastStart, int mark, int[] found) {
        Result r = new Result(stamp, lastStart, mark, found);
        int len = text.length();
        byte[] sym = new byte[len];
        for (int i = 0; i < len; i++) {
            sym[i] = (byte) NormalizedText.symbol(text.charAt(i)); // -1: not in normalised text, in no literal
        }
        long[] next = new long[11];
        for (int p = 0; p < len; p++) {
            long code = 0;
            for (int k = 1; k <= 6 && p + k <= len; k++) {
                int c = sym[p + k - 1];
                if (c < 0) {
                    break;
                }
                code = code << 6 | c;
                Groups g = byKey[k];
                if (g != null && g.mayHave(code)) {
                    g.match(sym, p, code, r, next);
                }
            }
        }
        return r.count;
    }

    /** Where scan records its findings. */
    private static final class Result {
        final int[] stamp;
        final int[] lastStart;
        final int mark;
        final int[] found;
        int count;

        Result(int[] stamp, int[] lastStart, int mark, int[] found) {
            this.stamp = stamp;
            this.lastStart = lastStart;
            this.mark = mark;
            this.found = found;
        }

        void record(int id, int start) {
            if (stamp[id] != mark) {
                stamp[id] = mark;
                found[count++] = id;
            }
            lastStart[id] = start;
        }
    }

    /** n characters from {@code at} as 6-bit alphabet positions (all in the alphabet). */
    private static long code(String s, int at, int n) {
        long code = 0;
        for (int i = at; i < at + n; i++) {
            code = code << 6 | NormalizedText.symbol(s.charAt(i));
        }
        return code;
    }

    /** Literals grouped by their first {@code key} characters. */
    private static final class Groups {
        private static final int FILTER_BITS = 1 << 15;

        private final String[] literals;
        private final int key;
        private final long[] filter = new long[FILTER_BITS / 64];
        private final long[] codes;      // open addressing: key code + 1 (0 = empty slot)
        private final int[] from;        // slot -> its literals are [from, to) in the arrays below
        private final int[] to;
        private final int[] ids;
        private final int[] restLength;  // characters after the key
        private final long[] rest;       // their code (-1 if longer than ten: then compared character by character)
        private final int[] maxRest;     // slot -> longest rest of its literals

        Groups(String[] literals, List<Integer> members, int key) {
            this.literals = literals;
            this.key = key;
            members.sort((a, b) -> Long.compare(code(literals[a], 0, key), code(literals[b], 0, key)));
            this.ids = members.stream().mapToInt(Integer::intValue).toArray();
            this.restLength = new int[ids.length];
            this.rest = new long[ids.length];
            int slots = Integer.highestOneBit(Math.max(16, ids.length * 2 - 1)) << 1;
            this.codes = new long[slots];
            this.from = new int[slots];
            this.to = new int[slots];
            this.maxRest = new int[slots];
            for (int i = 0; i < ids.length; i++) {
                String lit = literals[ids[i]];
                restLength[i] = lit.length() - key;
                rest[i] = restLength[i] <= 10 ? code(lit, key, restLength[i]) : -1;
            }
            for (int i = 0; i < ids.length; ) {
                long code = code(literals[ids[i]], 0, key);
                int j = i;
                while (j < ids.length && code(literals[ids[j]], 0, key) == code) {
                    j++;
                }
                int slot = slot(code);
                while (codes[slot] != 0) {
                    slot = (slot + 1) & (codes.length - 1);
                }
                codes[slot] = code + 1;
                from[slot] = i;
                to[slot] = j;
                for (int g = i; g < j; g++) {
                    maxRest[slot] = Math.max(maxRest[slot], Math.min(restLength[g], 10));
                }
                int bit = bit(code);
                filter[bit >>> 6] |= 1L << bit;
                i = j;
            }
        }

        /**
         * Records the group's literals occurring at p, whose first {@code key} characters have this code.
         * @param sym  the text as alphabet positions (-1 outside the alphabet)
         * @param next work space for the codes of the characters after the key
         */
        void match(byte[] sym, int p, long code, Result r, long[] next) {
            int mask = codes.length - 1;
            int slot = slot(code);
            for (long c = codes[slot]; c != 0; c = codes[slot = (slot + 1) & mask]) {
                if (c == code + 1) {
                    // Codes of the next 0..10 characters after the key, computed once for the whole group.
                    int after = p + key;
                    int available = 0;
                    for (long x = 0; available < maxRest[slot] && after + available < sym.length
                            && sym[after + available] >= 0; available++) {
                        x = x << 6 | sym[after + available];
                        next[available + 1] = x;
                    }
                    for (int g = from[slot]; g < to[slot]; g++) {
                        int n = restLength[g];
                        boolean same = rest[g] >= 0 ? n <= available && next[n] == rest[g] : restMatches(sym, after, g);
                        if (same) {
                            r.record(ids[g], p);
                        }
                    }
                    return;
                }
            }
        }

        /** For a literal with more than ten characters after its key. */
        private boolean restMatches(byte[] sym, int at, int g) {
            String lit = literals[ids[g]];
            if (at + lit.length() - key > sym.length) {
                return false;
            }
            for (int i = key; i < lit.length(); i++) {
                if (sym[at + i - key] != NormalizedText.symbol(lit.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /** False if no literal of the group starts with these characters (the filter: one bit test). */
        boolean mayHave(long code) {
            int bit = bit(code);
            return (filter[bit >>> 6] & 1L << bit) != 0;
        }

        private int slot(long code) {
            return (int) ((code * 0x9E3779B97F4A7C15L) >>> 40) & (codes.length - 1);
        }

        private static int bit(long code) {
            return (int) ((code * 0xC2B2AE3D27D4EB4FL) >>> (64 - 15)); // FILTER_BITS = 2^15
        }
    }
}
