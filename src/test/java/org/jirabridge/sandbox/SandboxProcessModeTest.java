package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;

/** The sandbox as its own process, as {@code java -jar jira-bridge.jar sandbox …} runs it. */
class SandboxProcessModeTest {

    @Test
    void runsAsAChildProcessUntilKilled() throws Exception {
        int port = RunningService.freePort();
        Path log = Files.createTempFile("jira-sandbox", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JiraSandbox.class.getName(), "--port", String.valueOf(port), "--flavour", "server")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            SandboxClient admin = SandboxClient.basic("http://localhost:" + port, "admin", "admin");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> admin.get("/rest/api/2/serverInfo").status() == 200);

            SandboxClient.Answer created = admin.post("/rest/api/2/issue",
                    "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"From another process\"}}");

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("key").asText()).isEqualTo("DEMO-1");
            assertThat(admin.get("/rest/api/2/serverInfo").json().get("deploymentType").asText()).isEqualTo("Server");
            assertThat(Files.readString(log)).contains("ready at http://localhost:" + port);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        }
        assertThat(process.isAlive()).isFalse();
    }
}
