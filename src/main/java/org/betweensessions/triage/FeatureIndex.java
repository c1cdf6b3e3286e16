package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable table from a model feature name ({@code "c:<he"}, {@code "w:pills"}, {@code "b:want to"}, ...)
 * to a dense id, looked up without building a {@code String} per feature (see {@link MessageFeatures}).
 *
 * <ul>
 * <li>Words of up to {@value #MAX_PACKED} characters and character n-grams are looked up by a <em>packed
 * code</em>: 6 bits per character, so the code is the text itself in a number (exact, no hash collisions).
 * <li>Other features (word pairs, long words, rule features) are spelled into a buffer and looked up by a
 * 64-bit hash; a hit is confirmed character by character, so a collision can never attribute a weight to
 * the wrong feature.
 * <li>For a "cached word" (the index knows the word and all its n-grams) it keeps the ids of those
 * features, of the word's negation mark {@code "n:word"} and of its known pairs with other cached words,
 * so such a word costs one look-up instead of about twenty.
 * </ul>
 */
final class FeatureIndex {

    /** Longest word looked up by packed code (6 bits x 10 characters fit in a long with room for a type tag). */
    static final int MAX_PACKED = 10;
    static final long HASH_BASIS = 0xcbf29ce484222325L;
    static final long WORD = 1L << 60;     // type tags of packed codes
    static final long NEGATED = 2L << 60;
    static final long GRAM = 3L << 60;

    private final String[] names;      // id -> name
    private final char[] chars;        // all names, back to back, for confirming hash hits
    private final int[] nameStart;     // id -> start of its name in chars (nameStart[id + 1] is its end)
    private final long[] table;        // per slot: [hash, id]; hash 0 = empty slot
    private final int mask;            // slots - 1
    private final long[] packed;       // per slot: [type tag | packed code, id]; 0 = empty slot
    private final int packedMask;

    // Cached words. An entry is a position in {@code cached}, which holds for each word, back to back:
    // the id of "n:word" (or -1), the number of the word's distinct "w:" and "c:" features, and their ids.
    private final int[] entryOfWord;    // id of "w:word" -> entry, or -1
    private final int[] cached;
    private final long[] pairTable;     // per slot: [key(first entry, second entry), id of "b:first second"]
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
        List<long[]> codes = new ArrayList<>();
        for (int id = 0; id < this.names.length; id++) {
            String n = this.names[id];
            long h = hash(n);
            if (find(h, chars, nameStart[id], nameStart[id + 1] - nameStart[id]) >= 0) {
                throw new IllegalArgumentException("duplicate feature " + n);
            }
            put(table, mask, h, (int) h & mask, id);
            long code = packedCode(n);
            if (code != 0) {
                codes.add(new long[] {code, id});
            }
        }
        int packedSlots = tableSize(codes.size());
        this.packed = new long[packedSlots * 2];
        this.packedMask = packedSlots - 1;
        for (long[] c : codes) {
            put(packed, packedMask, c[0], slot(c[0], packedMask), (int) c[1]);
        }

        this.entryOfWord = new int[this.names.length];
        Arrays.fill(entryOfWord, -1);
        Map<String, Integer> entryOf = new HashMap<>();
        int[] data = new int[1024];
        int size = 0;
        for (int id = 0; id < this.names.length; id++) {
            String n = this.names[id];
            if (n.startsWith("w:") && packedCode(n) != 0) {
                String word = n.substring(2);
                int[] ids = MessageFeatures.wordFeatures(word).stream().mapToInt(this::find).toArray();
                if (Arrays.stream(ids).allMatch(x -> x >= 0)) {
                    if (size + ids.length + 2 > data.length) {
                        data = Arrays.copyOf(data, Math.max(data.length * 2, size + ids.length + 2));
                    }
                    entryOfWord[id] = size;
                    entryOf.put(word, size);
                    data[size] = find("n:" + word);
                    data[size + 1] = ids.length;
                    System.arraycopy(ids, 0, data, size + 2, ids.length);
                    size += ids.length + 2;
                }
            }
        }
        this.cached = Arrays.copyOf(data, size);
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
            put(pairTable, pairMask, p[0], slot(p[0], pairMask), (int) p[1]);
        }
    }

    /** Type tag and packed code of a "w:", "n:" or "c:" name that fits, else 0. */
    private static long packedCode(String name) {
        if (name.length() < 3 || name.charAt(1) != ':') {
            return 0;
        }
        long type = switch (name.charAt(0)) {
            case 'w' -> WORD;
            case 'n' -> NEGATED;
            case 'c' -> GRAM;
            default -> 0;
        };
        long code = pack(name, 2, name.length());
        return type == 0 || code < 0 ? 0 : type | code;
    }

    /** Slots for n keys: a power of two, at most 70 % full (small tables stay in the processor's cache). */
    private static int tableSize(int n) {
        int slots = 16;
        while (slots * 7 < n * 10) {
            slots *= 2;
        }
        return slots;
    }

    /** Stores key -> value in a table of [key, value] slots, probing from {@code slot}. */
    private static void put(long[] t, int mask, long key, int slot, int value) {
        while (t[slot * 2] != 0) {
            slot = (slot + 1) & mask;
        }
        t[slot * 2] = key;
        t[slot * 2 + 1] = value;
    }

    /** Looks a non-zero key up in a table of [key, value] slots. */
    private static int get(long[] t, int mask, long key) {
        int slot = slot(key, mask);
        while (true) {
            long stored = t[slot * 2];
            if (stored == key) {
                return (int) t[slot * 2 + 1];
            }
            if (stored == 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int slot(long key, int mask) {
        return (int) finish(key) & mask;
    }

    int size() {
        return names.length;
    }

    String name(int id) {
        return names[id];
    }

    // ---- packed codes ---------------------------------------------------------------------------

    /** 1-26 letters, 27-36 digits, 37 '<', 38 '>'; 0 = not packable. */
    static int symbol(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 1;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 27;
        }
        return c == '<' ? 37 : c == '>' ? 38 : 0;
    }

    /** The packed code of s[from, to) (never 0 for a non-empty string), or -1 if it does not fit. */
    static long pack(String s, int from, int to) {
        if (to - from > MAX_PACKED) {
            return -1;
        }
        long code = 0;
        for (int i = from; i < to; i++) {
            int sym = symbol(s.charAt(i));
            if (sym == 0) {
                return -1;
            }
            code = code << 6 | sym;
        }
        return code;
    }

    /** @param typeAndCode {@link #WORD}, {@link #NEGATED} or {@link #GRAM} | packed code; @return id or -1 */
    int packed(long typeAndCode) {
        return get(packed, packedMask, typeAndCode);
    }

    // ---- spelled features -----------------------------------------------------------------------

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

    // ---- cached words ---------------------------------------------------------------------------

    /** Cache entry of a word given the id of its "w:" feature, or -1 if the word is not cached. */
    int cachedWord(int wordId) {
        return entryOfWord[wordId];
    }

    /** The cached words' data: see {@link #wordFeatureCount}, {@link #wordFeature}, {@link #negatedWord}. */
    int wordFeatureCount(int entry) {
        return cached[entry + 1];
    }

    /** The k-th of the cached word's distinct "w:" and "c:" feature ids. */
    int wordFeature(int entry, int k) {
        return cached[entry + 2 + k];
    }

    /** Id of "n:word" for a cached word, or -1. */
    int negatedWord(int entry) {
        return cached[entry];
    }

    /** Id of "b:first second" for two cached words, or -1. */
    int pair(int first, int second) {
        return get(pairTable, pairMask, pairKey(first, second));
    }

    /** Both entries in one long; never 0 (the empty-slot marker). */
    private static long pairKey(int first, int second) {
        return ((long) (first + 1) << 32) | second;
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
