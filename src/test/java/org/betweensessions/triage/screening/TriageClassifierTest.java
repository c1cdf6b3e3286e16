package org.betweensessions.triage.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped classifier (lexicon + model). The sentences are written for this test in the style of
 * the error kinds reported on the hidden set (not its texts); most are not in the training corpus, so
 * this is a behavioural check, not a measurement: the figures come from the cross-validation command.
 */
class TriageClassifierTest {

    private static TriageClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = new TriageClassifier(TriageLexicon.loadDefault());
    }

    @Test
    void theShippedModelIsUsedAndExplainsItself() {
        assertNotNull(classifier.model(), "model resource missing or trained with another lexicon version");
        assertTrue(classifier.version().contains("+m"), classifier.version());
        TriageResult r =
                classifier.classify("I took all my sleeping pills an hour ago and I feel really strange", "en");
        assertEquals(MessageCategory.CRISIS, r.category(), r.signals()::toString);
        assertNotNull(r.crisisProbability());
        assertTrue(r.crisisProbability() >= classifier.model().threshold());
        assertTrue(r.signals().get(0).startsWith("model.crisis(p="), r.signals()::toString);
        assertTrue(r.signals().stream().anyMatch(s -> s.startsWith("model.feature:")), r.signals()::toString);
        assertFalse(r.framedAsUrgent());
        TriageLexicon lexicon = TriageLexicon.loadDefault();
        r.signals().forEach(s -> assertFalse(lexicon.describe(s).isBlank(), s));
        assertNotEquals(r.signals().get(0), lexicon.describe(r.signals().get(0)));
    }

    @ParameterizedTest(name = "greeting or short reply is routine: {0}")
    @ValueSource(strings = {"hi", "hello", "ok", "ok thanks", "thanks", "Hola", "gracias", "ok, see you thursday"})
    void greetingsAndShortRepliesAreNotCrises(String text) {
        TriageResult r = classifier.classify(text, null);
        assertNotEquals(MessageCategory.CRISIS, r.category(), r.signals()::toString);
    }

    @ParameterizedTest(name = "buried or indirect risk: {0}")
    @ValueSource(
            strings = {
                "Can you send me the invoice for March when you get a chance? Also I gave my cat to my sister and wrote everyone letters, I won't need the next appointment.",
                "Hola, ¿me confirmas la cita del lunes? Por cierto, he pensado mucho en quitarme la vida estos días.",
                "I've had a crushing pain in my chest for forty minutes and my left arm is numb, I'm on my own.",
                "Mi pareja me amenazó con un cuchillo anoche y tengo miedo de volver a casa.",
            })
    void riskIsFlagged(String text) {
        TriageResult r = classifier.classify(text, null);
        assertEquals(MessageCategory.CRISIS, r.category(), r.signals()::toString);
    }

    @ParameterizedTest(name = "routine message is not a crisis: {0}")
    @ValueSource(
            strings = {
                "Can we move Tuesday's session to 4pm?",
                "The video call kept freezing last time, could we try the phone instead?",
                "¿Me puedes mandar la factura de abril?",
                "These timesheets are killing me, can I get the invoice for June?",
                "Me muero de ganas de contarte cómo me fue en la entrevista.",
            })
    void routineIsNotACrisis(String text) {
        TriageResult r = classifier.classify(text, null);
        assertNotEquals(MessageCategory.CRISIS, r.category(), r.signals()::toString);
    }

    @Test
    void nullAndEmptyTextAreSafe() {
        assertNotEquals(MessageCategory.CRISIS, classifier.classify(null, null).category());
        assertNotEquals(MessageCategory.CRISIS, classifier.classify("   ", "en").category());
    }

    /**
     * The dev set is a check only (never trained on, never tuned on): every crisis in it is found and
     * explained. Its PPV and accuracy are reported by the evaluation command, not asserted here: on the
     * dev set they are below the bars (docs/triage-classifier.md), and raising them by looking
     * at its errors would make it a training set.
     */
    @Test
    void devSetCrisesAreAllFound() {
        Path dev = Path.of(System.getProperty("triage.devSet", "../shared/triage/dev-set.jsonl"));
        Assumptions.assumeTrue(Files.exists(dev), "dev set not found at " + dev.toAbsolutePath());
        EvaluationReport report = EvaluationReport.run(classifier, LabelledMessage.read(dev));
        EvaluationReport.Figures f = report.figures();
        String failures = report.failures().stream()
                .map(o -> o.message().id() + " " + o.message().label() + "->"
                        + o.result().category())
                .collect(Collectors.joining("\n"));
        assertTrue(f.sensitivity() >= 0.99, "sensitivity " + f.sensitivity() + "\n" + failures);
        report.outcomes().stream()
                .filter(o -> o.result().isCrisis())
                .forEach(o ->
                        assertFalse(o.result().signals().isEmpty(), o.message().id()));
    }
}
