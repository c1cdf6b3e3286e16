package org.betweensessions.triage;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The distinct model features of one message, collected without building a {@code String} or a map per
 * feature. The result is exactly the feature set of {@link TriageModel#features} (same words, word pairs,
 * negation marks, character n-grams and rule features), which {@code MessageFeaturesTest} checks on every
 * input of the golden-output test: the ids of the features the {@link FeatureIndex} knows, and how many
 * distinct features there are in all (their number scales the feature values).
 *
 * <ul>
 * <li>A word the index caches brings its word and n-gram features, its negation mark and its pairs with
 * other cached words by id, without spelling anything.
 * <li>Any other feature is spelled into a reusable character buffer and looked up by hash.
 * <li>Known features are de-duplicated by id; unknown ones by a 64-bit hash confirmed character by
 * character, or (negation marks and pairs of cached words) by the words' cache entries.
 * </ul>
 *
 * <p>One instance per thread (not thread-safe); {@link #clear()} after each message wipes the buffer so
 * no message text stays reachable from the thread.
 */
final class MessageFeatures {

    private static final int INITIAL_CHARS = 4096;
    private static final int INITIAL_SLOTS = 1024;
    /** Buffers that grew beyond this for a very long message are dropped afterwards. */
    private static final int KEEP = 1 << 16;
    /** Negation cues of {@link TriageModel#NEGATION_CUES} by length, for a check without substring(). */
    private static final String[][] CUES_BY_LENGTH = new String[16][];
    private static final long NEGATED_KEY = 1L << 62;   // tag of an unknown "n:word" of a cached word
    private static final long PAIR_KEY = 2L << 62;      // tag of an unknown pair of cached words (entries < 2^31)
    private static final long PACKED_KEY = 3L << 62;    // tag of an unknown feature looked up by packed code

    static {
        for (int n = 0; n < CUES_BY_LENGTH.length; n++) {
            final int len = n;
            CUES_BY_LENGTH[n] = TriageModel.NEGATION_CUES.stream().filter(c -> c.length() == len).toArray(String[]::new);
        }
    }

    private char[] buf = new char[INITIAL_CHARS];
    private int used;

    // Open-addressing set of the distinct unknown features: hash (or tagged key), and where it is spelled in buf
    // (length -1 for a tagged key, which is compared as a number).
    private long[] setHash = new long[INITIAL_SLOTS];
    private int[] setFrom = new int[INITIAL_SLOTS];
    private int[] setLength = new int[INITIAL_SLOTS];
    private int[] setStamp = new int[INITIAL_SLOTS];  // slot is in use iff setStamp == stamp
    private int unknown;
    private int stamp = 1;

    private FeatureIndex index;
    // Reference-order mode (collectInReferenceOrder): every distinct feature in the order TriageModel.features
    // first adds it, with String.hashCode() of its name and its id (-1 if unknown).
    private boolean inOrder;
    private int[] orderHash = new int[256];
    private int[] orderId = new int[256];
    private int orderCount;
    private int[] idStamp = new int[0];               // known feature id -> stamp of the last message that had it
    private int[] known = new int[256];               // ids of the distinct known features
    private int knownCount;

    /** Number of distinct features of the message (known to the index or not). */
    int distinct() {
        return knownCount + unknown;
    }

    int knownCount() {
        return knownCount;
    }

    /** Id in the index of the k-th distinct known feature. */
    int known(int k) {
        return known[k];
    }

    /**
     * Collects the features of a normalised message plus the rule-engine features; follows
     * {@link TriageModel#features} step by step.
     */
    void collect(String s, List<String> ruleFeatures, FeatureIndex index) {
        use(index);
        int prevStart = -1;
        int prevEnd = -1;
        int prevEntry = -1;
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
            int j = wordEnd(s, i);
            long code = FeatureIndex.pack(s, i, j); // -1 for a word too long to pack
            int wordId = code >= 0 ? index.packed(FeatureIndex.WORD | code) : -1;
            int entry = wordId >= 0 ? index.cachedWord(wordId) : -1;
            if (entry >= 0) {
                for (int k = 0, n = index.wordFeatureCount(entry); k < n; k++) {
                    addKnown(index.wordFeature(entry, k));
                }
            } else {
                if (code < 0) {
                    spellWord('w', s, i, j);
                } else {
                    addPacked(wordId, FeatureIndex.WORD | code);
                }
                grams(s, i, j);
            }
            if (TriageModel.NEGATION_MARKING && negationLeft > 0) {
                if (entry >= 0) {
                    int id = index.negatedWord(entry);
                    if (id >= 0) {
                        addKnown(id);
                    } else {
                        addUnknownKey(NEGATED_KEY | entry);
                    }
                } else if (code < 0) {
                    spellWord('n', s, i, j);
                } else {
                    addPacked(index.packed(FeatureIndex.NEGATED | code), FeatureIndex.NEGATED | code);
                }
                negationLeft--;
            }
            negationLeft = negationAfter(s, i, j, negationLeft);
            if (prevStart >= 0) {
                if (entry >= 0 && prevEntry >= 0) {
                    int id = index.pair(prevEntry, entry);
                    if (id >= 0) {
                        addKnown(id);
                    } else {
                        addUnknownKey(PAIR_KEY | (long) prevEntry << 31 | entry);
                    }
                } else {
                    spellPair(s, prevStart, prevEnd, i, j);
                }
            }
            prevStart = i;
            prevEnd = j;
            prevEntry = entry;
            i = j;
        }
        addRuleFeatures(ruleFeatures);
    }

    /** Starts a message against this index (the id stamps grow with the index). */
    private void use(FeatureIndex index) {
        this.index = index;
        if (idStamp.length < index.size()) {
            idStamp = new int[index.size()];
        }
    }

    /** End (exclusive) of the word starting at {@code i}. */
    private static int wordEnd(String s, int i) {
        int j = i;
        int len = s.length();
        while (j < len && NormalizedText.isWordChar(s.charAt(j))) {
            j++;
        }
        return j;
    }

    /** Words still negated after word [i, j): a cue negates the next three, "but"/"pero" none. */
    private static int negationAfter(String s, int i, int j, int left) {
        if (isNegationCue(s, i, j)) {
            return 3;
        }
        return is(s, i, j, "but") || is(s, i, j, "pero") ? 0 : left;
    }

    /** The rule engine's features, spelled out as they are. */
    private void addRuleFeatures(List<String> ruleFeatures) {
        for (String r : ruleFeatures) {
            int start = reserve(r.length());
            r.getChars(0, r.length(), buf, start);
            used = start + r.length();
            commit(start);
        }
    }

    /**
     * Collects the same features as {@link #collect}, but all spelled out and in the order in which
     * {@link TriageModel#features} first adds them (a {@code LinkedHashSet}), recording for each its
     * {@code String.hashCode()} and id: what it takes to know the iteration order of the reference's
     * {@code HashMap}. Slower; used only to explain a crisis raised by the model.
     */
    void collectInReferenceOrder(String s, List<String> ruleFeatures, FeatureIndex index) {
        use(index);
        inOrder = true;
        try {
            int prevStart = -1;
            int prevEnd = -1;
            int negationLeft = 0;
            int len = s.length();
            int i = 0;
            while (i < len) {
                char ch = s.charAt(i);
                if (!NormalizedText.isWordChar(ch)) {
                    if (ch != ' ') {
                        prevStart = -1;
                        negationLeft = 0;
                    }
                    i++;
                    continue;
                }
                int j = wordEnd(s, i);
                spellWord('w', s, i, j);
                if (TriageModel.NEGATION_MARKING && negationLeft > 0) {
                    spellWord('n', s, i, j);
                    negationLeft--;
                }
                negationLeft = negationAfter(s, i, j, negationLeft);
                if (prevStart >= 0) {
                    spellPair(s, prevStart, prevEnd, i, j);
                }
                int padded = j - i + 2; // "<" + word + ">"
                for (int n = 3; n <= 5; n++) {
                    for (int at = 0; at + n <= padded; at++) {
                        spellGram(s, i, j, at, n);
                    }
                }
                prevStart = i;
                prevEnd = j;
                i = j;
            }
            addRuleFeatures(ruleFeatures);
        } finally {
            inOrder = false;
        }
    }

    /** Number of distinct features recorded by {@link #collectInReferenceOrder}. */
    int orderCount() {
        return orderCount;
    }

    /** {@code String.hashCode()} of the k-th distinct feature's name, in reference order. */
    int orderHash(int k) {
        return orderHash[k];
    }

    /** Id of the k-th distinct feature in reference order, or -1 if the index does not know it. */
    int orderId(int k) {
        return orderId[k];
    }

    /** Forgets the message: wipes the spelled features and drops buffers a very long message grew. */
    void clear() {
        if (buf.length > KEEP) {
            buf = new char[INITIAL_CHARS];
        } else {
            Arrays.fill(buf, 0, used, '\0');
        }
        if (setHash.length > KEEP) {
            setHash = new long[INITIAL_SLOTS];
            setFrom = new int[INITIAL_SLOTS];
            setLength = new int[INITIAL_SLOTS];
            setStamp = new int[INITIAL_SLOTS];
        }
        if (known.length > KEEP) {
            known = new int[256];
        }
        used = 0;
        unknown = 0;
        orderCount = 0;
        if (orderHash.length > KEEP) {
            orderHash = new int[256];
            orderId = new int[256];
        }
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
        LinkedHashSet<String> f = new LinkedHashSet<>();
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

    /** "w:word" or "n:word". */
    private void spellWord(char type, String s, int from, int to) {
        int start = reserve(2 + to - from);
        buf[start] = type;
        buf[start + 1] = ':';
        s.getChars(from, to, buf, start + 2);
        used = start + 2 + to - from;
        commit(start);
    }

    /** "b:previous word". */
    private void spellPair(String s, int prevFrom, int prevTo, int from, int to) {
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

    /** The "c:" n-grams (3 to 5 characters) of "<word>", by packed code. */
    private void grams(String s, int from, int to) {
        int padded = to - from + 2; // "<" + word + ">"
        for (int n = 3; n <= 5; n++) {
            for (int at = 0; at + n <= padded; at++) {
                long code = 0;
                for (int k = at; k < at + n; k++) {
                    char c = k == 0 ? '<' : k == padded - 1 ? '>' : s.charAt(from + k - 1);
                    code = code << 6 | FeatureIndex.symbol(c);
                }
                addPacked(index.packed(FeatureIndex.GRAM | code), FeatureIndex.GRAM | code);
            }
        }
    }

    /** Counts a feature looked up by packed code: by its id if known, else by the code. */
    private void addPacked(int id, long typeAndCode) {
        if (id >= 0) {
            addKnown(id);
        } else {
            addUnknownKey(PACKED_KEY | typeAndCode);
        }
    }

    /** "c:" + n characters of "<word>" from position {@code at}. */
    private void spellGram(String s, int from, int to, int at, int n) {
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
        if (inOrder && (id >= 0 ? idStamp[id] != stamp : isNewUnknown(h, start, length))) {
            if (orderCount == orderHash.length) {
                orderHash = Arrays.copyOf(orderHash, orderCount * 2);
                orderId = Arrays.copyOf(orderId, orderCount * 2);
            }
            int javaHash = 0;
            for (int i = start; i < used; i++) {
                javaHash = 31 * javaHash + buf[i];
            }
            orderHash[orderCount] = javaHash;
            orderId[orderCount++] = id;
        }
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
        insert(slot, h, start, length);
    }

    private boolean isNewUnknown(long h, int start, int length) {
        int mask = setHash.length - 1;
        for (int slot = (int) h & mask; setStamp[slot] == stamp; slot = (slot + 1) & mask) {
            if (setHash[slot] == h && setLength[slot] == length
                    && Arrays.equals(buf, setFrom[slot], setFrom[slot] + length, buf, start, start + length)) {
                return false;
            }
        }
        return true;
    }

    /** Counts an unknown feature identified by a tagged number (negation mark or pair of cached words). */
    private void addUnknownKey(long key) {
        int mask = setHash.length - 1;
        int slot = (int) FeatureIndex.finish(key) & mask;
        while (setStamp[slot] == stamp) {
            if (setLength[slot] < 0 && setHash[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        insert(slot, key, 0, -1);
    }

    private void insert(int slot, long hashOrKey, int from, int length) {
        setHash[slot] = hashOrKey;
        setFrom[slot] = from;
        setLength[slot] = length;
        setStamp[slot] = stamp;
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
                long h = oldHash[i];
                int slot = (int) (oldLength[i] < 0 ? FeatureIndex.finish(h) : h) & mask;
                while (setStamp[slot] == stamp) {
                    slot = (slot + 1) & mask;
                }
                setHash[slot] = h;
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
