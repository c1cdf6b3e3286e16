package org.betweensessions.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.betweensessions.support.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.springframework.util.FileSystemUtils;

/**
 * Every Camunda Form of {@code forms/} rendered by bpmn.io's form-js (the renderer Tasklist uses,
 * from the build's npm package, with form-js's own stylesheet only, as in Tasklist) in headless
 * Chromium, on a desktop and on a 390 px phone, with the variables a task carries: the text names
 * what a person recognises (no 36-character ids, no raw UTC times), no label is cut off or runs off
 * the screen, no form offers the same option twice, and "0 came far sooner" never shows.
 */
class FormRenderingTest {

    private static final Path FORM_JS = Path.of("target/classes/static/vendor/form-js");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "3f2b9c1e-8d4a-4c6b-9e7f-0a1b2c3d4e5f";

    private static WebDriver browser;
    private static Path page;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        Chromium.assumeInstalled();
        Assumptions.assumeTrue(
                Files.exists(FORM_JS.resolve("form-viewer.umd.js")),
                "form-js is not built (the build's npm step copies it to target/classes)");
        page = Files.createTempFile("forms", ".html");
        Files.writeString(
                page,
                "<!DOCTYPE html><html><head><meta charset=utf-8>"
                        + "<meta name=viewport content='width=device-width, initial-scale=1'>"
                        + "<link rel=stylesheet href='"
                        + FORM_JS.toAbsolutePath().resolve("assets/form-js.css").toUri() + "'>"
                        + "<script src='"
                        + FORM_JS.toAbsolutePath().resolve("form-viewer.umd.js").toUri()
                        + "'></script></head><body><div id=form></div></body></html>");
        profile = Files.createTempDirectory("bsc-forms-chromium");
        browser = Chromium.start(profile, "--allow-file-access-from-files");
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile);
        }
        if (page != null) {
            Files.deleteIfExists(page);
        }
    }

    /** The variables a task's instance carries (ids, times, labels from the workers), as in Tasklist. */
    private static Map<String, Object> variables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("messageId", ID);
        v.put("clientId", ID);
        v.put("requestId", ID);
        v.put("clientLabel", "J. L.");
        v.put("channelLabel", "Portal");
        v.put("arrivedLabel", "Thu 3 Dec, 16:46 EST");
        v.put("dueLabel", "Fri 4 Dec, 10:00 EST");
        v.put("escalatesLabel", "Thu 3 Dec, 16:56 EST");
        v.put("documentationDueLabel", "Thu 3 Dec, 23:59 EST");
        v.put("workspaceLink", "https://practice.example.org/messages/" + ID);
        v.put("responseDueAt", "2026-12-04T15:00:00Z");
        v.put("crisisEscalateAt", "2026-12-03T21:56:00Z");
        v.put("answerAssignee", "alex");
        v.put("clinicianAssignee", "alex");
        v.put("policyVersion", 3);
        v.put("lookbackDays", 14);
        v.put("outsideOfficeHoursCount", 3);
        v.put("fastAnswerCount", 0);
        v.put("nextCheckinNumber", 2);
        v.put("resetNoteEn", "I check messages once each weekday morning.");
        v.put("resetNoteEs", "Reviso los mensajes una vez cada mañana de lunes a viernes.");
        return v;
    }

    private static List<Path> forms() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("forms"))) {
            return files.filter(f -> f.toString().endsWith(".form")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> render(String schema, Map<String, Object> data, int width) throws IOException {
        browser.manage().window().setSize(new Dimension(width, 1000));
        browser.get(page.toUri().toString());
        // The page's form container and form-js must be there before the script uses them.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript("return document.readyState === 'complete'"
                                + " && document.getElementById('form') !== null && !!window.FormViewer")));
        return (Map<String, Object>)
                ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const container = document.getElementById('form');
        const form = new window.FormViewer.Form({ container });
        form.importSchema(JSON.parse(arguments[0]), JSON.parse(arguments[1])).then(() => {
          const cut = [];
          container.querySelectorAll('label, .fjs-form-field-label, .fjs-form-field-description')
            .forEach(l => { if (l.scrollWidth > l.clientWidth + 1 && l.clientWidth > 0)
              cut.push(l.textContent.trim()); });
          done({ text: container.innerText, cut: cut,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth });
        }).catch(e => done({ error: String(e) }));
        """, schema, JSON.writeValueAsString(data));
    }

    @Test
    void everyFormNamesWhatAPersonRecognisesAndFitsADesktopAndAPhone() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : forms()) {
            String schema = Files.readString(file);
            for (int width : new int[] {1280, 390}) {
                Map<String, Object> shown = render(schema, variables(), width);
                String where = file.getFileName() + " at " + width + " px: ";
                if (shown.get("error") != null) {
                    problems.add(where + "not rendered: " + shown.get("error"));
                    continue;
                }
                String text = (String) shown.get("text");
                if (text.contains(ID)) {
                    problems.add(where + "shows a 36-character id");
                }
                if (text.matches("(?s).*\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*")) {
                    problems.add(where + "shows a raw UTC time");
                }
                if (!((List<?>) shown.get("cut")).isEmpty()) {
                    problems.add(where + "labels cut off: " + shown.get("cut"));
                }
                if (((Number) shown.get("overflow")).intValue() > 0) {
                    problems.add(where + "runs " + shown.get("overflow") + " px off the screen");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aCountOfZeroIsNotSaid() throws IOException {
        String schema = Files.readString(Path.of("forms/reset-response-expectations.form"));
        String none = (String) render(schema, variables(), 390).get("text");
        assertThat(none).doesNotContain("came far sooner").contains("**3**".replace("*", ""));
        Map<String, Object> some = variables();
        some.put("fastAnswerCount", 2);
        some.put("outsideOfficeHoursCount", 0);
        String fast = (String) render(schema, some, 390).get("text");
        assertThat(fast).contains("2 of your answers came far sooner").doesNotContain("outside your office hours.");
    }

    @Test
    void noFormOffersTheSameThingTwice() throws IOException {
        for (Path file : forms()) {
            JsonNode root = JSON.readTree(file.toFile());
            Set<String> labels = new HashSet<>();
            for (JsonNode values : root.findValues("values")) {
                for (JsonNode option : values) {
                    // "Emergency services contacted" and "Emergency services called" are one thing.
                    String gist = String.join(
                            " ",
                            List.of(option.path("label")
                                            .asText()
                                            .toLowerCase(Locale.ROOT)
                                            .split("\\s+"))
                                    .subList(
                                            0,
                                            Math.min(
                                                    2,
                                                    option.path("label")
                                                            .asText()
                                                            .split("\\s+")
                                                            .length)));
                    assertThat(labels.add(gist))
                            .as(file.getFileName() + ": \""
                                    + option.path("label").asText() + "\" offered twice")
                            .isTrue();
                }
            }
        }
    }
}
