package org.betweensessions.triage.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped model can never drift from its data: retraining from the committed corpus with the
 * committed settings reproduces every model file byte for byte (LIBLINEAR's primal solver and the fold
 * assignment are deterministic), and model.json names exactly the corpus files, with their hashes.
 */
class ScreeningModelReproductionTest {

    @Test
    void retrainingFromTheCommittedCorpusReproducesTheCommittedModel() throws IOException {
        List<Path> files = ScreeningTraining.corpusFiles(Path.of(ScreeningTraining.CORPUS_LIST));
        assertFalse(files.isEmpty());
        assertFalse(files.stream().anyMatch(f -> f.toString().contains("dev-set")), "the dev set is a check only");
        JsonNode meta = ScreeningModel.defaultMetadata();
        assertEquals(files.size(), meta.get("trainedOn").size());
        for (int i = 0; i < files.size(); i++) {
            JsonNode f = meta.get("trainedOn").get(i);
            assertEquals(files.get(i).toString(), f.get("file").asText());
            assertEquals(
                    ScreeningTraining.sha256(files.get(i)),
                    f.get("sha256").asText(),
                    files.get(i) + " changed since the model was trained: retrain (exec:java@triage-train)");
        }
        ScreeningTraining.Artifacts retrained =
                ScreeningTraining.train(TriageLexicon.loadDefault(), files, ScreeningTraining.Settings.defaults());
        for (Map.Entry<String, String> e : retrained.files().entrySet()) {
            String committed =
                    Files.readString(ScreeningTraining.MODEL_DIR.resolve(e.getKey()), StandardCharsets.UTF_8);
            assertEquals(
                    committed, e.getValue(), e.getKey() + " differs from a retrain: retrain and commit the result");
        }
    }
}
