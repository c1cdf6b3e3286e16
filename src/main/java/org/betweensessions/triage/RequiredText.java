package org.betweensessions.triage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, for a regular expression, a small set of literal strings such that <em>every</em> match contains
 * at least one of them: for {@code (?:he|she) (?:\w+ ){0,2}(?:hit|punched) me} that is
 * {@code {"hit me", "punched me"}}. {@link PatternIndex} tries a pattern only where one of them occurs
 * in the rest of the message, so a pattern whose later words are absent costs nothing.
 *
 * <p>The analysis is deliberately simple and errs only towards "no information". It understands the
 * syntax the lexicon uses (literals, escaped punctuation, {@code \w \d \s} and other classes, groups,
 * alternation, {@code ? * + {m,n}} with lazy or possessive suffixes, anchors, look-ahead and look-behind,
 * which consume nothing and are ignored) and gives up (returns null, so the pattern is always tried) on
 * anything else: flags, back-references, named groups, {@code \Q..\E}, control and Unicode escapes,
 * nested or intersected classes. For each part of the expression it keeps
 * <ul>
 * <li>{@code exact}: every string the part can match, when that is a short list (else unknown), and
 * <li>{@code required}: strings one of which every match of the part contains (else unknown).
 * </ul>
 * A sequence may use any one element's required set, or the exact strings of a run of adjacent elements
 * spelled out together; an alternation needs a required set in every alternative and takes their union;
 * a repetition keeps its element's set only if it repeats at least once. Of the candidates, the set whose
 * shortest string is longest wins. {@code TriageClassifierTest.prefilterGivesIdenticalResults} compares
 * with running every pattern everywhere, and {@code RequiredTextTest} checks every lexicon pattern's
 * matches against its set.
 */
final class RequiredText {

    /** Exact string lists longer than this are given up (they would make sequences explode). */
    static final int MAX_EXACT = 64;
    /** Required sets larger than this are given up (checking them would cost more than trying the pattern). */
    static final int MAX_REQUIRED = 256;

    private RequiredText() {
    }

    /**
     * @return sets of strings such that every match of {@code regex} contains one string of <em>each</em> set
     *         (most selective first, at most {@value #MAX_SETS}), or null if none could be derived
     */
    static List<Set<String>> allOf(String regex) {
        try {
            Parser p = new Parser(regex);
            Part part = p.alternation();
            if (p.at < regex.length()) {
                return null; // unbalanced ')' : not understood
            }
            List<Set<String>> sets = new ArrayList<>(part.required());
            sets.add(part.exact());
            sets = strongest(sets);
            return sets.isEmpty() ? null : sets;
        } catch (Unsupported e) {
            return null;
        }
    }

    /** The most selective single set of {@link #allOf}, or null. */
    static Set<String> anyOf(String regex) {
        List<Set<String>> sets = allOf(regex);
        return sets == null ? null : sets.get(0);
    }

    /** Sets kept per part (and returned); more would cost more to check than they save. */
    static final int MAX_SETS = 3;

    /**
     * What is known about one part of the expression: its exact strings (null = unknown), sets one string of
     * each of which every match contains, and for an alternation its alternatives.
     */
    private record Part(Set<String> exact, List<Set<String>> required, List<Part> alternatives) {
        static final Part EMPTY = new Part(Set.of(""), List.of(), null);   // anchors, look-arounds
        static final Part UNKNOWN = new Part(null, List.of(), null);       // a class of many characters
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    // ---- combining parts -----------------------------------------------------------------------

    private static Part sequence(List<Part> parts) {
        Set<String> exact = Set.of("");
        List<Set<String>> candidates = new ArrayList<>();
        Set<String> run = Set.of(""); // exact strings of the current run of adjacent exactly-known parts
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            exact = exact == null || part.exact() == null ? null : product(exact, part.exact());
            candidates.addAll(part.required());
            if (part.alternatives() != null) {
                candidates.add(distributed(parts, i, run));
            }
            if (part.exact() == null) {
                candidates.add(run);
                run = Set.of("");
                continue;
            }
            Set<String> longer = product(run, part.exact());
            if (longer == null) {           // too many: close the run, start a new one here
                candidates.add(run);
                longer = part.exact();
            }
            run = longer;
        }
        candidates.add(run);
        candidates.add(exact);
        return new Part(exact, strongest(candidates), null);
    }

