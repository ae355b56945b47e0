package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Jira client nobody here wrote, Debian's python3-jira (pycontribs/jira 3.4), drives both flavours of the sandbox
 * through its ordinary calls (src/test/resources/thirdparty/python_jira_drive.py) and must meet no failure. The test
 * installs the package with apt-get when it is missing and it may (as root); elsewhere it is skipped, saying why.
 */
class ThirdPartyClientTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path work;

    private static Path script;

    @BeforeAll
    static void installClient() throws Exception {
        if (!clientPresent()) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name")),
                    "python3-jira is missing and cannot be installed here (needs apt-get as root)");
            try {
                run(300, "/usr/bin/apt-get", "install", "-y", "-q", "python3-jira");
            } catch (AssertionError overran) {
                // an installation that hangs (no network) skips the test below rather than failing it
            }
        }
        Assumptions.assumeTrue(clientPresent(), "python3-jira could not be installed");
        script = work.resolve("python_jira_drive.py");
        try (InputStream in = ThirdPartyClientTest.class.getResourceAsStream("/thirdparty/python_jira_drive.py")) {
            Files.copy(in, script);
        }
    }

    private static boolean clientPresent() throws Exception {
        return Files.isExecutable(Path.of(PYTHON)) && run(60, PYTHON, "-c", "import jira").exitCode() == 0;
    }

    private record Outcome(int exitCode, String output) {
    }

    /** Runs a command with a deadline; the process is killed by its own handle if it overruns or the test fails. */
    private static Outcome run(int seconds, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "out", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(finished).as("%s did not finish within %d s:%n%s", String.join(" ", command), seconds, text).isTrue();
            return new Outcome(process.exitValue(), text);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void drive(Flavour flavour) throws Exception {
        try (JiraSandbox sandbox = JiraSandbox.start(0, flavour)) {
            Outcome outcome = run(120, PYTHON, script.toString(), sandbox.baseUrl(), flavour.name().toLowerCase());
            assertThat(outcome.output()).contains("ok   create_issue", "ok   delete").doesNotContainPattern("(?m)^FAIL ");
            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        }
    }

    @Test
    void pythonJiraMeetsNoFailureOnServer() throws Exception {
        drive(Flavour.SERVER);
    }

    @Test
    void pythonJiraMeetsNoFailureOnCloud() throws Exception {
        drive(Flavour.CLOUD);
    }
}
