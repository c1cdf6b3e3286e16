package org.betweensessions.triage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The automaton must report exactly what {@code String.lastIndexOf} finds, for every literal. */
class LiteralSearchTest {

    @Test
    void findsTheLastStartOfEveryLiteral() {
        Random rnd = new Random(3);
        String alphabet = "aabbcde .!"; // small alphabet: many overlapping and nested literals
        Set<String> set = new LinkedHashSet<>(List.of("a", "ab", "abab", "b a", "ba", "aaa", "!!!", "e.", "cd", "abcde"));
        while (set.size() < 300) {
            set.add(random(rnd, alphabet, 1 + rnd.nextInt(7)));
        }
        set.add("é"); // never in normalised text: never found
        List<String> literals = new ArrayList<>(set);
        LiteralSearch search = new LiteralSearch(literals);
        int[] stamp = new int[literals.size()];
        int[] start = new int[literals.size()];
        int[] found = new int[literals.size()];
        for (int round = 1; round <= 2000; round++) {
            String text = random(rnd, alphabet, rnd.nextInt(80));
            int count = search.scan(text, stamp, start, round, found);
            int expected = 0;
            for (int id = 0; id < literals.size(); id++) {
                int last = text.lastIndexOf(literals.get(id));
                if (last >= 0) {
                    expected++;
                    assertEquals(round, stamp[id], literals.get(id) + " in '" + text + "'");
                    assertEquals(last, start[id], literals.get(id) + " in '" + text + "'");
                } else {
                    assertEquals(false, stamp[id] == round, literals.get(id) + " in '" + text + "'");
                }
            }
            assertEquals(expected, count, text);
        }
    }

    private static String random(Random rnd, String alphabet, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
