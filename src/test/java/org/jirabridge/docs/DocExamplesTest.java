package org.jirabridge.docs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.JiraSandbox;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every shell example of README.md and docs/*.md runs, as written, against one started service: the fenced sh/bash
 * blocks are read from the Markdown (so a changed example is a tested example) and their commands run one by one in
 * one bash, in document order (README first, docs/sandbox.md last as it resets the sandbox), with the documented
 * ports mapped onto the test's. Each curl must answer a success, or the status its {@code # -> NNN} comment
 * promises. Ids the docs write as {@code <id>} are the ones the examples before created.
 */
class DocExamplesTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);
    private static final String END = "@@example-end";

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("demo.send-samples", "true",
                    "sandbox.oauth.auto-approve", "true", "sync.apply-interval-ms", "100"));
    private static JiraSandbox serverSandbox;

    @BeforeAll
    static void start() {
        serverSandbox = service.own(JiraSandbox.start(0, Flavour.SERVER));
        // the examples look at DEMO-1: the three sample reports are forwarded first
        await().atMost(Duration.ofSeconds(60))
                .until(() -> service.count("SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'") >= 3);
    }

    @Test
    void everyShellExampleOfTheReadmeAndTheDocsRuns(@TempDir Path workDir) throws Exception {
        List<MarkdownExamples.Block> blocks = new ArrayList<>();
        for (Path file : documents()) {
            blocks.addAll(MarkdownExamples.read(file).blocks());
        }
        assertThat(blocks.stream().mapToLong(block -> block.commands().size()).sum())
                .as("examples found").isGreaterThan(30);

        Files.createDirectories(workDir.resolve("data"));
        Files.writeString(workDir.resolve("data/admin.token"), Http.ADMIN_TOKEN);
        List<String> failures = new ArrayList<>();
        try (Shell shell = new Shell(workDir)) {
            shell.run("export REPORT_ID=" + anyForwardedReport() + " DEAD_LETTER_ID=" + deadLetter());
            for (MarkdownExamples.Block block : blocks) {
                for (MarkdownExamples.Command command : block.commands()) {
                    String where = PROJECT.relativize(block.file()) + ":" + command.line();
                    String failure = runOne(shell, block, command);
                    if (failure != null) {
                        failures.add(where + ": " + failure + "\n    " + command.text().replace("\n", "\n    "));
                    }
                }
            }
        }
        assertThat(failures).as("examples that fail").isEmpty();
    }

    /** Runs one command; null when it did what the docs say, else what went wrong. */
    private static String runOne(Shell shell, MarkdownExamples.Block block, MarkdownExamples.Command command)
            throws Exception {
        String script = localise(command.text(), block.flavour());
        shell.run(": > \"$STATUS_FILE\"");
        Shell.Result result = shell.run(script);
        List<Integer> statuses = shell.statuses();
        if (result.exitCode() != 0) {
            return "exit code " + result.exitCode() + ": " + result.output();
        }
        if (script.contains("curl") && statuses.isEmpty()) {
            return "no HTTP answer: " + result.output();
        }
        int last = statuses.isEmpty() ? 0 : statuses.get(statuses.size() - 1);
        if (command.expectedStatus() != 0 && last != command.expectedStatus()) {
            return "answered " + last + ", the example promises " + command.expectedStatus() + ": " + result.output();
        }
        if (command.expectedStatus() == 0 && statuses.stream().anyMatch(status -> status >= 400)) {
            return "answered " + statuses + ": " + result.output();
        }
        remember(shell, script, result.output());
        return null;
    }

    /** Ids created by an example become the {@code <id>} of the examples after it. */
    private static void remember(Shell shell, String script, String output) throws Exception {
        boolean post = script.contains("-XPOST") || script.contains("-X POST");
        JsonNode answer = json(output);
        if (!post || answer == null || !answer.path("id").isTextual()) {
            return;
        }
        if (script.contains("/api/v1/reports") && !script.contains("/forward")) {
            shell.run("export REPORT_ID=" + answer.path("id").asText());
        } else if (script.contains("/api/v1/api-keys")) {
            shell.run("export API_KEY_ID=" + answer.path("id").asText());
        }
    }

    /** The docs' ports (8080 service, 8081 sandbox) and placeholders, mapped onto this test's. */
    private static String localise(String text, String flavour) {
        String sandbox = flavour.equals("server") ? serverSandbox.baseUrl() : service.sandbox().baseUrl();
        String local = text.replace("localhost:8080", service.baseUrl().replace("http://", ""))
                .replace("http://localhost:8081", sandbox).replace("localhost:8081", sandbox.replace("http://", ""));
        for (Map.Entry<Pattern, String> placeholder : MarkdownExamples.PLACEHOLDERS.entrySet()) {
            local = placeholder.getKey().matcher(local).replaceAll(placeholder.getValue().replace("$", "\\$"));
        }
        return local;
    }

    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(PROJECT.resolve("docs"))) {
            // sandbox.md resets the sandbox: last
            docs.filter(path -> path.toString().endsWith(".md")).sorted((a, b) -> Boolean.compare(
                    a.endsWith("sandbox.md"), b.endsWith("sandbox.md")) != 0 ? Boolean.compare(
                    a.endsWith("sandbox.md"), b.endsWith("sandbox.md")) : a.compareTo(b)).forEach(files::add);
        }
        return files;
    }

    private static String anyForwardedReport() {
        JsonNode created = RunningService.readTree(service.postJson("/api/v1/reports",
                "{\"title\": \"For the examples\"}").body());
        service.awaitReportStatus(created.path("id").asText(), "FORWARDED", Duration.ofSeconds(30));
        return created.path("id").asText();
    }

    /** A dead letter for the README's replay example: Jira refuses one create. */
    private static long deadLetter() {
        Http.postJson(service.sandbox().baseUrl() + "/_sandbox/faults",
                "{\"path\":\"/rest/api/3/issue\",\"method\":\"POST\",\"status\":400,\"count\":1}");
        JsonNode created = RunningService.readTree(service.postJson("/api/v1/reports",
                "{\"title\": \"Refused by Jira\"}").body());
        service.awaitReportStatus(created.path("id").asText(), "FAILED", Duration.ofSeconds(30));
        return RunningService.readTree(service.get("/api/v1/dead-letters").body()).path("deadLetters").get(0)
                .path("id").asLong();
    }

    private static JsonNode json(String output) {
        try {
            return RunningService.readTree(output.strip());
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** One bash for all examples, so variables set by one (KEY, ADMIN, B) serve the next. */
    private static final class Shell implements AutoCloseable {

        record Result(int exitCode, String output) {
        }

        private final Process process;
        private final Writer input;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path statusFile;

        Shell(Path workDir) throws IOException {
            statusFile = workDir.resolve("statuses");
            process = new ProcessBuilder("bash", "--noprofile", "--norc").directory(workDir.toFile())
                    .redirectErrorStream(true).start();
            input = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the shell ended
                }
            }, "doc-examples-shell");
            reader.setDaemon(true);
            reader.start();
            // every curl notes its final HTTP status (from the dumped headers) for the test to check
            send("export STATUS_FILE='" + statusFile + "'\n"
                    + "curl() { local h; h=$(mktemp); command curl --max-time 30 -D \"$h\" \"$@\"; local rc=$?;"
                    + " sed -n 's/^HTTP\\/[0-9.]* \\([0-9][0-9][0-9]\\).*/\\1/p' \"$h\" | tail -1 >> \"$STATUS_FILE\";"
                    + " rm -f \"$h\"; return $rc; }\n");
        }

        Result run(String script) throws Exception {
            send(script + "\necho; echo \"" + END + " $?\"\n");
            StringBuilder output = new StringBuilder();
            long deadline = System.nanoTime() + COMMAND_DEADLINE.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException("no end of example after " + COMMAND_DEADLINE + ": " + output);
                }
                if (line.startsWith(END + " ")) {
                    return new Result(Integer.parseInt(line.substring(END.length() + 1).strip()),
                            output.toString().strip());
                }
                output.append(line).append('\n');
            }
        }

        List<Integer> statuses() throws IOException {
            return Files.exists(statusFile) ? Files.readAllLines(statusFile).stream().filter(s -> !s.isBlank())
                    .map(String::strip).map(Integer::valueOf).toList() : List.of();
        }

        private void send(String text) throws IOException {
            input.write(text);
            input.flush();
        }

        @Override
        public void close() throws Exception {
            input.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
