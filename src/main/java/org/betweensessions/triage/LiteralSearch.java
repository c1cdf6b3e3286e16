package org.betweensessions.triage;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick automaton: finds in one pass over a normalised text every occurrence of a fixed list of
 * literal strings, reporting for each literal where its last occurrence starts. Used by
 * {@link PatternIndex} to skip patterns whose required text ({@link RequiredText}) is absent.
 * Immutable and thread-safe; the caller supplies the per-message result arrays.
 */
final class LiteralSearch {

    private static final int A = NormalizedText.ALPHABET.length();
    private static final int ROOT = 0;

    /** Complete transitions of the states near the root (most characters are read there), A per state. */
    private final int[] dense;
    private final int[] denseRow;               // state -> its row in dense, or -1 for deeper states
    private final int[] edgeStart;              // state -> first edge; edges of a state are contiguous
    private final byte[] edgeSymbol;
    private final int[] edgeTarget;
    private final int[] fail;                   // longest proper suffix that is also a state
    private final int[] literalAt;              // state -> literal ending exactly here, or -1
    private final int[] outputLink;             // state -> nearest state on the fail chain with a literal, or -1
    private final int[] length;                 // literal -> length

    /** @param literals distinct strings; one with a character outside {@link NormalizedText#ALPHABET} is never found */
    LiteralSearch(List<String> literals) {
        this.length = literals.stream().mapToInt(String::length).toArray();
        // Trie with sparse children, built in lists first.
        int[][] children = new int[16][];
        int[] literalOf = new int[16];
        Arrays.fill(literalOf, -1);
        int states = 1;
        children[ROOT] = new int[A];
        Arrays.fill(children[ROOT], -1);
        for (int id = 0; id < literals.size(); id++) {
            String lit = literals.get(id);
            if (lit.isEmpty() || !lit.chars().allMatch(c -> symbol((char) c) >= 0)) {
                continue;
            }
            int state = ROOT;
            for (int i = 0; i < lit.length(); i++) {
                int sym = symbol(lit.charAt(i));
                if (children[state] == null) {
                    children[state] = new int[A];
                    Arrays.fill(children[state], -1);
                }
                if (children[state][sym] < 0) {
                    if (states == children.length) {
                        children = Arrays.copyOf(children, states * 2);
                        literalOf = Arrays.copyOf(literalOf, states * 2);
                        Arrays.fill(literalOf, states, states * 2, -1);
                    }
                    children[state][sym] = states++;
                }
                state = children[state][sym];
            }
            literalOf[state] = id;
        }
        // Flatten the children into edge arrays, compute failure and output links breadth first.
        this.edgeStart = new int[states + 1];
        int edges = 0;
        for (int s = 0; s < states; s++) {
            edgeStart[s] = edges;
            if (children[s] != null && s != ROOT) {
                for (int c : children[s]) {
                    edges += c >= 0 ? 1 : 0;
                }
            }
        }
        edgeStart[states] = edges;
        this.edgeSymbol = new byte[edges];
        this.edgeTarget = new int[edges];
        for (int s = 1; s < states; s++) {
            int e = edgeStart[s];
            if (children[s] != null) {
                for (int sym = 0; sym < A; sym++) {
                    if (children[s][sym] >= 0) {
                        edgeSymbol[e] = (byte) sym;
                        edgeTarget[e++] = children[s][sym];
                    }
                }
            }
        }
        this.literalAt = Arrays.copyOf(literalOf, states);
        this.fail = new int[states];
        this.outputLink = new int[states];
        Arrays.fill(outputLink, -1);
        // Breadth first: failure and output links, and dense rows for the root and its children and
        // grandchildren (a state's failure target is shallower, so its row is already complete).
        this.denseRow = new int[states];
        Arrays.fill(denseRow, -1);
        int[] rows = new int[A * 64];
        int rowCount = 0;
        int[] depth = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(ROOT);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            if (s != ROOT) {
                for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                    int c = edgeTarget[e];
                    fail[c] = step(rows, fail[s], edgeSymbol[e]);
                    outputLink[c] = literalAt[fail[c]] >= 0 ? fail[c] : outputLink[fail[c]];
                    depth[c] = depth[s] + 1;
                    queue.add(c);
                }
            } else {
                for (int sym = 0; sym < A; sym++) {
                    int c = children[ROOT][sym];
                    if (c >= 0) {
                        fail[c] = ROOT;
                        depth[c] = 1;
                        queue.add(c);
                    }
                }
            }
            if (depth[s] <= DENSE_DEPTH) {
                if ((rowCount + 1) * A > rows.length) {
                    rows = Arrays.copyOf(rows, rows.length * 2);
                }
                denseRow[s] = rowCount;
                for (int sym = 0; sym < A; sym++) {
                    int child = s == ROOT ? children[ROOT][sym] : edge(s, sym);
                    rows[rowCount * A + sym] = child >= 0 ? child : s == ROOT ? ROOT : step(rows, fail[s], sym);
                }
                rowCount++;
            }
        }
        this.dense = Arrays.copyOf(rows, rowCount * A);
    }

    /** Rows are kept for states at most this deep. */
    private static final int DENSE_DEPTH = 2;

    /** Child of state s by sym in the trie, or -1 (s is not the root). */
    private int edge(int s, int sym) {
        for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
            if (edgeSymbol[e] == sym) {
                return edgeTarget[e];
            }
        }
        return -1;
    }

    /** Transition during construction, from the rows built so far. */
    private int step(int[] rows, int state, int sym) {
        while (denseRow[state] < 0) {
            int c = edge(state, sym);
            if (c >= 0) {
                return c;
            }
            state = fail[state];
        }
        return rows[denseRow[state] * A + sym];
    }

    int literals() {
        return length.length;
    }

    /**
     * Records every literal occurring in {@code text}: {@code stamp[id] = mark}, {@code lastStart[id]} =
     * start of its last occurrence, and its id in {@code found}. Entries of literals not found are left alone.
     *
     * @return how many distinct literals were found (the length of the list in {@code found})
     */
    int scan(String text, int[] stamp, int[] lastStart, int mark, int[] found) {
        int count = 0;
        int state = ROOT;
        for (int i = 0; i < text.length(); i++) {
            int sym = symbol(text.charAt(i));
            if (sym < 0) {
                state = ROOT; // cannot happen in normalised text; no literal spans such a character
                continue;
            }
            state = next(state, sym);
            for (int o = literalAt[state] >= 0 ? state : outputLink[state]; o >= 0; o = outputLink[o]) {
                int id = literalAt[o];
                if (stamp[id] != mark) {
                    stamp[id] = mark;
                    found[count++] = id;
                }
                lastStart[id] = i + 1 - length[id];
            }
        }
        return count;
    }

    private int next(int state, int sym) {
        while (denseRow[state] < 0) {
            for (int e = edgeStart[state]; e < edgeStart[state + 1]; e++) {
                if (edgeSymbol[e] == sym) {
                    return edgeTarget[e];
                }
            }
            state = fail[state];
        }
        return dense[denseRow[state] * A + sym];
    }

    private static int symbol(char c) {
        return NormalizedText.symbol(c);
    }
}
