package org.betweensessions.triage;

import java.util.List;

/**
 * Immutable open-addressing table from a model feature name ({@code "c:<he"}, {@code "w:pills"}, ...) to a
 * dense id, looked up from characters in a buffer so that no {@code String} has to be built per feature
 * (see {@link MessageFeatures}). A hit on the 64-bit hash is confirmed character by character, so a hash
 * collision can never attribute a weight to the wrong feature.
 *
 * <p>It also keeps, for every word it knows ({@code "w:word"}) whose character n-grams it all knows too,
 * the ids of those features, so a common word costs one look-up instead of about fifteen.
 */
final class FeatureIndex {

    private final long[] hashes;   // 0 = empty slot
    private final int[] ids;
    private final String[] names;  // by id
    private final int mask;
    private final FeatureIndex words;     // "w:word" -> entry in wordFeatures; null inside the word table itself
    private final int[][] wordFeatures;   // entry -> ids of the word's "w:" and "c:" features

    /** @param names distinct feature names; a name's id is its position in the list */
    FeatureIndex(List<String> names) {
        this(names, true);
    }

    private FeatureIndex(List<String> names, boolean withWords) {
        this.names = names.toArray(String[]::new);
        int size = Integer.highestOneBit(Math.max(16, names.size() * 2 - 1)) << 1; // load factor <= 0.5
        this.hashes = new long[size];
        this.ids = new int[size];
        this.mask = size - 1;
        for (int id = 0; id < this.names.length; id++) {
            String n = this.names[id];
            long h = hash(n);
            int slot = slot(h);
            while (hashes[slot] != 0) {
                if (hashes[slot] == h && this.names[ids[slot]].equals(n)) {
                    throw new IllegalArgumentException("duplicate feature " + n);
                }
                slot = (slot + 1) & mask;
            }
            hashes[slot] = h;
            ids[slot] = id;
        }
        if (!withWords) {
            this.words = null;
            this.wordFeatures = null;
            return;
        }
        List<String> cached = new java.util.ArrayList<>();
        List<int[]> features = new java.util.ArrayList<>();
        for (String n : this.names) {
            if (n.startsWith("w:")) {
                int[] ids = MessageFeatures.wordFeatures(n.substring(2)).stream().mapToInt(this::find).toArray();
                if (java.util.Arrays.stream(ids).allMatch(id -> id >= 0)) {
                    cached.add(n);
                    features.add(ids);
                }
            }
        }
        this.words = new FeatureIndex(cached, false);
        this.wordFeatures = features.toArray(int[][]::new);
    }

    int size() {
        return names.length;
    }

    String name(int id) {
        return names[id];
    }

    /** @return the id of the feature spelled by {@code buf[from, from + length)}, or -1 */
    int find(long hash, char[] buf, int from, int length) {
        int slot = slot(hash);
        while (true) {
            long stored = hashes[slot];
            if (stored == 0) {
                return -1;
            }
            if (stored == hash && sameChars(names[ids[slot]], buf, from, length)) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    /** @return the id of the feature with this name, or -1 */
    int find(String name) {
        char[] c = name.toCharArray();
        return find(hash(c, 0, c.length), c, 0, c.length);
    }

    /**
     * @param hash hash of {@code "w:word"} spelled at buf[from, from + length)
     * @return ids of all the word's distinct "w:" and "c:" features, or null if the word is not cached
     */
    int[] wordFeatures(long hash, char[] buf, int from, int length) {
        int entry = words.find(hash, buf, from, length);
        return entry < 0 ? null : wordFeatures[entry];
    }

    private int slot(long hash) {
        return (int) hash & mask;
    }

    private static boolean sameChars(String s, char[] buf, int from, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != buf[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** 64-bit hash of a character sequence (FNV-1a, then the MurmurHash3 finaliser); never 0. */
    static long hash(char[] buf, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h = (h ^ buf[i]) * 0x100000001b3L;
        }
        return finish(h);
    }

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return finish(h);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
