package org.jirabridge.component.jira.producer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jirabridge.component.jira.SandboxTestSupport;
import org.jirabridge.component.jira.client.AdfDocuments;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.RecordedExchange;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** addComment, fetchComments (paged) and attach against both sandboxes. */
class CommentAndAttachmentOperationsTest extends SandboxTestSupport {

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void addCommentSendsAdfOnCloudAndTextOnServer(Flavour flavour) {
        String key = createIssue(flavour, "Commented");

        Map<String, Object> comment = Json.map(call(uri("addComment", flavour), "Reproduced on Android 14",
                Map.of("IssueKey", key)));

        assertThat(comment).containsKey("id");
        RecordedExchange sent = requests(flavour).stream().filter(e -> e.path().endsWith("/comment")).findFirst().orElseThrow();
        Object body = Json.map(Json.read(sent.requestText())).get("body");
        if (flavour == Flavour.CLOUD) {
            assertThat(AdfDocuments.isDocument(body)).isTrue();
        } else {
            assertThat(body).isEqualTo("Reproduced on Android 14");
        }
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void fetchCommentsReadsEveryPage(Flavour flavour) {
        String key = createIssue(flavour, "Many comments");
        for (int i = 1; i <= 5; i++) {
            call(uri("addComment", flavour), "comment " + i, Map.of("IssueKey", key));
        }

        List<Object> comments = Json.list(call(uri("fetchComments", flavour, "pageSize=2"), null,
                Map.of("IssueKey", key)));

        assertThat(comments).hasSize(5);
        long pageRequests = requests(flavour).stream()
                .filter(e -> e.method().equals("GET") && e.path().endsWith("/comment")).count();
        assertThat(pageRequests).isEqualTo(3);
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void attachSendsFilesAndBytesAsMultipartWithTheXsrfOptOut(Flavour flavour) throws Exception {
        String key = createIssue(flavour, "With attachments");
        File log = tempDir.resolve("crash.log").toFile();
        Files.writeString(log.toPath(), "java.lang.NullPointerException\n", StandardCharsets.UTF_8);

        List<Object> fromFile = Json.list(call(uri("attach", flavour), log, Map.of("IssueKey", key)));
        List<Object> fromBytes = Json.list(call(uri("attach", flavour), "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Map.of("IssueKey", key, "JiraAttachmentName", "state.json")));

        assertThat(Json.map(fromFile.get(0)).get("filename")).isEqualTo("crash.log");
        assertThat(Json.map(fromBytes.get(0)).get("filename")).isEqualTo("state.json");
        List<RecordedExchange> uploads = requests(flavour).stream().filter(e -> e.path().endsWith("/attachments")).toList();
        assertThat(uploads).hasSize(2).allSatisfy(upload -> {
            assertThat(upload.requestHeader("X-Atlassian-Token")).isEqualTo("no-check");
            assertThat(upload.requestHeader("Content-Type")).startsWith("multipart/form-data");
        });
        Map<String, Object> fields = Json.map(Json.map(call(uri("fetchIssue", flavour), null,
                Map.of("IssueKey", key))).get("fields"));
        assertThat(Json.list(fields.get("attachment"))).hasSize(2);
        assertNoSpecViolations(flavour);
    }
}
