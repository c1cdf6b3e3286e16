package org.betweensessions.triage.screening;

import java.nio.file.Path;

/**
 * Prints triage figures of the shipped classifier (lexicon + model) for labelled JSONL files in the
 * dev-set format (id, text, lang, label, crisisKind, ambiguous, note): confusion matrix, crisis
 * sensitivity, PPV, accuracy, per language and crisis kind, false alarms per 100 routine messages and
 * every failure. Usage: {@code ./mvnw -q test-compile exec:java@triage-eval -Dtriage.files="a.jsonl b.jsonl"}.
 */
public final class TriageEvaluation {

    private TriageEvaluation() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: TriageEvaluation <labelled.jsonl>...");
            return;
        }
        TriageClassifier classifier = new TriageClassifier(TriageLexicon.loadDefault());
        System.out.printf(
                "classifier %s, crisis operating point %s%n",
                classifier.version(),
                classifier.model() == null
                        ? "- (rules only)"
                        : classifier.model().threshold());
        for (String arg : String.join(" ", args).trim().split("\\s+")) {
            EvaluationReport.run(classifier, LabelledMessage.read(Path.of(arg))).print(System.out, arg);
        }
    }
}
