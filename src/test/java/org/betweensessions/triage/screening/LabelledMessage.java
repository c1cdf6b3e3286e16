package org.betweensessions.triage.screening;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of a labelled JSONL evaluation file (dev set, extra set, hidden set). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelledMessage(
        String id,
        String text,
        String lang,
        MessageCategory label,
        CrisisKind crisisKind,
        boolean ambiguous,
        String note) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static List<LabelledMessage> read(Path jsonl) {
        try {
            List<LabelledMessage> out = new ArrayList<>();
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(MAPPER.readValue(line, LabelledMessage.class));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jsonl, e);
        }
    }
}
