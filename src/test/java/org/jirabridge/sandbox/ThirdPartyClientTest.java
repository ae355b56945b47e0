package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jirabridge.testsupport.OpenApiContract;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jira clients nobody here wrote drive both flavours of the sandbox through their ordinary calls and must meet no
 * failure, and every answer must conform to Atlassian's documents:
 * <ul>
 *   <li>Debian's python3-jira (pycontribs/jira 3.4), src/test/resources/thirdparty/python_jira_drive.py;</li>
 *   <li>jira.js from npm (pinned in src/test/jira-js/package-lock.json): its Version3Client against Cloud and its
 *       Version2Client against Server, src/test/jira-js/drive.mjs.</li>
 * </ul>
 * ./test.sh installs both (apt-get python3-jira, npm ci); where one is missing its test is skipped, saying why.
 */
class ThirdPartyClientTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path JIRA_JS = Path.of("src/test/jira-js");

    @TempDir
    Path work;

    private record Outcome(int exitCode, String output) {
    }

    /** Runs a command with a deadline; the process is killed by its own handle if it overruns or the test fails. */
    private Outcome run(int seconds, File directory, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "out", ".txt");
        Process process = new ProcessBuilder(command).directory(directory).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(finished).as("%s did not finish within %d s:%n%s", String.join(" ", command), seconds, text).isTrue();
            return new Outcome(process.exitValue(), text);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Starts a sandbox of the flavour, lets the client drive it, and checks the client's verdict and the traffic. */
    private void drive(Flavour flavour, List<String> mustPass, String... client) throws Exception {
        List<RecordedExchange> traffic = new CopyOnWriteArrayList<>();
        try (JiraSandbox sandbox = JiraSandbox.start(0, flavour)) {
            sandbox.addListener(traffic::add);
            String[] command = new String[client.length + 2];
            System.arraycopy(client, 0, command, 0, client.length);
            command[client.length] = sandbox.baseUrl();
            command[client.length + 1] = flavour.name().toLowerCase();
            Outcome outcome = run(60, JIRA_JS.toFile(), command);
            assertThat(outcome.output()).doesNotContainPattern("(?m)^FAIL ");
            mustPass.forEach(call -> assertThat(outcome.output()).contains("ok   " + call));
            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        }
        // the sandbox's answers must conform; what the clients send is theirs (python-jira's Accept '*.*;q=0.9' and
        // integer transition ids break the documents, and Jira takes them anyway)
        assertThat(OpenApiContract.forFlavour(flavour).violations(traffic)).filteredOn(v -> !v.contains("[validation.request."))
                .isEmpty();
    }

    // ---- Debian's python3-jira

    private Path pythonScript() throws Exception {
        boolean present = Files.isExecutable(Path.of(PYTHON))
                && run(60, work.toFile(), PYTHON, "-c", "import jira").exitCode() == 0;
        Assumptions.assumeTrue(present, "python3-jira is missing (./test.sh installs it: apt-get install python3-jira)");
        Path script = work.resolve("python_jira_drive.py");
        try (InputStream in = ThirdPartyClientTest.class.getResourceAsStream("/thirdparty/python_jira_drive.py")) {
            Files.copy(in, script);
        }
        return script;
    }

    private static final List<String> PYTHON_CALLS = List.of("create_issue", "search_users", "user", "assign_issue",
            "add_watcher", "remove_watcher", "changelog", "boards", "delete");

    @Test
    void pythonJiraMeetsNoFailureOnServer() throws Exception {
        drive(Flavour.SERVER, PYTHON_CALLS, PYTHON, pythonScript().toString());
    }

    @Test
    void pythonJiraMeetsNoFailureOnCloud() throws Exception {
        drive(Flavour.CLOUD, PYTHON_CALLS, PYTHON, pythonScript().toString());
    }

    // ---- jira.js from npm

    /** node from PATH, with jira.js installed by npm ci. */
    private String node() throws Exception {
        String node = findOnPath("node");
        Assumptions.assumeTrue(node != null, "node is not on the PATH (./test.sh installs Node.js)");
        Assumptions.assumeTrue(Files.isDirectory(JIRA_JS.resolve("node_modules/jira.js")),
                "jira.js is not installed (./test.sh runs: npm ci --prefix src/test/jira-js)");
        return node;
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    @Test
    void jiraJsVersion3ClientMeetsNoFailureOnCloud() throws Exception {
        drive(Flavour.CLOUD, List.of("createIssue", "assignIssue", "removeWatcher", "getAllLabels",
                "searchForIssuesUsingJqlEnhancedSearch", "getIssue after delete"), node(), "drive.mjs");
    }

    @Test
    void jiraJsVersion2ClientMeetsNoFailureOnServer() throws Exception {
        drive(Flavour.SERVER, List.of("createIssue", "assignIssue", "addWatcher", "searchForIssuesUsingJql",
                "getIssue after delete"), node(), "drive.mjs");
    }
}
