package org.betweensessions.triage;

import java.util.Collection;

/**
 * Immutable set of short words that answers "is {@code s[from, to)} one of them?" without cutting a
 * substring out of the message (language hints, negation cues and fillers are asked for every word).
 */
final class WordSet {

    private final String[] slots;   // open addressing; null = empty
    private final int mask;

    WordSet(Collection<String> words) {
        int size = Integer.highestOneBit(Math.max(8, words.size() * 2 - 1)) << 1;
        this.slots = new String[size];
        this.mask = size - 1;
        for (String w : words) {
            if (!contains(w, 0, w.length())) {
                int slot = hash(w, 0, w.length()) & mask;
                while (slots[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = w;
            }
        }
    }

    boolean contains(String s, int from, int to) {
        int slot = hash(s, from, to) & mask;
        for (String w = slots[slot]; w != null; w = slots[slot = (slot + 1) & mask]) {
            if (w.length() == to - from && w.regionMatches(0, s, from, to - from)) {
                return true;
            }
        }
        return false;
    }

    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
