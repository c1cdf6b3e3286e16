package org.betweensessions.triage.screening;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Immutable set of short words (language hints, negation cues and fillers), asked about a slice of a text. */
final class WordSet {

    private final Set<String> words;

    WordSet(Collection<String> words) {
        this.words = Set.copyOf(new HashSet<>(words));
    }

    boolean contains(String s, int from, int to) {
        return words.contains(s.substring(from, to));
    }

    boolean contains(String word) {
        return words.contains(word);
    }
}