    /**
     * For an alternation inside a sequence: each alternative with the exact text around it, as if the
     * sequence were written out once per alternative ("(?:overdos\w*|od) " gives "overdos" and "od ",
     * where the alternation alone gives the much weaker "od").
     *
     * @param before exact strings of the run of parts just before it
     */
    private static Set<String> distributed(List<Part> parts, int at, Set<String> before) {
        Set<String> after = Set.of("");
        for (int i = at + 1; i < parts.size() && parts.get(i).exact() != null; i++) {
            Set<String> longer = product(after, parts.get(i).exact());
            if (longer == null) {
                break;
            }
            after = longer;
        }
        Set<String> out = new LinkedHashSet<>();
        for (Part a : parts.get(at).alternatives()) {
            Set<String> c = null;
            if (a.exact() != null) {
                Set<String> withAfter = product(a.exact(), after);
                c = withAfter == null ? null : product(before, withAfter);
                c = c != null ? c : withAfter != null ? withAfter : a.exact();
            }
            List<Set<String>> options = new ArrayList<>(a.required());
            options.add(c);
            Set<String> best = pickOne(options);
            if (best == null) {
                return null;
            }
            out.addAll(best);
        }
        return out.size() <= MAX_REQUIRED ? out : null;
    }

    private static Part alternation(List<Part> alternatives) {
        Set<String> exact = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        for (Part a : alternatives) {
            if (exact != null) {
                if (a.exact() == null) {
                    exact = null;
                } else {
                    exact.addAll(a.exact());
                    if (exact.size() > MAX_EXACT) {
                        exact = null;
                    }
                }
            }
            Set<String> b = best(a);
            if (required != null) {
                if (b == null) {
                    required = null;
                } else {
                    required.addAll(b);
                    if (required.size() > MAX_REQUIRED) {
                        required = null;
                    }
                }
            }
        }
        return new Part(exact, required == null ? List.of() : List.of(required), List.copyOf(alternatives));
    }

    private static Part repeat(Part p, int min, int max) {
        Set<String> exact = null;
        if (p.exact() != null && max != Integer.MAX_VALUE && max <= 4) {
            exact = new LinkedHashSet<>();
            Set<String> power = Set.of("");
            for (int k = 0; k <= max && power != null; k++) {
                if (k >= min) {
                    exact.addAll(power);
                }
                power = k < max ? product(power, p.exact()) : power;
            }
            if (power == null || exact.size() > MAX_EXACT) {
                exact = null;
            }
        }
        List<Set<String>> required = List.of();
        if (min >= 1) {
            // Every match holds min consecutive repetitions: "!{3,}" requires "!!!", not just "!".
            Set<String> least = p.exact() == null ? null : Set.of("");
            for (int k = 0; k < min && least != null; k++) {
                least = product(least, p.exact());
            }
            List<Set<String>> c = new ArrayList<>(p.required());
            c.add(p.exact());
            c.add(least);
            required = strongest(c);
        }
        return new Part(exact, required, null);
    }

