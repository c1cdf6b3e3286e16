package org.betweensessions.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * WCAG 2.1 AA contrast of the workspace's colours, read from its stylesheet: every pair of text and
 * background the pages use reaches 4.5:1 (normal text), and the focus outline 3:1 against white.
 */
class ContrastTest {

    private static final Path CSS = Path.of("src/main/resources/static/css/workspace.css");

    /** Text on background, as the stylesheet combines them (custom properties or literal colours). */
    private static final List<String[]> TEXT_ON_BACKGROUND = List.of(
            new String[] {"--ink", "--bg", "body text"},
            new String[] {"--muted", "--bg", "hints, meta"},
            new String[] {"--muted", "--soft", "meta on the soft background (thread, policy)"},
            new String[] {"--ink", "--soft", "text on the soft background"},
            new String[] {"--accent", "--bg", "links, secondary buttons"},
            new String[] {"#fff", "--accent", "primary buttons"},
            new String[] {"#fff", "--crisis", "crisis badge and button"},
            new String[] {"#fff", "--ink", "top bar"},
            new String[] {"--crisis", "#fdf3f3", "crisis kind on the crisis row"},
            new String[] {"--muted", "#fdf3f3", "meta on the crisis row"},
            new String[] {"--accent", "#fdf3f3", "link on the crisis row"},
            new String[] {"#8a4b00", "--bg", "overdue time left"},
            new String[] {"--ink", "#e6f2ea", "notice"},
            new String[] {"--ink", "#fbeaea", "problem"});

    @Test
    void everyTextColourMeetsAaOnItsBackground() throws IOException {
        Map<String, String> vars = customProperties(Files.readString(CSS));
        assertThat(vars).containsKeys("--ink", "--muted", "--accent", "--crisis", "--bg", "--soft");
        for (String[] pair : TEXT_ON_BACKGROUND) {
            double ratio = contrast(colour(pair[0], vars), colour(pair[1], vars));
            assertThat(ratio).as(pair[2] + ": " + pair[0] + " on " + pair[1]).isGreaterThanOrEqualTo(4.5);
        }
    }

    @Test
    void theFocusOutlineStandsOut() throws IOException {
        String css = Files.readString(CSS);
        Matcher outline =
                Pattern.compile("outline:\\s*3px solid (#[0-9a-fA-F]{6})").matcher(css);
        assertThat(outline.find()).isTrue();
        // Non-text contrast (WCAG 1.4.11): 3:1 against the page, the top bar and the crisis row.
        for (String background : List.of("#ffffff", customProperties(css).get("--ink"), "#fdf3f3")) {
            assertThat(contrast(rgb(outline.group(1)), rgb(background)))
                    .as("focus on " + background)
                    .isGreaterThanOrEqualTo(3.0);
        }
    }

    @Test
    void theFormulaIsWcags() {
        assertThat(contrast(rgb("#000000"), rgb("#ffffff"))).isEqualTo(21.0);
        assertThat(contrast(rgb("#777777"), rgb("#ffffff"))).isBetween(4.47, 4.49);
    }

    static Map<String, String> customProperties(String css) {
        Map<String, String> vars = new HashMap<>();
        Matcher m = Pattern.compile("(--[a-z]+):\\s*(#[0-9a-fA-F]{3,6})").matcher(css);
        while (m.find()) {
            vars.put(m.group(1), m.group(2));
        }
        return vars;
    }

    private static double[] colour(String name, Map<String, String> vars) {
        return rgb(name.startsWith("--") ? vars.get(name) : name);
    }

    static double[] rgb(String hex) {
        String h = hex.substring(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        return new double[] {
            Integer.parseInt(h.substring(0, 2), 16),
            Integer.parseInt(h.substring(2, 4), 16),
            Integer.parseInt(h.substring(4, 6), 16)
        };
    }

    static double contrast(double[] a, double[] b) {
        double la = luminance(a);
        double lb = luminance(b);
        return Math.round((Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05) * 100) / 100.0;
    }

    private static double luminance(double[] rgb) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = rgb[i] / 255.0;
            c[i] = s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
