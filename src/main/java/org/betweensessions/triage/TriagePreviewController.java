package org.betweensessions.triage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.betweensessions.api.NoControlCharacters;
import org.betweensessions.triage.screening.TriageClassifier;
import org.betweensessions.triage.screening.TriageLexicon;
import org.betweensessions.triage.screening.TriageResult;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a supervisor try a message against the current lexicon and model; nothing is stored or sent.
 * {@code crisisProbability} is the model's calibrated crisis probability (null with rules only) and
 * {@code crisisThreshold} the operating point it is compared with.
 */
@RestController
class TriagePreviewController {

    private final ObjectProvider<TriageClassifier> classifier;
    private final TriageLexicon lexicon;

    TriagePreviewController(ObjectProvider<TriageClassifier> classifier, TriageLexicon lexicon) {
        this.classifier = classifier;
        this.lexicon = lexicon;
    }

    @PostMapping("/api/triage/preview")
    Preview preview(@Valid @RequestBody PreviewRequest request) {
        TriageResult r = classifier.getObject().classify(request.text(), request.lang());
        return new Preview(
                r.category().name(),
                r.crisisKind() == null ? null : r.crisisKind().name(),
                r.signals().stream()
                        .map(s -> new Signal(s, lexicon.describe(s)))
                        .toList(),
                r.framedAsUrgent(),
                r.lexiconVersion(),
                r.crisisProbability(),
                classifier.getObject().model() == null
                        ? null
                        : classifier.getObject().model().threshold());
    }

    record PreviewRequest(
            @NotBlank @Size(max = 10_000) @NoControlCharacters
            String text,

            @Pattern(regexp = "en|es", message = "must be en, es or null")
            String lang) {}

    record Signal(String id, String description) {}

    record Preview(
            String category,
            String crisisKind,
            List<Signal> signals,
            boolean framedAsUrgent,
            String lexiconVersion,
            Double crisisProbability,
            Double crisisThreshold) {}
}
