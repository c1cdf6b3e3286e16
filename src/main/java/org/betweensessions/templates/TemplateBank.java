package org.betweensessions.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Every text the practice sends automatically, in English and Spanish, from
 * {@code templates/template-bank.json} (data a supervisor can review; checked against the avoid list
 * by a test). Rendering fails loudly on an unknown key or a placeholder left unfilled.
 */
@Component
public class TemplateBank {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private final String version;
    private final Map<String, Map<String, String>> templates;

    public TemplateBank() {
        this(TemplateBank.class.getResourceAsStream("/templates/template-bank.json"));
    }

    TemplateBank(InputStream json) {
        try (json) {
            JsonNode root = new ObjectMapper().readTree(json);
            this.version = root.path("version").asText();
            Map<String, Map<String, String>> all = new LinkedHashMap<>();
            root.path("templates").properties().forEach(e -> {
                Map<String, String> byLang = new LinkedHashMap<>();
                e.getValue()
                        .properties()
                        .forEach(l -> byLang.put(l.getKey(), l.getValue().asText()));
                all.put(e.getKey(), Collections.unmodifiableMap(byLang));
            });
            this.templates = Collections.unmodifiableMap(all);
        } catch (IOException e) {
            throw new UncheckedIOException("template bank unreadable", e);
        }
    }

    public String version() {
        return version;
    }

    public Set<String> keys() {
        return templates.keySet();
    }

    public Map<String, Map<String, String>> all() {
        return templates;
    }

    /** Spanish where the client prefers it, English otherwise. */
    public String render(String key, String language, Map<String, String> values) {
        Map<String, String> byLang = templates.get(key);
        if (byLang == null) {
            throw new IllegalArgumentException("No template '" + key + "' in the template bank");
        }
        String text = byLang.getOrDefault(language == null ? "en" : language, byLang.get("en"));
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("Template '" + key + "' needs a value for {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
