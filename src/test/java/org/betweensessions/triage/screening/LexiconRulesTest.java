package org.betweensessions.triage.screening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written part on its own (lexicon rules, no model): idiom, history and negation discounting,
 * co-occurrence, promotion, normalisation, lexicon validation. These rules are also features of the model,
 * so what they discount reaches the model as {@code k:negated} / {@code k:suppressed}.
 */
class LexiconRulesTest {

    private static TriageLexicon lexicon;
    private static TriageClassifier classifier;

    @BeforeAll
    static void load() {
        lexicon = TriageLexicon.loadDefault();
        classifier = new TriageClassifier(lexicon, null);
    }

    // ---- the scan tries a pattern only where it can start: same matches as find() everywhere ----

    @Test
    void scanFindsWhatFindAtEveryPositionFinds() throws IOException {
        LexiconRules rules = new LexiconRules(lexicon);
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/triage"))) {
            files.filter(f -> f.toString().endsWith(".jsonl"))
                    .sorted()
                    .forEach(f -> LabelledMessage.read(f).forEach(m -> texts.add(m.text())));
        }
        texts.addAll(List.of(
                "",
                " ",
                "hi",
                ".",
                "kms",
                "ok!!",
                "update: i od'd",
                "a. b, c; d: e? f!",
                "2 pills",
                "\u00bfMe ayudas?"));
        assertTrue(texts.size() > 2500, "the corpus files were found: " + texts.size());
        for (String t : texts) {
            String s = NormalizedText.of(t).text;
            assertEquals(
                    Arrays.deepToString(rules.scanEveryPosition(s)),
                    Arrays.deepToString(rules.scan(s)),
                    () -> "scan differs for: " + s);
        }
    }

    @Test
    void firstCharactersComeFromTheRegexEngine() {
        long kill = LexiconRules.firstChars("(?:kill|killing) (?:myself|me)");
        assertEquals(1L << LexiconRules.charBit('k') | 1L << 63, kill);
        long optional = LexiconRules.firstChars("(?:i )?(?:want|wanna) to die");
        assertEquals(1L << LexiconRules.charBit('i') | 1L << LexiconRules.charBit('w') | 1L << 63, optional);
        assertEquals(-1L, LexiconRules.firstChars("(?<=took )pills"));
        assertThrows(IllegalArgumentException.class, () -> LexiconRules.firstChars("(?:x)?"));
    }

    @Test
    void secondAndThirdCharactersComeFromTheRegexEngine() {
        long[] kill = LexiconRules.nextChars("(?:kill|cut) (?:myself|me)");
        assertEquals(bits('i', 'u'), kill[0]);
        assertEquals(bits('l', 't'), kill[1]);
        // A match can be one or two characters long: after it, anything.
        assertEquals(
                bits("abcdefghijklmnopqrstuvwxyz0123456789 .,!?;:".toCharArray()), LexiconRules.nextChars("od|ok")[1]);
        assertEquals(bits('d', 'k'), LexiconRules.nextChars("od|ok")[0]);
        // A word of any letters: too many beginnings to try, so no filter.
        assertEquals(-1L, LexiconRules.nextChars("\\w+ pills")[1]);
        assertArrayEquals(new long[] {-1L, -1L}, LexiconRules.nextChars("(?<=took )pills"));
    }

    /** The bits of these characters, and of "anything else" (always allowed). */
    private static long bits(char... cs) {
        long b = 1L << 63;
        for (char c : cs) {
            b |= 1L << LexiconRules.charBit(c);
        }
        return b;
    }

    // ---- table-driven behaviour -------------------------------------------------------------

    @ParameterizedTest(name = "idiom not a crisis: {0}")
    @ValueSource(
            strings = {
                "These timesheets are killing me, can I get the invoice for June?",
                "I'm dying to hear what you think of my new job!",
                "Honestly I could murder a burrito right now, but I kept to my meal plan.",
                "We totally killed it at the recital, the breathing helped so much.",
                "My dad will kill me if I miss his birthday, can we do Wednesday instead?",
                "Taking that shift again would be career suicide lol. Anyway can we talk next session about burnout?",
                "I almost died of embarrassment in the meeting haha",
                "Esta tarea me está matando, ¿la revisamos el jueves?",
                "Me muero de ganas de contarte cómo me fue en la entrevista.",
                "Me quiero morir de la risa con mi sobrino, por cierto hice el registro de pensamientos.",
                "I can't do this anymore with the parking at your office lol, is there validation?",
                "if i have to redo this form one more time i'll kms lol",
                "Perdón, se me cortó la videollamada otra vez, ¿me vuelves a llamar?",
                "Sorry, the call keeps cutting out on my end, can we switch to phone?",
            })
    void idiomsAreNotCrises(String text) {
        TriageResult r = classifier.classify(text, null);
        assertNotEquals(MessageCategory.CRISIS, r.category(), () -> r.signals().toString());
    }

    @ParameterizedTest(name = "negation not a crisis: {0}")
    @ValueSource(
            strings = {
                "I'm not suicidal, just tired of the commute. Can we move to Zoom?",
                "I would never hurt myself, please don't worry. I just need a receipt.",
                "No thoughts of killing myself this week, which is new. Wanted you to know.",
                "I haven't cut in four months and I'm proud of it.",
                "Not in danger or anything, just a heavy day. Any ideas for tonight?",
                "No tengo intención de hacerme daño, solo necesito cambiar la cita.",
                "Nunca pensaría en suicidarme, tranquila. ¿Me mandas el recibo?",
            })
    void negationsAreNotCrises(String text) {
        TriageResult r = classifier.classify(text, null);
        assertNotEquals(MessageCategory.CRISIS, r.category(), () -> r.signals().toString());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // texting style
                "honestly gonna kms after this week                                          | SUICIDAL_IDEATION",
                "thinking about unaliving myself tbh                                          | SUICIDAL_IDEATION",
                "i cant do this anymore                                                       | SUICIDAL_IDEATION",
                "wanna die fr, nobody would even notice                                       | SUICIDAL_IDEATION",
                "need to sh so bad rn                                                         | SELF_HARM",
                // indirect ideation
                "my kids would honestly be better off without me                              | SUICIDAL_IDEATION",
                "Been stockpiling my trazodone for a month now, just so you know             | SUICIDAL_IDEATION",
                "Gave my records and my dog to my neighbour. Thanks for everything.           | SUICIDAL_IDEATION",
                // Spanish
                "Ya no quiero seguir viviendo, estoy muy cansada                              | SUICIDAL_IDEATION",
                "me volví a cortar anoche y quiero hacerlo otra vez                           | SELF_HARM",
                "Mi marido me golpeó y no me deja salir de la casa                            | ABUSE_OR_DANGER",
                "Tengo ganas de matar a mi vecino, sé dónde vive                              | HARM_TO_OTHERS",
                "Me tomé todas las pastillas para dormir hace media hora                      | MEDICAL_EMERGENCY",
                // other kinds
                "my boyfriend choked me last night and says he will kill me if I leave       | ABUSE_OR_DANGER",
                "I keep having urges to strangle my roommate and I'm scared I'll act on it   | HARM_TO_OTHERS",
                "I burned my arm with a lighter again tonight                                 | SELF_HARM",
                // overdose already taken is a medical emergency, not ideation
                "I took the whole bottle of my sleeping pills about 30 minutes ago            | MEDICAL_EMERGENCY",
                "i swallowed like 20 tylenol because i wanted to die, im dizzy                | MEDICAL_EMERGENCY",
            })
    void crisesAreFlaggedWithKindAndSignals(String text, CrisisKind kind) {
        TriageResult r = classifier.classify(text.strip(), null);
        assertEquals(MessageCategory.CRISIS, r.category(), () -> r.signals().toString());
        assertEquals(kind, r.crisisKind(), () -> r.signals().toString());
        assertFalse(r.signals().isEmpty());
        assertFalse(r.framedAsUrgent(), "crisis is urgent by definition; the flag is for non-crisis");
        assertEquals(lexicon.version(), r.lexiconVersion());
        assertEquals(null, r.crisisProbability(), "rules only: no model probability");
    }

    @ParameterizedTest(name = "buried risk: {0}")
    @ValueSource(
            strings = {
                "Can you resend the superbill for May? Also I've been thinking about ending my life, not sure that matters.",
                "Running late Thursday, sorry. btw I cut myself again last night, it was deep. See you then.",
                "Hola, ¿me confirmas la cita del lunes? Por cierto, he pensado mucho en quitarme la vida estos días.",
                "Need to update my address. Also my partner locked me in the bedroom last night and took my phone.",
            })
    void riskBuriedInAdministrativeRequestsIsFlagged(String text) {
        TriageResult r = classifier.classify(text, null);
        assertEquals(MessageCategory.CRISIS, r.category(), () -> r.signals().toString());
        assertFalse(r.signals().isEmpty());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Can we move Tuesday's session to 4pm?                       | ADMINISTRATIVE",
                "Did the thought record three times this week, noticed a pattern with my sister. | THERAPEUTIC_UPDATE",
                "Having a rough night and can't stop crying, could you call me?  | SUPPORT_SEEKING",
                "Would you like to come to my graduation party? | BOUNDARY",
                "Can I follow you on Instagram? | BOUNDARY",
                "¿Me puedes mandar la factura de abril? | ADMINISTRATIVE",
            })
    void routineCategories(String text, MessageCategory category) {
        assertEquals(category, classifier.classify(text.strip(), null).category());
    }

    @Test
    void urgencyFramingIsFlaggedOnlyForNonCrisis() {
        assertTrue(classifier
                .classify("URGENT!! need to reschedule today's appt", "en")
                .framedAsUrgent());
        assertTrue(classifier
                .classify("Necesito el recibo urgente, por favor", "es")
                .framedAsUrgent());
        assertTrue(classifier
                .classify("please call me asap, I'm freaking out about my exam", "en")
                .framedAsUrgent());
        assertFalse(classifier
                .classify("I know it's not an emergency, but can we talk this week?", "en")
                .framedAsUrgent());
        assertFalse(classifier.classify("Can we move Thursday to Friday?", "en").framedAsUrgent());
        TriageResult crisis = classifier.classify("EMERGENCY i took all my pills", "en");
        assertEquals(MessageCategory.CRISIS, crisis.category());
        assertFalse(crisis.framedAsUrgent());
    }

    @Test
    void languageIsDetectedWhenMissing() {
        assertEquals(
                MessageCategory.ADMINISTRATIVE,
                classifier
                        .classify("Hola, necesito cancelar la cita del martes.", null)
                        .category());
        assertEquals(
                MessageCategory.ADMINISTRATIVE,
                classifier
                        .classify("Hi, I need to cancel Tuesday's appointment.", null)
                        .category());
    }

    @Test
    void nullAndEmptyTextAreSafe() {
        assertEquals(
                MessageCategory.SUPPORT_SEEKING, classifier.classify(null, null).category());
        assertEquals(
                MessageCategory.SUPPORT_SEEKING,
                classifier.classify("   ", "en").category());
    }

    @Test
    void normalisationHandlesTextingStyle() {
        assertEquals(
                "i cant do this anymore, soo tired",
                NormalizedText.of("I CAN’T do this anymore,   sooooo tired 😭").text);
        assertEquals("me corte otra vez", NormalizedText.of("Me corté otra vez").text);
        assertEquals(
                "ano nino",
                NormalizedText.of("¿Año niño?").text.replace("?", "").strip());
    }

    /** Everyday uses of words that also belong to risk concepts (farewell, arrangements, plan, means). */
    @ParameterizedTest(name = "decoy not a crisis: {0}")
    @ValueSource(
            strings = {
                "Made arrangements for the dog while I'm at my cousin's wedding, so no session on the 9th. Back on the 16th!",
                "Said my goodbyes to the old office today, new job starts Monday.",
                "My plan for Saturday: farmers market, laundry and the worry log.",
                "Can you send a refill request for my lithium to the pharmacy on 5th street?",
                "Gave my bike to my brother because I bought a new one. Can I get the March receipt?",
                "Gracias por todo, de verdad. Te veo el jueves.",
                "The bridge exposure went fine, I drove over it twice!",
                "My grandpa is in a coma and the doctors say he may not wake up. I need to cancel Thursday.",
            })
    void decoysAreNotCrises(String text) {
        TriageResult r = classifier.classify(text, null);
        assertNotEquals(MessageCategory.CRISIS, r.category(), () -> r.signals().toString());
    }

    /** Risk that only shows when weak cues co-occur anywhere in the message. */
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "so tired of all of it. i put my pills in one jar this morning                    | SUICIDAL_IDEATION",
                "Left my sister the spare key and a letter. You were always good to me.           | SUICIDAL_IDEATION",
                "Changed the beneficiary on my life insurance and made arrangements for my dogs. Goodbye. | SUICIDAL_IDEATION",
                "googled how much tylenol it would take, just curious                             | SUICIDAL_IDEATION",
                "the blade is in my desk drawer and i keep going back to my thighs with it again tonight | SELF_HARM",
                "that man who beat my mom gets out on parole monday and i have my uncles rifle     | HARM_TO_OTHERS",
                "Ya dejé todo en orden y le escribí una carta a mi hijo. Perdón por todo.          | SUICIDAL_IDEATION",
                "he keeps my passport and says he will call immigration if I talk to anyone       | ABUSE_OR_DANGER",
            })
    void coOccurrenceIsCrisis(String text, CrisisKind kind) {
        TriageResult r = classifier.classify(text.strip(), null);
        assertEquals(MessageCategory.CRISIS, r.category(), () -> r.signals().toString());
        assertEquals(kind, r.crisisKind(), () -> r.signals().toString());
    }

    @Test
    void combinationsNeedEveryGroupAndAreValidated() {
        String concepts = """
                "concepts": [
                  {"id": "c.a", "lang": "any", "negatable": true, "description": "d", "patterns": ["tired"]},
                  {"id": "c.b", "lang": "any", "negatable": false, "description": "d", "patterns": ["pills"]}],
                "combinations": [
                  {"id": "combo.ab", "kind": "SUICIDAL_IDEATION", "weight": 1.0, "description": "d", "requires": [["c.a"], ["%s"]]}],
                """;
        String valid = minimalLexicon("").replace("\"crisisSignals\"", concepts.formatted("c.b") + "\"crisisSignals\"");
        TriageLexicon lex = TriageLexicon.load(stream(valid));
        TriageClassifier tiny = new TriageClassifier(lex);
        assertEquals(
                CrisisKind.SUICIDAL_IDEATION,
                tiny.classify("so tired, I have the pills", "en").crisisKind());
        assertTrue(tiny.classify("so tired, I have the pills", "en").signals().contains("combo.ab[c.a+c.b]"));
        assertEquals("d", lex.describe("combo.ab[c.a+c.b]"));
        assertEquals(
                MessageCategory.SUPPORT_SEEKING,
                tiny.classify("I have the pills", "en").category());
        assertEquals(
                MessageCategory.SUPPORT_SEEKING,
                tiny.classify("not tired, I have the pills", "en").category());
        String unknown =
                minimalLexicon("").replace("\"crisisSignals\"", concepts.formatted("c.nope") + "\"crisisSignals\"");
        assertThrows(IllegalArgumentException.class, () -> TriageLexicon.load(stream(unknown)));
    }

    @Test
    void weakRiskIsPromotedUnlessSafetyIsStated() {
        String lex = minimalLexicon("""
                {"id": "x", "kind": "ABUSE_OR_DANGER", "lang": "en", "weight": 0.6, "negatable": false, "description": "d", "patterns": ["afraid to go home"]}""")
                .replace(
                        "\"defaultCategory\": \"SUPPORT_SEEKING\"",
                        "\"defaultCategory\": \"SUPPORT_SEEKING\", \"promote\": 0.5")
                .replace(
                        "\"modifiers\": []",
                        "\"modifiers\": [{\"id\": \"mod.safety_statement\", \"kinds\": [\"*\"], \"lang\": \"any\", \"weight\": -0.6, \"description\": \"d\", \"patterns\": [\"im safe\"]}]");
        TriageClassifier tiny = new TriageClassifier(TriageLexicon.load(stream(lex)));
        TriageResult r = tiny.classify("I'm afraid to go home", "en");
        assertEquals(CrisisKind.ABUSE_OR_DANGER, r.crisisKind());
        assertTrue(r.signals().contains("promoted-below-threshold"));
        assertEquals(
                MessageCategory.SUPPORT_SEEKING,
                tiny.classify("I'm afraid to go home but I'm safe at my sister's", "en")
                        .category());
    }

    // ---- the lexicon is data and is validated -----------------------------------------------

    @Test
    void lexiconIsVersionedAndDescribesSignals() {
        assertFalse(lexicon.version().isBlank());
        assertNotEquals("si.burden", lexicon.describe("si.burden"));
        assertEquals(lexicon.describe("si.burden"), lexicon.describe("negated:si.burden"));
    }

    @Test
    void brokenLexiconIsRejected() {
        String duplicate = minimalLexicon("""
                {"id": "x", "kind": "SELF_HARM", "lang": "en", "weight": 1, "negatable": false, "description": "d", "patterns": ["a"]},
                {"id": "x", "kind": "SELF_HARM", "lang": "en", "weight": 1, "negatable": false, "description": "d", "patterns": ["b"]}""");
        assertThrows(IllegalArgumentException.class, () -> TriageLexicon.load(stream(duplicate)));
        String accented = minimalLexicon("""
                {"id": "x", "kind": "SELF_HARM", "lang": "es", "weight": 1, "negatable": false, "description": "d", "patterns": ["me corté"]}""");
        assertThrows(IllegalArgumentException.class, () -> TriageLexicon.load(stream(accented)));
        String valid = minimalLexicon("""
                {"id": "x", "kind": "SELF_HARM", "lang": "en", "weight": 1, "negatable": true, "description": "d", "patterns": ["cut (?:<me>)"]}""");
        TriageClassifier tiny = new TriageClassifier(TriageLexicon.load(stream(valid)));
        assertEquals(CrisisKind.SELF_HARM, tiny.classify("I cut myself", "en").crisisKind());
        assertEquals(
                MessageCategory.SUPPORT_SEEKING,
                tiny.classify("I did not cut myself", "en").category());
        assertEquals("test-1", tiny.version());
    }

    private static String minimalLexicon(String crisisSignals) {
        return """
                {"version": "test-1", "vocabulary": {"me": "myself|my self"},
                 "thresholds": {"crisis": 1.0, "category": 0.5, "defaultCategory": "SUPPORT_SEEKING"},
                 "kindPriority": ["MEDICAL_EMERGENCY", "HARM_TO_OTHERS", "ABUSE_OR_DANGER", "SUICIDAL_IDEATION", "SELF_HARM"],
                 "languageHints": {"es": ["que"], "en": ["the"]},
                 "negation": {"description": "d", "cues": ["not"], "fillers": ["did"], "clauseBreakers": ["but"],
                              "exceptions": [], "maxTokensBack": 5, "maxContentTokens": 1},
                 "crisisSignals": [%s], "modifiers": [], "suppressors": [], "categorySignals": [], "urgencySignals": []}
                """.formatted(crisisSignals);
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
