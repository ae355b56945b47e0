package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Report in, Jira issue out: the real service and routes against the sandbox. Subclasses pick the flavour, so every
 * scenario runs against Cloud (REST v3, ADF) and Server (REST v2, wiki markup).
 */
abstract class ForwardingEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int MAX_REDELIVERIES = 3;

    /** Started by each flavour's class in its @BeforeAll. */
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.manual()
            .with("forward.max-redeliveries", String.valueOf(MAX_REDELIVERIES));

    abstract String flavour();

    @BeforeEach
    void resetSandbox() {
        service.sandbox().reset();
    }

    boolean cloud() {
        return flavour().equals("cloud");
    }

    @Test
    void reportBecomesAnIssueWithTheMappedFields() {
        String id = submit("""
                {"title": "Checkout crashes", "description": "Tap **Pay** and it *crashes*", "type": "crash",
                 "priority": "Major", "tags": ["checkout flow", "payments"],
                 "app": {"name": "Shop", "version": "3.4.1", "platform": "iOS"},
                 "attachments": [{"name": "log.txt", "contentType": "text/plain",
                                  "data": "%s"}]}
                """.formatted(Base64.getEncoder().encodeToString("line 1\nline 2".getBytes(StandardCharsets.UTF_8))));

        JsonNode report = service.awaitReportStatus(id, "FORWARDED", DEADLINE);
        String key = report.path("jira").path("key").asText();
        assertThat(key).startsWith("DEMO-");
        assertThat(report.path("jira").path("url").asText()).endsWith("/browse/" + key);
        assertThat(report.path("attempts").asInt()).isEqualTo(1);

        JsonNode fields = jiraIssue(key).path("fields");
        assertThat(fields.path("summary").asText()).isEqualTo("Checkout crashes");
        assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
        assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Bug");
        assertThat(fields.path("labels").toString()).contains("payments").doesNotContain("checkout flow");
        if (cloud()) {
            assertThat(fields.path("description").path("type").asText()).isEqualTo("doc");
            assertThat(fields.path("description").toString()).contains("\"strong\"").contains("Pay");
        } else {
            assertThat(fields.path("description").asText()).contains("*Pay*");
        }
        assertThat(fields.path("attachment")).hasSize(1);
        assertThat(fields.path("attachment").get(0).path("filename").asText()).isEqualTo("log.txt");
    }

    @Test
    void aSandbox503ThenSuccessEndsForwarded() {
        service.sandboxDriver().fault(Map.of("path", "/rest/api/" + apiVersion() + "/issue", "method", "POST",
                "status", 503, "count", 2));

        String id = submit("{\"title\": \"Flaky Jira\", \"priority\": \"Minor\"}");

        JsonNode report = service.awaitReportStatus(id, "FORWARDED", DEADLINE);
        assertThat(report.path("attempts").asInt()).isEqualTo(3);
        assertThat(report.path("lastError").isNull()).isTrue();
        assertThat(issueCount()).isEqualTo(1);
    }

    @Test
    void aReportWhoseRetriesRunOutIsADeadLetterAndCanBeReplayed() {
        service.sandboxDriver().fault(Map.of("path", "/rest/api/" + apiVersion() + "/issue", "method", "POST",
                "status", 503, "count", MAX_REDELIVERIES + 1));

        String id = submit("{\"title\": \"Jira is down\"}");

        JsonNode report = service.awaitReportStatus(id, "FAILED", DEADLINE);
        assertThat(report.path("attempts").asInt()).isEqualTo(MAX_REDELIVERIES + 1);
        assertThat(report.path("lastError").asText()).contains("HTTP 503");
        JsonNode letter = findByReport(RunningService.readTree(service.get("/api/v1/dead-letters").body())
                .path("deadLetters"), id);
        assertThat(letter.path("reason").asText()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(issueCount()).isZero();

        // Jira is back: the fault is used up
        service.postJson("/api/v1/dead-letters/" + letter.path("id").asLong() + "/replay", "");
        service.awaitReportStatus(id, "FORWARDED", DEADLINE);
        assertThat(issueCount()).isEqualTo(1);
    }

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() {
        // the back-off alone would retry after 100 ms (forward.initial-delay-ms in tests); Jira asks for 1 s
        List<Long> createTimes = new CopyOnWriteArrayList<>();
        String path = "/rest/api/" + apiVersion() + "/issue";
        service.sandbox().addListener(exchange -> {
            if (exchange.method().equals("POST") && exchange.path().equals(path)) {
                createTimes.add(System.nanoTime());
            }
        });
        service.sandboxDriver().fault(Map.of("path", path, "method", "POST", "status", 429, "count", 1));

        String id = submit("{\"title\": \"Rate limited\"}");

        JsonNode report = service.awaitReportStatus(id, "FORWARDED", DEADLINE);
        assertThat(report.path("attempts").asInt()).isEqualTo(2);
        assertThat(createTimes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Duration.ofNanos(createTimes.get(1) - createTimes.get(0))).isGreaterThanOrEqualTo(
                Duration.ofMillis(950));
    }

    @Test
    void aRejectedReportIsADeadLetterAndReplaysAfterTheCauseIsFixed() {
        saveIntegration("broken", "NOPE", "demo-token", "admin");
        String id = submit("{\"title\": \"Goes nowhere\", \"integrationId\": \"broken\"}");

        JsonNode report = service.awaitReportStatus(id, "FAILED", DEADLINE);
        assertThat(report.path("lastError").asText()).contains("HTTP 400").contains("project");
        JsonNode letters = RunningService.readTree(service.get("/api/v1/dead-letters").body()).path("deadLetters");
        JsonNode letter = findByReport(letters, id);
        assertThat(letter.path("reason").asText()).isEqualTo("REJECTED_INVALID");
        assertThat(letter.path("httpStatus").asInt()).isEqualTo(400);
        assertThat(letter.path("jiraErrors").path("errors").has("project")).isTrue();
        assertThat(integrationHealth().path("broken.deadLetters").asInt()).isEqualTo(1);
        assertThat(issueCount()).isZero();

        saveIntegration("broken", "DEMO", "demo-token", "admin");
        HttpResponse<String> replay = service.postJson("/api/v1/dead-letters/" + letter.path("id").asLong()
                + "/replay", "");
        assertThat(replay.statusCode()).isEqualTo(202);

        JsonNode replayed = service.awaitReportStatus(id, "FORWARDED", DEADLINE);
        assertThat(replayed.path("jira").path("key").asText()).startsWith("DEMO-");
        assertThat(issueCount()).isEqualTo(1);
        assertThat(service.postJson("/api/v1/dead-letters/" + letter.path("id").asLong() + "/replay", "")
                .statusCode()).isEqualTo(409);
    }

    @Test
    void aWrongCredentialParksReportsUntilItIsFixedThenTheyResumeByThemselves() {
        saveIntegration("wrong-secret", "DEMO", "not-the-token", "not-the-password");
        String id = submit("{\"title\": \"Locked out\", \"integrationId\": \"wrong-secret\"}");

        JsonNode report = service.awaitReportStatus(id, "AWAITING_CREDENTIALS", DEADLINE);
        assertThat(report.path("attempts").asInt()).isEqualTo(1);
        assertThat(report.path("lastError").asText()).contains("401");
        JsonNode letters = RunningService.readTree(service.get("/api/v1/dead-letters").body()).path("deadLetters");
        assertThat(letters.toString()).doesNotContain(id);

        String second = submit("{\"title\": \"Locked out too\", \"integrationId\": \"wrong-secret\"}");
        service.awaitReportStatus(second, "AWAITING_CREDENTIALS", DEADLINE);

        JsonNode health = integrationHealth();
        assertThat(health.path("wrong-secret.state").asText()).isEqualTo("AWAITING_CREDENTIALS");
        assertThat(health.path("wrong-secret.awaitingCredentials").asInt()).isEqualTo(2);

        // fixing the credential is enough: the parked reports resume by themselves
        saveIntegration("wrong-secret", "DEMO", "demo-token", "admin");
        String firstKey = service.awaitReportStatus(id, "FORWARDED", DEADLINE).path("jira").path("key").asText();
        String secondKey = service.awaitReportStatus(second, "FORWARDED", DEADLINE).path("jira").path("key").asText();
        assertThat(firstKey).isNotEqualTo(secondKey);
        assertThat(integrationHealth().path("wrong-secret.state").asText()).isEqualTo("CONNECTED");
    }

    /** The details of the integrations health check (per integration: state, counts, rate limiting). */
    static JsonNode integrationHealth() {
        for (JsonNode check : RunningService.readTree(service.get("/observe/health?data=true").body()).path("checks")) {
            if (check.path("name").asText().equals("integrations")) {
                return check.path("data");
            }
        }
        throw new AssertionError("no integrations health check");
    }

    String submit(String json) {
        HttpResponse<String> response = service.postJson("/api/v1/reports", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = RunningService.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("RECEIVED");
        return body.path("id").asText();
    }

    String apiVersion() {
        return cloud() ? "3" : "2";
    }

    JsonNode jiraIssue(String key) {
        String credentials = cloud() ? "demo@example.com:demo-token" : "admin:admin";
        HttpResponse<String> response = service.send(HttpRequest.newBuilder(URI.create(service.sandbox().baseUrl()
                        + "/rest/api/" + apiVersion() + "/issue/" + key))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningService.readTree(response.body());
    }

    int issueCount() {
        return Http.sandboxIssues(service.sandbox().baseUrl()).size();
    }

    void saveIntegration(String id, String project, String cloudToken, String serverPassword) {
        Integration.Connection connection = Integration.Connection.basic(flavour(), service.sandbox().baseUrl(),
                AuthType.BASIC, cloud() ? "demo@example.com" : null, cloud() ? null : "admin");
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("autoForward", true);
        service.bean("integrations", Integrations.class).save(
                new Integration(id, id, false, connection, new Integration.Target(project, "Bug", null),
                        Integration.Mapping.defaults(), Integration.Sync.of(sync)),
                cloud() ? Map.of("apiToken", cloudToken) : Map.of("password", serverPassword));
    }

    static JsonNode findByReport(JsonNode letters, String reportId) {
        for (JsonNode letter : letters) {
            if (letter.path("reportId").asText().equals(reportId)) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter for report " + reportId + " in " + letters);
    }

}
