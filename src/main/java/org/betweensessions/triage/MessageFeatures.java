package org.betweensessions.triage;

import java.util.Arrays;
import java.util.List;

/**
 * The distinct model features of one message, collected without building a {@code String} or a map per
 * feature: each feature is spelled into a reusable character buffer and looked up in a {@link FeatureIndex};
 * features the index knows are de-duplicated by id, the others by a 64-bit hash confirmed character by
 * character (only their number matters: it scales the feature values). A word the index caches brings all
 * its word and n-gram features in one look-up. The result is exactly the feature set of
 * {@link TriageModel#features} (same words, word pairs, negation marks, character n-grams and rule
 * features), which {@code MessageFeaturesTest} checks on every input of the golden-output test.
 *
 * <p>One instance per thread (not thread-safe); {@link #clear()} after each message wipes the buffer so
 * no message text stays reachable from the thread.
 */
final class MessageFeatures {

    private static final int INITIAL_CHARS = 4096;
    private static final int INITIAL_SLOTS = 1024;
    /** Buffers that grew beyond this for a very long message are dropped afterwards. */
    private static final int KEEP_CHARS = 1 << 16;
    /** Negation cues of {@link TriageModel#NEGATION_CUES} by length, for a check without substring(). */
    private static final String[][] CUES_BY_LENGTH = new String[16][];

    static {
        for (int n = 0; n < CUES_BY_LENGTH.length; n++) {
            final int len = n;
            CUES_BY_LENGTH[n] = TriageModel.NEGATION_CUES.stream().filter(c -> c.length() == len).toArray(String[]::new);
        }
    }

    private char[] buf = new char[INITIAL_CHARS];
    private int used;

    // Open-addressing set of the distinct unknown features so far: hash, and where it is spelled in buf.
    private long[] setHash = new long[INITIAL_SLOTS];
    private int[] setFrom = new int[INITIAL_SLOTS];
    private int[] setLength = new int[INITIAL_SLOTS];
    private int[] setStamp = new int[INITIAL_SLOTS];  // slot is in use iff setStamp == stamp
    private int stamp = 1;
    private int distinct;                             // known + unknown
    private int unknown;                              // entries in the set

    private FeatureIndex index;
    private int[] idStamp = new int[0];               // known feature id -> stamp of the last message that had it
    private int[] known = new int[256];               // ids (in index) of distinct known features, first seen first
    private int knownCount;

    /** Number of distinct features of the message (known to the index or not). */
    int distinct() {
        return distinct;
    }

    int knownCount() {
        return knownCount;
    }

    /** Id in the index of the k-th distinct known feature. */
    int known(int k) {
        return known[k];
    }

    /**
     * Collects the features of a normalised message plus the rule-engine features; mirrors
     * {@link TriageModel#features} step by step.
     */
    void collect(String s, List<String> ruleFeatures, FeatureIndex index) {
        this.index = index;
        if (idStamp.length < index.size()) {
            idStamp = new int[index.size()];
        }
        int prevStart = -1;
        int prevEnd = -1;
        int negationLeft = 0;
        int len = s.length();
        int i = 0;
        while (i < len) {
            char ch = s.charAt(i);
            if (!NormalizedText.isWordChar(ch)) {
                if (ch != ' ') {
                    prevStart = -1; // punctuation ends the clause for bigrams and negation
                    negationLeft = 0;
                }
                i++;
                continue;
            }
            int j = i;
            while (j < len && NormalizedText.isWordChar(s.charAt(j))) {
                j++;
            }
            boolean cached = word('w', s, i, j);
            if (TriageModel.NEGATION_MARKING && negationLeft > 0) {
                word('n', s, i, j);
                negationLeft--;
            }
            if (isNegationCue(s, i, j)) {
                negationLeft = 3;
            } else if (is(s, i, j, "but") || is(s, i, j, "pero")) {
                negationLeft = 0;
            }
            if (prevStart >= 0) {
                pair(s, prevStart, prevEnd, i, j);
            }
            if (!cached) {
                int padded = j - i + 2; // "<" + word + ">"
                for (int n = 3; n <= 5; n++) {
                    for (int from = 0; from + n <= padded; from++) {
                        gram(s, i, j, from, n);
                    }
                }
            }
            prevStart = i;
            prevEnd = j;
            i = j;
        }
        for (String r : ruleFeatures) {
            int start = reserve(r.length());
            r.getChars(0, r.length(), buf, start);
            used = start + r.length();
            commit(start);
        }
    }

