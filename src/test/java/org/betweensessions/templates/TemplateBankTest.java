package org.betweensessions.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every outgoing text is warm: none contains a phrase from the language bank's avoid list. */
class TemplateBankTest {

    private final TemplateBank bank = new TemplateBank();

    @Test
    void noTemplateContainsAPhraseFromTheAvoidList() throws IOException {
        List<String> avoid = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/templates/avoid-phrases.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            root.path("en").forEach(p -> avoid.add(fold(p.asText())));
            root.path("es").forEach(p -> avoid.add(fold(p.asText())));
        }
        assertThat(avoid).hasSizeGreaterThan(10);
        List<String> offending = new ArrayList<>();
        bank.all()
                .forEach((key, byLang) -> byLang.forEach((lang, text) -> avoid.stream()
                        .filter(p -> fold(text).contains(p))
                        .forEach(p -> offending.add(key + "/" + lang + ": " + p))));
        assertThat(offending).isEmpty();
    }

    @Test
    void everyTemplateExistsInEnglishAndSpanishWithTheSamePlaceholders() {
        bank.all().forEach((key, byLang) -> {
            assertThat(byLang).as(key).containsKeys("en", "es");
            assertThat(placeholders(byLang.get("es")))
                    .as(key)
                    .containsExactlyInAnyOrderElementsOf(placeholders(byLang.get("en")));
        });
    }

    @Test
    void theAvoidListCheckWouldCatchAColdTemplate() {
        String cold = "I am too busy to respond. You need to wait until our scheduled appointment.";
        assertThat(fold(cold)).contains("too busy").contains("you need to wait until");
    }

    @Test
    void renderingFillsPlaceholdersAndRefusesMissingValues() {
        String text =
                bank.render("after-hours", "es", Map.of("responseBy", "antes del lunes", "emergencyNumber", "911"));
        assertThat(text).contains("antes del lunes").contains("988").doesNotContain("{");
        assertThatThrownBy(() -> bank.render("after-hours", "en", Map.of())).hasMessageContaining("responseBy");
        assertThatThrownBy(() -> bank.render("no-such-template", "en", Map.of()))
                .hasMessageContaining("no-such-template");
    }

    @Test
    void crisisResourcesAlwaysName988AndTheEmergencyNumber() {
        for (String lang : List.of("en", "es")) {
            String text = bank.render("crisis.resources", lang, Map.of("emergencyNumber", "911", "coveringLine", ""));
            assertThat(text).contains("988").contains("911");
        }
    }

    private static List<String> placeholders(String text) {
        List<String> found = new ArrayList<>();
        var m = Pattern.compile("\\{([a-zA-Z]+)}").matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace('’', '\'')
                .toLowerCase(Locale.ROOT);
    }
}
