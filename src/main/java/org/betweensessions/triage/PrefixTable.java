package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Open-addressing table from (prefix code, prefix length) to the branches keyed there, for
 * {@link PatternIndex}. Primitive arrays instead of a {@code Map<Long, int[]>} because this lookup
 * runs several times per word of every message. Each slot also says whether some longer key starts
 * with this prefix, so the scan stops as soon as a word's prefix leads nowhere.
 */
final class PrefixTable {

    private static final int[] NONE = new int[0];

    private final long[] keys;
    private final int[][] branches;
    private final boolean[] continues;
    private final int mask;

    /** @param byLength index = prefix length; each map: prefix code -> branches keyed at that length */
    PrefixTable(List<Map<Long, List<Integer>>> byLength, int alphabet) {
        Map<Long, List<Integer>> lists = new HashMap<>();
        Map<Long, Boolean> extend = new HashMap<>();
        for (int length = 2; length < byLength.size(); length++) {
            for (Map.Entry<Long, List<Integer>> e : byLength.get(length).entrySet()) {
                lists.computeIfAbsent(key(e.getKey(), length), k -> new ArrayList<>()).addAll(e.getValue());
                long code = e.getKey();
                for (int shorter = length - 1; shorter >= 2; shorter--) {
                    code /= alphabet;
                    extend.put(key(code, shorter), Boolean.TRUE);
                }
            }
        }
        java.util.Set<Long> all = new java.util.HashSet<>(lists.keySet());
        all.addAll(extend.keySet());
        int size = Integer.highestOneBit(Math.max(16, all.size() * 2 - 1)) << 1;
        this.keys = new long[size];
        this.branches = new int[size][];
        this.continues = new boolean[size];
        this.mask = size - 1;
        for (long k : all) {
            int slot = slot(k);
            while (keys[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = k;
            List<Integer> l = lists.get(k);
            branches[slot] = l == null ? NONE : l.stream().mapToInt(Integer::intValue).toArray();
            continues[slot] = extend.containsKey(k);
        }
    }

    private static long key(long code, int length) {
        return (code << 3) | length; // length >= 2, so a key is never 0 (the empty marker)
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /** @return the slot of (code, length), or -1 */
    int find(long code, int length) {
        long k = key(code, length);
        int slot = slot(k);
        while (true) {
            long stored = keys[slot];
            if (stored == k) {
                return slot;
            }
            if (stored == 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    int[] branches(int slot) {
        return branches[slot];
    }

    boolean continues(int slot) {
        return continues[slot];
    }
}
