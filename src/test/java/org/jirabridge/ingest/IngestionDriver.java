package org.jirabridge.ingest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.SandboxDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Drives the ingestion API of the demo integration and the sandbox behind it, for the ingestion tests. */
final class IngestionDriver {

    static final Map<String, String> SETTINGS = Map.of(
            // runs are asked for by the tests (refresh, switches), not by the clock
            "ingest.interval-ms", "600000",
            // every run sweeps, so deletes show after one refresh
            "ingest.sweep-interval-ms", "0",
            "ingest.retry-delay-ms", "100",
            "ingest.max-redeliveries", "2",
            "ingest.progress-log-ms", "1000");

    private final String serviceUrl;
    private final String sandboxUrl;
    private final boolean cloud;
    private final String base;

    IngestionDriver(String serviceUrl, String sandboxUrl, boolean cloud) {
        this.serviceUrl = serviceUrl;
        this.sandboxUrl = sandboxUrl;
        this.cloud = cloud;
        this.base = serviceUrl + "/api/v1/integrations/demo/ingestion";
    }

    static IngestionDriver of(RunningService service, boolean cloud) {
        return new IngestionDriver(service.baseUrl(), service.sandbox().baseUrl(), cloud);
    }

    // ---- the service

    HttpResponse<String> api(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return Http.send(Http.asAdmin(request));
    }

    JsonNode get(String path) {
        HttpResponse<String> answer = api("GET", path, null);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return RunningService.readTree(answer.body());
    }

    JsonNode settings(String json) {
        HttpResponse<String> answer = api("PUT", "", json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return RunningService.readTree(answer.body());
    }

    JsonNode switchProject(String key, boolean on) {
        HttpResponse<String> answer = api("PUT", "/projects/" + key, "{\"import\": " + on + "}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return RunningService.readTree(answer.body());
    }

    JsonNode project(String key) {
        for (JsonNode project : get("/projects")) {
            if (project.path("key").asText().equals(key)) {
                return project;
            }
        }
        throw new AssertionError("no project " + key + " in " + get("/projects"));
    }

    /** Asks for a run and waits until one that started after the request has finished. */
    void refreshAndWait() {
        String before = get("").path("lastRunAt").asText();
        HttpResponse<String> answer = api("POST", "/refresh", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        awaitRunAfter(before);
    }

    /** Waits until no run is under way (e.g. the one a switch or an unpause started). */
    void awaitIdle() {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("").path("state").asText().equals("idle"));
    }

    void awaitRunAfter(String lastRunAt) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode settings = get("");
            return !settings.path("lastRunAt").asText().equals(lastRunAt) && settings.path("state").asText().equals("idle");
        });
    }

    /** Every imported issue of the project, through the paged API. */
    List<JsonNode> issues(String project) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/issues?project=" + project + "&limit=50" + (cursor == null ? "" : "&cursor=" + cursor));
            page.path("issues").forEach(all::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    // ---- the sandbox

    String api() {
        return "/rest/api/" + (cloud ? "3" : "2");
    }

    private String credentials() {
        String pair = cloud ? "demo@example.com:demo-token" : "admin:admin";
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    HttpResponse<String> jira(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandboxUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", credentials());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return Http.send(request);
    }

    JsonNode control(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandboxUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> answer = Http.send(request);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isBetween(200, 299);
        return answer.body().isEmpty() ? null : RunningService.readTree(answer.body());
    }

    void bulkSeed(String project, int issues, int comments, int transitions) {
        control("POST", "/_sandbox/seed/bulk", """
                {"project": "%s", "issues": %d, "commentsPerIssue": %d, "transitionsPerIssue": %d,
                 "labels": ["api", "ui"], "sprints": 2, "users": 2}""".formatted(project, issues, comments, transitions));
    }

    /** Moves an issue to In Progress (transition 21) or Done (31) through Jira's REST API. */
    void transition(String key, String transitionId) {
        HttpResponse<String> answer = jira("POST", api() + "/issue/" + key + "/transitions",
                "{\"transition\": {\"id\": \"" + transitionId + "\"}}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    }

    void comment(String key, String text) {
        String body = cloud ? "{\"body\": {\"type\": \"doc\", \"version\": 1, \"content\": [{\"type\": \"paragraph\", "
                + "\"content\": [{\"type\": \"text\", \"text\": \"" + text + "\"}]}]}}" : "{\"body\": \"" + text + "\"}";
        HttpResponse<String> answer = jira("POST", api() + "/issue/" + key + "/comment", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    void delete(String key) {
        HttpResponse<String> answer = jira("DELETE", api() + "/issue/" + key, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    }

    /** Requests the sandbox answered for a path template, by method. */
    int requests(String method, String path) {
        return sandbox().requests(method, path);
    }

    /** The sandbox's control API: faults, rate limit, statistics. */
    SandboxDriver sandbox() {
        return new SandboxDriver(sandboxUrl);
    }
}