    /** Forgets the message: wipes the spelled features and drops buffers a very long message grew. */
    void clear() {
        if (buf.length > KEEP_CHARS) {
            buf = new char[INITIAL_CHARS];
        } else {
            Arrays.fill(buf, 0, used, '\0');
        }
        if (setHash.length > KEEP_CHARS) {
            setHash = new long[INITIAL_SLOTS];
            setFrom = new int[INITIAL_SLOTS];
            setLength = new int[INITIAL_SLOTS];
            setStamp = new int[INITIAL_SLOTS];
        }
        used = 0;
        distinct = 0;
        unknown = 0;
        knownCount = 0;
        index = null;
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(setStamp, 0);
            Arrays.fill(idStamp, 0);
            stamp = 1;
        }
    }

    /** The "w:" and "c:" features of one word, in the order {@link TriageModel#features} adds them, without repeats. */
    static List<String> wordFeatures(String word) {
        java.util.LinkedHashSet<String> f = new java.util.LinkedHashSet<>();
        f.add("w:" + word);
        String padded = "<" + word + ">";
        for (int n = 3; n <= 5; n++) {
            for (int from = 0; from + n <= padded.length(); from++) {
                f.add("c:" + padded.substring(from, from + n));
            }
        }
        return List.copyOf(f);
    }

    // ---- spelling one feature -------------------------------------------------------------------

    /**
     * "w:word" or "n:word".
     * @return true if the index caches the word: then its character n-grams were added too
     */
    private boolean word(char type, String s, int from, int to) {
        int start = reserve(2 + to - from);
        buf[start] = type;
        buf[start + 1] = ':';
        s.getChars(from, to, buf, start + 2);
        used = start + 2 + to - from;
        if (type == 'w') {
            int[] ids = index.wordFeatures(FeatureIndex.hash(buf, start, used), buf, start, used - start);
            if (ids != null) {
                used = start;
                for (int id : ids) {
                    addKnown(id);
                }
                return true;
            }
        }
        commit(start);
        return false;
    }

    /** "b:previous word". */
    private void pair(String s, int prevFrom, int prevTo, int from, int to) {
        int start = reserve(3 + prevTo - prevFrom + to - from);
        int p = start;
        buf[p++] = 'b';
        buf[p++] = ':';
        s.getChars(prevFrom, prevTo, buf, p);
        p += prevTo - prevFrom;
        buf[p++] = ' ';
        s.getChars(from, to, buf, p);
        used = p + to - from;
        commit(start);
    }

    /** "c:" + n characters of "<word>" from position {@code at}. */
    private void gram(String s, int from, int to, int at, int n) {
        int start = reserve(2 + n);
        int p = start;
        buf[p++] = 'c';
        buf[p++] = ':';
        int last = to - from + 1; // index of '>' in the padded word
        for (int k = at; k < at + n; k++) {
            buf[p++] = k == 0 ? '<' : k == last ? '>' : s.charAt(from + k - 1);
        }
        used = p;
        commit(start);
    }

    /** Makes room for a feature of up to {@code length} characters at the end of the buffer. */
    private int reserve(int length) {
        if (used + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, used + length));
        }
        return used;
    }

    /**
     * Counts the feature spelled at buf[start, used) if it is new in this message. A known feature is
     * recognised by its id and its spelling is not kept; an unknown one is kept for comparison.
     */
    private void commit(int start) {
        int length = used - start;
        long h = FeatureIndex.hash(buf, start, used);
        int id = index.find(h, buf, start, length);
        if (id >= 0) {
            used = start;
            addKnown(id);
            return;
        }
        int mask = setHash.length - 1;
        int slot = (int) h & mask;
        while (setStamp[slot] == stamp) {
            if (setHash[slot] == h && setLength[slot] == length
                    && Arrays.equals(buf, setFrom[slot], setFrom[slot] + length, buf, start, used)) {
                used = start; // seen before in this message
                return;
            }
            slot = (slot + 1) & mask;
        }
        setHash[slot] = h;
        setFrom[slot] = start;
        setLength[slot] = length;
        setStamp[slot] = stamp;
        distinct++;
        unknown++;
        if (unknown * 2 > setHash.length) {
            growSet();
        }
    }

    private void addKnown(int id) {
        if (idStamp[id] != stamp) {
            idStamp[id] = stamp;
            if (knownCount == known.length) {
                known = Arrays.copyOf(known, known.length * 2);
            }
            known[knownCount++] = id;
            distinct++;
        }
    }

    private void growSet() {
        long[] oldHash = setHash;
        int[] oldFrom = setFrom;
        int[] oldLength = setLength;
        int[] oldStamp = setStamp;
        int size = oldHash.length * 2;
        setHash = new long[size];
        setFrom = new int[size];
        setLength = new int[size];
        setStamp = new int[size];
        int mask = size - 1;
        for (int i = 0; i < oldHash.length; i++) {
            if (oldStamp[i] == stamp) {
                int slot = (int) oldHash[i] & mask;
                while (setStamp[slot] == stamp) {
                    slot = (slot + 1) & mask;
                }
                setHash[slot] = oldHash[i];
                setFrom[slot] = oldFrom[i];
                setLength[slot] = oldLength[i];
                setStamp[slot] = stamp;
            }
        }
    }

    private static boolean isNegationCue(String s, int from, int to) {
        int n = to - from;
        if (n >= CUES_BY_LENGTH.length) {
            return false;
        }
        for (String cue : CUES_BY_LENGTH[n]) {
            if (s.startsWith(cue, from)) {
                return true;
            }
        }
        return false;
    }

    private static boolean is(String s, int from, int to, String word) {
        return to - from == word.length() && s.startsWith(word, from);
    }
}
