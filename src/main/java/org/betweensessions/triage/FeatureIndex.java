package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Immutable table from a model feature name ({@code "c:<he"}, {@code "w:pills"}, {@code "b:want to"}, ...)
 * to a dense id, looked up from characters so that no {@code String} has to be built per feature (see
 * {@link MessageFeatures}). A hit on the 64-bit hash is confirmed character by character, so a hash
 * collision can never attribute a weight to the wrong feature.
 *
 * <p>Most words of a message are words the model knows. For those ("cached words": the index knows the
 * word and all its character n-grams) it keeps the ids of the word's features, of its negation-marked form
 * ({@code "n:word"}) and of its known word pairs, so such a word costs one look-up instead of about
 * twenty. Slots hold the hash and the id side by side, so a look-up usually touches one cache line.
 */
final class FeatureIndex {

    static final long HASH_BASIS = 0xcbf29ce484222325L;

    private final String[] names;      // id -> name
    private final char[] chars;        // all names, back to back, for confirming hash hits
    private final int[] nameStart;     // id -> start of its name in chars (nameStart[id + 1] is its end)
    private final long[] table;        // per slot: [hash, id]; hash 0 = empty slot
    private final int mask;            // slots - 1

    // Cached words: entry -> what the word brings.
    private final long[] wordTable;    // per slot: [hash of "w:word", entry]
    private final int wordMask;
    private final int[] wordName;      // entry -> id of "w:word"
    private final int[][] wordFeatures; // entry -> ids of the word's distinct "w:" and "c:" features
    private final int[] negatedWord;   // entry -> id of "n:word", or -1 if unknown
    private final long[] pairTable;    // per slot: [key(first entry, second entry), id of "b:first second"]
    private final int pairMask;

    /** @param names distinct feature names; a name's id is its position in the list */
    FeatureIndex(List<String> names) {
        this.names = names.toArray(String[]::new);
        this.nameStart = new int[this.names.length + 1];
        StringBuilder all = new StringBuilder();
        for (int id = 0; id < this.names.length; id++) {
            nameStart[id] = all.length();
            all.append(this.names[id]);
        }
        nameStart[this.names.length] = all.length();
        this.chars = all.toString().toCharArray();
        int slots = tableSize(this.names.length);
        this.table = new long[slots * 2];
        this.mask = slots - 1;
        for (int id = 0; id < this.names.length; id++) {
            long h = hash(this.names[id]);
            if (find(h, chars, nameStart[id], nameStart[id + 1] - nameStart[id]) >= 0) {
                throw new IllegalArgumentException("duplicate feature " + this.names[id]);
            }
            put(table, mask, h, (int) h & mask, id);
        }

        List<Integer> cachedName = new ArrayList<>();
        List<int[]> cachedFeatures = new ArrayList<>();
        for (int id = 0; id < this.names.length; id++) {
            if (this.names[id].startsWith("w:")) {
                int[] ids = MessageFeatures.wordFeatures(this.names[id].substring(2)).stream()
                        .mapToInt(this::find).toArray();
                if (Arrays.stream(ids).allMatch(x -> x >= 0)) {
                    cachedName.add(id);
                    cachedFeatures.add(ids);
                }
            }
        }
        this.wordName = cachedName.stream().mapToInt(Integer::intValue).toArray();
        this.wordFeatures = cachedFeatures.toArray(int[][]::new);
        this.negatedWord = new int[wordName.length];
        int wordSlots = tableSize(wordName.length);
        this.wordTable = new long[wordSlots * 2];
        this.wordMask = wordSlots - 1;
        java.util.Map<String, Integer> entryOf = new java.util.HashMap<>();
        for (int e = 0; e < wordName.length; e++) {
            String word = this.names[wordName[e]].substring(2);
            long h = hash(this.names[wordName[e]]);
            put(wordTable, wordMask, h, (int) h & wordMask, e);
            negatedWord[e] = find("n:" + word);
            entryOf.put(word, e);
        }
        List<long[]> pairs = new ArrayList<>();
        for (int id = 0; id < this.names.length; id++) {
            String n = this.names[id];
            int space = n.indexOf(' ');
            if (n.startsWith("b:") && space > 0 && n.indexOf(' ', space + 1) < 0) {
                Integer first = entryOf.get(n.substring(2, space));
                Integer second = entryOf.get(n.substring(space + 1));
                if (first != null && second != null) {
                    pairs.add(new long[] {pairKey(first, second), id});
                }
            }
        }
        int pairSlots = tableSize(pairs.size());
        this.pairTable = new long[pairSlots * 2];
        this.pairMask = pairSlots - 1;
        for (long[] p : pairs) {
            put(pairTable, pairMask, p[0], pairSlot(p[0]), (int) p[1]);
        }
    }

