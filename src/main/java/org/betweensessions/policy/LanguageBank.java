package org.betweensessions.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Phrases the seeds tell us never to send a client (DOMAIN.md, "Language bank"): each shames the
 * client or withdraws care. Outgoing templates, policy text (every language) and consent
 * notifications are checked against them. The list is {@code templates/avoid-phrases.json}, English
 * and Spanish, plus the seeds' own wording; matching ignores case, accents and curly apostrophes.
 */
public final class LanguageBank {

    /** The seeds' phrases, always avoided whatever the file holds. */
    private static final List<String> FROM_THE_SEEDS = List.of(
            "too busy to respond",
            "should not be texting me",
            "not an emergency, so i am not going to engage",
            "not going to engage",
            "need to wait until our scheduled appointment");

    /** Every phrase to avoid, folded (lower case, no accents), English and Spanish. */
    public static final List<String> AVOID = load();

    private LanguageBank() {}

    /** The first phrase to avoid that {@code text} contains, if any. */
    public static Optional<String> findAvoidedPhrase(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normal = fold(text);
        return AVOID.stream().filter(normal::contains).findFirst();
    }

    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'')
                .replaceAll("\\s+", " ");
    }

    private static List<String> load() {
        Set<String> phrases = new LinkedHashSet<>();
        FROM_THE_SEEDS.forEach(p -> phrases.add(fold(p)));
        try (InputStream in = LanguageBank.class.getResourceAsStream("/templates/avoid-phrases.json")) {
            if (in == null) {
                throw new IllegalStateException("templates/avoid-phrases.json is missing");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            for (String language : List.of("en", "es")) {
                JsonNode list = root.path(language);
                if (!list.isArray() || list.isEmpty()) {
                    throw new IllegalStateException("templates/avoid-phrases.json has no '" + language + "' list");
                }
                list.forEach(p -> phrases.add(fold(p.asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(new ArrayList<>(phrases));
    }
}
