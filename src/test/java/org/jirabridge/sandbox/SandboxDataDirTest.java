package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sandbox.data-dir: what a restarted sandbox still knows, and ids and keys that never come back. */
class SandboxDataDirTest {

    @TempDir
    Path dataDir;

    private static String create(SandboxClient client, String summary) {
        SandboxClient.Answer created = client.post("/rest/api/2/issue",
                "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"" + summary + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asText() + "/" + created.json().get("id").asText();
    }

    @Test
    void aRestartedSandboxKeepsItsStateAndNeverRepeatsIdsOrKeys() throws IOException {
        Set<String> handedOut = new HashSet<>();
        try (JiraSandbox first = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(first);
            handedOut.add(create(demo, "kept"));
            handedOut.add(create(demo, "deleted later"));
            assertThat(demo.post("/rest/api/2/issue/DEMO-1/comment", "{\"body\":\"first comment\"}").status()).isEqualTo(201);
            assertThat(demo.post("/rest/api/2/issue/DEMO-1/transitions", "{\"transition\":{\"id\":\"31\"}}").status()).isEqualTo(204);
            assertThat(demo.put("/rest/api/2/issue/DEMO-1/properties/bridge", "{\"reportId\":\"r-1\"}").status()).isEqualTo(201);
            assertThat(demo.upload("/rest/api/2/issue/DEMO-1/attachments", "file", "log.txt", "text/plain",
                    "trace".getBytes(StandardCharsets.UTF_8), "X-Atlassian-Token", "no-check").status()).isEqualTo(200);
            assertThat(demo.post("/rest/api/2/component", "{\"name\":\"Billing\",\"project\":\"DEMO\"}").status()).isEqualTo(201);
            assertThat(SandboxClient.anonymous(first).post("/_sandbox/seed", """
                    {"users":[{"emailAddress":"kim@example.com","displayName":"Kim","apiToken":"kim-token"}],
                     "projects":[{"key":"OPS"}],"issues":[{"project":"OPS","summary":"seeded"}]}""").status()).isEqualTo(200);
            assertThat(demo.delete("/rest/api/2/issue/DEMO-2").status()).isEqualTo(204);
        }
        // a record cut short by a crash is skipped, not fatal
        Files.writeString(dataDir.resolve("journal.jsonl"), "{\"t\":\"issue\",\"id\":", StandardOpenOption.APPEND);

        try (JiraSandbox second = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(second);
            JsonNode issue = demo.get("/rest/api/2/issue/DEMO-1").json().path("fields");
            assertThat(issue.path("summary").asText()).isEqualTo("kept");
            assertThat(issue.path("status").path("name").asText()).isEqualTo("Done");
            assertThat(issue.path("comment").path("comments").get(0).path("body").asText()).isEqualTo("first comment");
            assertThat(issue.path("attachment").get(0).path("size").asInt()).isEqualTo(5);
            assertThat(demo.get("/rest/api/2/issue/DEMO-1/properties/bridge").json().path("value").path("reportId").asText()).isEqualTo("r-1");
            assertThat(demo.get("/rest/api/2/issue/DEMO-2").status()).isEqualTo(404);
            assertThat(SandboxClient.basic(second, "kim@example.com", "kim-token").get("/rest/api/2/issue/OPS-1").status()).isEqualTo(200);
            assertThat(demo.get("/rest/api/2/project/DEMO/components").json()).extracting(c -> c.path("name").asText()).contains("Billing");

            String third = create(demo, "after restart");
            assertThat(third).startsWith("DEMO-3/");
            assertThat(handedOut.add(third)).isTrue();

            // a reset empties the sandbox, but DEMO-1 and the old ids are never handed out again
            second.reset();
            assertThat(demo.get("/rest/api/2/issue/DEMO-1").status()).isEqualTo(404);
            String afterReset = create(demo, "after reset");
            assertThat(afterReset).startsWith("DEMO-4/");
            assertThat(handedOut.add(afterReset)).isTrue();
        }
        try (JiraSandbox third = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(third);
            assertThat(demo.get("/rest/api/2/issue/DEMO-4").json().path("fields").path("summary").asText()).isEqualTo("after reset");
            assertThat(demo.get("/rest/api/2/issue/DEMO-1").status()).isEqualTo(404);
            String next = create(demo, "third start");
            assertThat(next).startsWith("DEMO-5/");
            assertThat(handedOut.add(next)).isTrue();
            assertThat(handedOut.stream().map(k -> k.substring(k.indexOf('/') + 1)).distinct()).hasSize(handedOut.size());
        }
    }

    @Test
    void withoutADataDirNothingIsWritten() throws IOException {
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.SERVER)) {
            create(SandboxClient.demo(sandbox), "in memory");
        }
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }
}