    /** Slots for n keys: a power of two, at most half full. */
    private static int tableSize(int n) {
        return Integer.highestOneBit(Math.max(16, n * 2 - 1)) << 1;
    }

    /** Stores key -> value in a table of [key, value] slots, probing from {@code slot}. */
    private static void put(long[] t, int mask, long key, int slot, int value) {
        while (t[slot * 2] != 0) {
            slot = (slot + 1) & mask;
        }
        t[slot * 2] = key;
        t[slot * 2 + 1] = value;
    }

    int size() {
        return names.length;
    }

    String name(int id) {
        return names[id];
    }

    /** @return the id of the feature spelled by {@code buf[from, from + length)} (hash given), or -1 */
    int find(long hash, char[] buf, int from, int length) {
        int slot = (int) hash & mask;
        while (true) {
            long stored = table[slot * 2];
            if (stored == 0) {
                return -1;
            }
            if (stored == hash) {
                int id = (int) table[slot * 2 + 1];
                if (nameStart[id + 1] - nameStart[id] == length
                        && Arrays.equals(chars, nameStart[id], nameStart[id + 1], buf, from, from + length)) {
                    return id;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /** @return the id of the feature with this name, or -1 */
    int find(String name) {
        char[] c = name.toCharArray();
        return find(hash(name), c, 0, c.length);
    }

    /** @return the cache entry of the word {@code s[from, to)}, or -1 if the word is not cached */
    int word(String s, int from, int to) {
        long h = HASH_BASIS;
        h = step(h, 'w');
        h = step(h, ':');
        for (int i = from; i < to; i++) {
            h = step(h, s.charAt(i));
        }
        h = finish(h);
        int slot = (int) h & wordMask;
        while (true) {
            long stored = wordTable[slot * 2];
            if (stored == 0) {
                return -1;
            }
            if (stored == h) {
                int e = (int) wordTable[slot * 2 + 1];
                int id = wordName[e];
                int start = nameStart[id] + 2; // after "w:"
                if (nameStart[id + 1] - start == to - from && sameChars(start, s, from, to)) {
                    return e;
                }
            }
            slot = (slot + 1) & wordMask;
        }
    }

    private boolean sameChars(int start, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chars[start + i - from] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Ids of the cached word's distinct "w:" and "c:" features. */
    int[] wordFeatures(int entry) {
        return wordFeatures[entry];
    }

    /** Id of "n:word" for a cached word, or -1. */
    int negatedWord(int entry) {
        return negatedWord[entry];
    }

    /** Id of "b:first second" for two cached words, or -1. */
    int pair(int first, int second) {
        long key = pairKey(first, second);
        int slot = pairSlot(key);
        while (true) {
            long stored = pairTable[slot * 2];
            if (stored == 0) {
                return -1;
            }
            if (stored == key) {
                return (int) pairTable[slot * 2 + 1];
            }
            slot = (slot + 1) & pairMask;
        }
    }

    /** Both entries in one long; never 0 (the empty-slot marker). */
    static long pairKey(int first, int second) {
        return ((long) (first + 1) << 32) | second;
    }

    private int pairSlot(long key) {
        return (int) finish(key) & pairMask;
    }

    // ---- hashing: FNV-1a over the characters, then the MurmurHash3 finaliser; never 0 ---------------

    static long step(long h, char c) {
        return (h ^ c) * 0x100000001b3L;
    }

    static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    static long hash(char[] buf, int from, int to) {
        long h = HASH_BASIS;
        for (int i = from; i < to; i++) {
            h = step(h, buf[i]);
        }
        return finish(h);
    }

    static long hash(String s) {
        long h = HASH_BASIS;
        for (int i = 0; i < s.length(); i++) {
            h = step(h, s.charAt(i));
        }
        return finish(h);
    }
}
