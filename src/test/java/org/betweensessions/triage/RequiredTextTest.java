package org.betweensessions.triage;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequiredTextTest {

    @Test
    void derivesTheLiteralsEveryMatchContains() {
        assertEquals(Set.of("hit me", "punched me"),
                RequiredText.anyOf("(?:he|she) (?:\\w+ ){0,2}(?:hit|punched) me"));
        assertEquals(Set.of("kill myself", "kill my self", "killing myself", "killing my self"),
                RequiredText.anyOf("(?:kill|killing) (?:myself|my self)"));
        assertEquals(Set.of("!!!"), RequiredText.anyOf("!{3,}"));
        assertEquals(Set.of("so tired.", "so tired", "so tired of", "so so tired.", "so so tired", "so so tired of",
                "im tired", "i am tired"), RequiredText.anyOf("so (?:so )?tired(?:\\.|$| of)|(?:im|i am) tired"));
        assertEquals(Set.of("suicide"), RequiredText.anyOf("(?:is|was) (?:\\w+ )?suicide(?! (?:thoughts|again))"));
        assertEquals(Set.of("overdosed", "oded"), RequiredText.anyOf("(?<!not |want to )(?:overdosed|oded)(?: on)?"));
        assertEquals(Set.of("cut", "cuts", "i cut", "i cuts", "he cut", "he cuts"), RequiredText.anyOf("(?:i |he )?cuts?"));
        assertEquals(Set.of("a.b"), RequiredText.anyOf("a\\.b"));
        assertEquals(Set.of("lunatic", "lunitic"), RequiredText.anyOf("lun[ai]tic"));
        assertEquals(Set.of("lazy"), RequiredText.anyOf("(?:lazy)+?"));
    }

    @Test
    void givesUpRatherThanGuess() {
        assertNull(RequiredText.anyOf("\\w+"));
        assertNull(RequiredText.anyOf("(?:abc)?"));                 // may be absent
        assertNull(RequiredText.anyOf("abc|\\d+"));                 // one alternative has no literal
        assertNull(RequiredText.anyOf("(?i)abc"));                  // flags change what matches
        assertNull(RequiredText.anyOf("(a)\\1"));                   // back-reference
        assertNull(RequiredText.anyOf("\\Qa|b\\E"));
        assertNull(RequiredText.anyOf("[[a-c]&&[b]]x"));
        assertNull(RequiredText.anyOf("a\\tb"));
        assertNull(RequiredText.anyOf("abc)"));
        Set<String> wide = RequiredText.anyOf("[a-z]bc");
        assertEquals(Set.of("bc"), wide);
    }

    /**
     * Every match of every lexicon pattern branch, in every text of the golden-output test, contains one of
     * the branch's required literals.
     */
    @Test
    void everyLexiconMatchContainsARequiredLiteral() throws Exception {
        TriageLexicon.Document d = TriageLexicon.loadDefault().document();
        List<String> sources = new ArrayList<>();
        d.suppressors().forEach(x -> sources.addAll(x.patterns()));
        d.crisisSignals().forEach(x -> sources.addAll(x.patterns()));
        d.concepts().forEach(x -> sources.addAll(x.patterns()));
        d.modifiers().forEach(x -> sources.addAll(x.patterns()));
        d.categorySignals().forEach(x -> sources.addAll(x.patterns()));
        d.urgencySignals().forEach(x -> sources.addAll(x.patterns()));
        Path dev = Path.of(System.getProperty("triage.devSet", "../shared/triage/dev-set.jsonl"));
        Set<String> texts = new LinkedHashSet<>();
        for (TriageGoldenOutputTest.Case c : TriageGoldenOutputTest.cases(Files.exists(dev) ? dev : null)) {
            texts.add(NormalizedText.of(c.text()).text);
        }
        int branches = 0;
        int matches = 0;
        for (String source : sources) {
            for (String branch : PatternIndex.topLevelBranches(source)) {
                List<Set<String>> required = RequiredText.allOf(branch);
                if (required == null) {
                    continue;
                }
                branches++;
                Matcher m = PatternIndex.wordBounded(branch).matcher("");
                for (String t : texts) {
                    m.reset(t);
                    while (m.find()) {
                        String found = m.group();
                        matches++;
                        for (Set<String> set : required) {
                            assertTrue(set.stream().anyMatch(found::contains),
                                    () -> branch + " matched '" + found + "' without any of " + set);
                        }
                    }
                }
            }
        }
        assertTrue(branches > 1500 && matches > 2000, branches + " branches, " + matches + " matches");
    }

    /** Random strings over each branch's own words: whatever matches must contain a required literal. */
    @Test
    void randomTextsBuiltFromThePatternsOwnWords() {
        TriageLexicon.Document d = TriageLexicon.loadDefault().document();
        List<String> sources = new ArrayList<>();
        d.crisisSignals().forEach(x -> sources.addAll(x.patterns()));
        d.concepts().forEach(x -> sources.addAll(x.patterns()));
        d.suppressors().forEach(x -> sources.addAll(x.patterns()));
        java.util.Random rnd = new java.util.Random(11);
        Pattern word = Pattern.compile("[a-z0-9]+|[.,!?;:]");
        int matches = 0;
        for (String source : sources) {
            for (String branch : PatternIndex.topLevelBranches(source)) {
                List<Set<String>> required = RequiredText.allOf(branch);
                List<String> words = new ArrayList<>();
                Matcher w = word.matcher(branch.replaceAll("\\\\[a-zA-Z]", " "));
                while (w.find()) {
                    words.add(w.group());
                }
                if (required == null || words.isEmpty()) {
                    continue;
                }
                Matcher m = PatternIndex.wordBounded(branch).matcher("");
                for (int i = 0; i < 300; i++) {
                    StringBuilder b = new StringBuilder();
                    int n = 1 + rnd.nextInt(8);
                    for (int k = 0; k < n; k++) {
                        b.append(k == 0 ? "" : " ").append(words.get(rnd.nextInt(words.size())));
                    }
                    m.reset(b);
                    while (m.find()) {
                        String found = m.group();
                        matches++;
                        for (Set<String> set : required) {
                            assertTrue(set.stream().anyMatch(found::contains),
                                    () -> branch + " matched '" + found + "' without any of " + set);
                        }
                    }
                }
            }
        }
        assertTrue(matches > 1000, matches + " matches");
    }
}
