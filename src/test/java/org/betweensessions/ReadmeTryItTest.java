package org.betweensessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.betweensessions.client.ClientStatus;
import org.betweensessions.message.MessageStatus;
import org.betweensessions.support.Api;
import org.betweensessions.support.EmbeddedStackTest;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" commands, read from README.md and run as written: the same users, paths and
 * request bodies, in order, with the shell variables bound as a reader binds them ("JORDAN=<Jordan
 * Lee's id from above>", "MSG=<id from the response>", "$(curl ... | sed ...)"). Only the external
 * ids get a per-run suffix, and JORDAN is a new client like Jordan, so the test arranges its own
 * data. Waits as a reader would before acting on a message that is still being screened. If the
 * README shows a request that does not do what it says, this fails.
 */
class ReadmeTryItTest extends EmbeddedStackTest {

    private final Map<String, String> vars = new HashMap<>();
    private Api api;
    private Api.Response last;

    @Test
    void theTryItCommandsDoWhatTheReadmeSays() throws IOException {
        api = new Api(port);
        vars.put("JORDAN", demoClient("alex", ClientStatus.ACTIVE).getId().toString());
        List<String> blocks = tryItBlocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);

        // 1. A routine message: stored (202), seen waiting for an answer, answered (201).
        List<Api.Response> routine = run(blocks.get(0));
        assertThat(routine.get(1).status()).isEqualTo(202);
        assertThat(routine.get(2).json().get("status").asText()).isEqualTo("AWAITING_RESPONSE");
        assertThat(routine.get(3).status()).as("the reply").isEqualTo(201);
        assertThat(api.get("alex", "/api/messages/" + vars.get("MSG"))
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("ANSWERED");

        // 2. A crisis: screened as one, alerted, acknowledged.
        run(blocks.get(1));
        JsonNode crisis = api.get("alex", "/api/messages/" + vars.get("CRISIS")).json();
        assertThat(crisis.get("category").asText()).isEqualTo("CRISIS");
        assertThat(crisis.get("alerts")).isNotEmpty();
        assertThat(last.status()).as("the acknowledgement").isEqualTo(202);

        // 3. Intake consent: registered, signed, reviewed.
        run(blocks.get(2));
        JsonNode consent =
                api.get("alex", "/api/clients/" + vars.get("ID") + "/consent").json();
        assertThat(consent.toString()).contains("CONSENTED").contains("FULL");
    }

    /** The fenced bash blocks of the "Try it" section, before the reminder walkthrough. */
    private static List<String> tryItBlocks() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### Try it");
        int end = readme.indexOf("\n## ", start);
        String section = readme.substring(start, end);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Runs a block's commands in order; the responses of its curl commands. */
    private List<Api.Response> run(String block) {
        List<Api.Response> responses = new ArrayList<>();
        String suffix = "-" + UUID.randomUUID();
        String script = block.replace("\\\n", " ")
                .replaceAll("\"externalId\\\\\":\\\\\"([^\\\\]+)", "\"externalId\\\\\":\\\\\"$1" + suffix);
        // "MSG=<id from the response>" is prose for the reader (it may hold an apostrophe): bound here.
        script = Pattern.compile("(?m)^([A-Z]+)=<[^>\n]*>$").matcher(script).replaceAll("BIND $1");
        for (String line : commands(script)) {
            Matcher assignment = Pattern.compile("^BIND ([A-Z]+)$").matcher(line.trim());
            if (assignment.matches()) {
                if (!assignment.group(1).equals("JORDAN")) { // JORDAN is this test's own client
                    vars.put(assignment.group(1), last.json().get("id").asText());
                }
                continue;
            }
            Matcher substitution =
                    Pattern.compile("^([A-Z]+)=\\$\\((.*)\\)$", Pattern.DOTALL).matcher(line.trim());
            if (substitution.matches()) {
                String command = substitution.group(2);
                Matcher field =
                        Pattern.compile("\"([a-zA-Z]+)\":").matcher(command.substring(command.indexOf("| sed")));
                assertThat(field.find()).as(line).isTrue();
                curl(command.substring(0, command.indexOf("| sed")));
                responses.add(last);
                vars.put(substitution.group(1), last.json().get(field.group(1)).asText());
                continue;
            }
            if (line.trim().startsWith("curl ")) {
                curl(line);
                responses.add(last);
            } else {
                throw new AssertionError("A README command this test does not understand: " + line);
            }
        }
        assertThat(responses).as("curl commands run").hasSizeGreaterThanOrEqualTo(3);
        return responses;
    }

    /** One curl command: -u user:password, -H header, -d body, the URL. Asserts a 2xx. */
    private void curl(String command) {
        List<String> words = words(command);
        String user = null;
        String body = null;
        String url = null;
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-s" -> {}
                case "-u" -> user = words.get(++i).split(":")[0];
                case "-H" -> i++;
                case "-d" -> body = words.get(++i);
                default -> url = words.get(i);
            }
        }
        String path = url.substring(url.indexOf('/'));
        awaitScreenedIfAboutAMessage(path);
        last = send(user, path, body);
        // As the 409 itself says to a reader: "try again in a moment".
        long until = System.currentTimeMillis() + WAIT.toMillis();
        while (last.status() == 409
                && last.body().contains("try again in a moment")
                && System.currentTimeMillis() < until) {
            sleep();
            last = send(user, path, body);
        }
        assertThat(last.status()).as(command + " -> " + last.body()).isBetween(200, 299);
    }

    private Api.Response send(String user, String path, String body) {
        return body == null ? api.get(user, path) : api.post(user, path, body);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A reader looks again until the message has been screened and routed before acting on it. */
    private void awaitScreenedIfAboutAMessage(String path) {
        Matcher m = Pattern.compile("^/api/messages/([0-9a-f-]{36})(/.*)?$").matcher(path);
        if (m.matches()) {
            UUID id = UUID.fromString(m.group(1));
            awaitMessage(
                    id,
                    x -> x.getRoute() != null
                            && (x.getStatus() != MessageStatus.TRIAGING || "CRISIS".equals(x.getCategory())));
            if (m.group(2) != null && m.group(2).startsWith("/crisis-acknowledgement")) {
                eventually(() -> assertThat(
                                api.get("alex", "/api/messages/" + id).json().get("alerts"))
                        .isNotEmpty());
            }
        }
    }

    /** Splits a script into commands at line ends outside quotes; drops comments. */
    private static List<String> commands(String script) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(script.charAt(i - 1)))) {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                c = '\n';
            }
            if (quote == 0 && c == '\n' && depth == 0) {
                if (!current.toString().isBlank()) {
                    commands.add(current.toString());
                }
                current.setLength(0);
                continue;
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (quote == '"' && c == '\\') {
                current.append(c).append(script.charAt(++i));
                continue;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && c == '(') {
                depth++;
            } else if (quote == 0 && c == ')') {
                depth--;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            commands.add(current.toString());
        }
        return commands;
    }

    /** Shell words with quotes removed, escapes and $VARIABLES expanded, as bash would. */
    private List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int close = command.indexOf('\'', i + 1);
                word.append(command, i + 1, close);
                i = close;
            } else if (c == '"') {
                for (i++; command.charAt(i) != '"'; i++) {
                    char d = command.charAt(i);
                    if (d == '\\' && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                        word.append(command.charAt(++i));
                    } else if (d == '$') {
                        i = expand(command, i, word);
                    } else {
                        word.append(d);
                    }
                }
            } else if (c == '$') {
                i = expand(command, i, word);
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private int expand(String command, int dollar, StringBuilder into) {
        Matcher m = Pattern.compile("[A-Z_]+").matcher(command);
        assertThat(m.find(dollar + 1) && m.start() == dollar + 1)
                .as("variable at " + dollar)
                .isTrue();
        String name = m.group();
        assertThat(vars).as("the README sets " + name + " before using it").containsKey(name);
        into.append(vars.get(name));
        return m.end() - 1;
    }
}