    /** All concatenations a + b, or null if there would be more than MAX_EXACT. */
    private static Set<String> product(Set<String> a, Set<String> b) {
        if ((long) a.size() * b.size() > MAX_EXACT) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    /** The part's most selective set (its exact strings count as one), or null. */
    private static Set<String> best(Part p) {
        List<Set<String>> c = new ArrayList<>(p.required());
        c.add(p.exact());
        return pickOne(c);
    }

    private static Set<String> pickOne(List<Set<String>> candidates) {
        List<Set<String>> s = strongest(candidates);
        return s.isEmpty() ? null : s.get(0);
    }

    /**
     * The usable candidates (no empty string, not too many strings), most selective first: the longer the
     * shortest string, the better; then the smaller set. A set implied by a stronger one (each of whose
     * strings contains one of its strings, like "kill" by "kill myself") is dropped. At most MAX_SETS.
     */
    private static List<Set<String>> strongest(List<Set<String>> candidates) {
        List<Set<String>> usable = new ArrayList<>();
        for (Set<String> c : candidates) {
            if (c != null && !c.isEmpty() && c.size() <= MAX_REQUIRED && !c.contains("") && !usable.contains(c)) {
                usable.add(c);
            }
        }
        usable.sort(java.util.Comparator.comparingInt((Set<String> c) -> -shortest(c)).thenComparingInt(Set::size));
        List<Set<String>> kept = new ArrayList<>();
        for (Set<String> c : usable) {
            boolean implied = kept.stream().anyMatch(k -> k.stream().allMatch(x -> c.stream().anyMatch(x::contains)));
            if (!implied && kept.size() < MAX_SETS) {
                kept.add(c);
            }
        }
        return kept;
    }

    private static int shortest(Set<String> c) {
        return c.stream().mapToInt(String::length).min().orElse(0);
    }

    // ---- parsing --------------------------------------------------------------------------------

    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        Part alternation() {
            List<Part> alternatives = new ArrayList<>();
            alternatives.add(sequence());
            while (at < s.length() && s.charAt(at) == '|') {
                at++;
                alternatives.add(sequence());
            }
            return alternatives.size() == 1 ? alternatives.get(0) : RequiredText.alternation(alternatives);
        }

        private Part sequence() {
            List<Part> parts = new ArrayList<>();
            while (at < s.length() && s.charAt(at) != '|' && s.charAt(at) != ')') {
                parts.add(quantified());
            }
            return RequiredText.sequence(parts);
        }

        private Part quantified() {
            Part atom = atom();
            if (at >= s.length()) {
                return atom;
            }
            int min;
            int max;
            switch (s.charAt(at)) {
                case '?' -> { min = 0; max = 1; at++; }
                case '*' -> { min = 0; max = Integer.MAX_VALUE; at++; }
                case '+' -> { min = 1; max = Integer.MAX_VALUE; at++; }
                case '{' -> {
                    int close = s.indexOf('}', at);
                    if (close < 0) {
                        throw new Unsupported();
                    }
                    String[] bounds = s.substring(at + 1, close).split(",", -1);
                    try {
                        min = Integer.parseInt(bounds[0]);
                        max = bounds.length == 1 ? min
                                : bounds[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
                    } catch (NumberFormatException e) {
                        throw new Unsupported();
                    }
                    if (bounds.length > 2 || min < 0 || max < min) {
                        throw new Unsupported();
                    }
                    at = close + 1;
                }
                default -> {
                    return atom;
                }
            }
            if (at < s.length() && (s.charAt(at) == '?' || s.charAt(at) == '+')) {
                at++; // lazy or possessive: matches are still repetitions of the atom
            }
            if (at < s.length() && "?*+{".indexOf(s.charAt(at)) >= 0) {
                throw new Unsupported();
            }
            return repeat(atom, min, max);
        }

        private Part atom() {
            char c = s.charAt(at++);
            switch (c) {
                case '(' -> {
                    boolean consumes = true;
                    if (s.startsWith("?:", at) || s.startsWith("?>", at)) {
                        at += 2;
                    } else if (s.startsWith("?=", at) || s.startsWith("?!", at)) {
                        at += 2;
                        consumes = false;
                    } else if (s.startsWith("?<=", at) || s.startsWith("?<!", at)) {
                        at += 3;
                        consumes = false;
                    } else if (s.startsWith("?", at)) {
                        throw new Unsupported(); // flags, named groups
                    }
                    Part inner = alternation();
                    if (at >= s.length() || s.charAt(at) != ')') {
                        throw new Unsupported();
                    }
                    at++;
                    return consumes ? inner : Part.EMPTY;
                }
                case '[' -> {
                    return characterClass();
                }
                case '.' -> {
                    return Part.UNKNOWN;
                }
                case '^', '$' -> {
                    return Part.EMPTY;
                }
                case '\\' -> {
                    return escape();
                }
                case ')', '|', '?', '*', '+', '{' -> throw new Unsupported();
                default -> {
                    return literal(c);
                }
            }
        }

        private Part escape() {
            if (at >= s.length()) {
                throw new Unsupported();
            }
            char e = s.charAt(at++);
            if ("wWdDsShHvV".indexOf(e) >= 0) {
                return Part.UNKNOWN;
            }
            if ("bBAzZG".indexOf(e) >= 0) {
                return Part.EMPTY;
            }
            if (Character.isLetterOrDigit(e) || e > 127) {
                throw new Unsupported(); // back-references, \Q, \p, \x, \t ... not needed by the lexicon
            }
            return literal(e);
        }

        /** [abc], [a-c], [^...]: a short explicit list is exact, anything else unknown. */
        private Part characterClass() {
            boolean negated = at < s.length() && s.charAt(at) == '^';
            if (negated) {
                at++;
            }
            if (at < s.length() && s.charAt(at) == ']') {
                throw new Unsupported(); // "[]..." and "[^]...": not needed, so not interpreted
            }
            Set<String> chars = new LinkedHashSet<>();
            boolean known = !negated;
            while (true) {
                if (at >= s.length()) {
                    throw new Unsupported();
                }
                char c = s.charAt(at++);
                if (c == ']') {
                    break;
                }
                if (c == '[' || c == '&') {
                    throw new Unsupported(); // nested classes, intersections
                }
                if (c == '\\') {
                    if (at >= s.length()) {
                        throw new Unsupported();
                    }
                    char e = s.charAt(at++);
                    if (Character.isLetterOrDigit(e) || e > 127) {
                        if ("wWdDsShHvV".indexOf(e) < 0) {
                            throw new Unsupported(); // \p{..}, \x.., \Q ...
                        }
                        known = false;
                        continue;
                    }
                    c = e;
                }
                if (at + 1 < s.length() && s.charAt(at) == '-' && s.charAt(at + 1) != ']') {
                    char to = s.charAt(at + 1);
                    if (to == '\\' || to == '[' || to < c) {
                        throw new Unsupported();
                    }
                    at += 2;
                    if (to - c > 8) {
                        known = false;
                    }
                    for (char x = c; x <= to && known; x++) {
                        chars.add(String.valueOf(x));
                    }
                    continue;
                }
                chars.add(String.valueOf(c));
            }
            return known && !chars.isEmpty() ? new Part(chars, List.of(), null) : Part.UNKNOWN;
        }

        private static Part literal(char c) {
            return new Part(Set.of(String.valueOf(c)), List.of(), null);
        }
    }
}
