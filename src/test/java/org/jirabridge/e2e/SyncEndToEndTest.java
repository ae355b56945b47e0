package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Database;
import org.jirabridge.store.Json;
import org.jirabridge.sync.SyncPolling;
import org.jirabridge.sync.WebhookVerifier;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two-way sync end to end: the real service and routes against the sandbox, which fires real webhooks. Changes are
 * made through the sandbox's REST API as a Jira user would make them; the report must show each one within 2 s by
 * webhook, and within one poll interval (plus 1 s to process) by polling with no webhook at all. Subclasses pick
 * Cloud (signed webhooks, REST v3, ADF) or Server 9 (token in the URL, REST v2, wiki markup).
 */
abstract class SyncEndToEndTest {

    static final Duration WEBHOOK_DEADLINE = Duration.ofSeconds(2);
    static final Duration FORWARD_DEADLINE = Duration.ofSeconds(30);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    static final String POLL_CRON = "0/2 * * * * ?";
    static final String DEMO_SECRET = "demo-webhook-secret";

    /** Started by each flavour's class in its @BeforeAll. */
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.manual()
            .with(Map.of("sync.reconcile-interval-ms", "200", "sync.apply-interval-ms", "100"));

    abstract String flavour();

    /**
     * No sandbox reset between tests: a reset would reuse issue keys and ids, and forget the webhook the service
     * registered at start-up, which these tests rely on as it is.
     */
    @BeforeEach
    void clearFaultsAndAwaitTheDemoWebhook() {
        service.sandboxDriver().clearFaults();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> webhooks = jira("GET", "/rest/webhooks/1.0/webhook", null);
            return webhooks.body().contains("/webhooks/jira/demo");
        });
    }

    boolean cloud() {
        return flavour().equals("cloud");
    }

    String api() {
        return "/rest/api/" + (cloud() ? "3" : "2");
    }

    // ---- by webhook

    @Test
    void statusPriorityAndCommentsComeBackByWebhookWithinTwoSeconds() {
        String id = forwardedReport("demo", "Major");
        String key = jiraKey(id);

        transition(key, "21");
        await().atMost(WEBHOOK_DEADLINE).until(() -> "In Progress".equals(report(id).path("jira").path("status").asText()));
        assertThat(report(id).path("jira").path("statusCategory").asText()).isEqualTo("indeterminate");

        setJiraPriority(key, "Highest");
        await().atMost(WEBHOOK_DEADLINE).until(() -> "Highest".equals(report(id).path("jira").path("priority").asText()));
        assertThat(report(id).path("priority").asText()).as("reverse priority map").isEqualTo("Blocker");

        String commentId = addComment(key, "Looking into it");
        await().atMost(WEBHOOK_DEADLINE).until(() -> report(id).path("comments").size() == 1);
        JsonNode comment = report(id).path("comments").get(0);
        // webhooks carry REST v2 bodies: wiki markup on Server; the sandbox's Cloud renders ADF to v2 as plain text
        assertThat(comment.path("body").asText()).isEqualTo(cloud() ? "Looking into it" : "Looking into **it**");
        assertThat(comment.path("source").asText()).isEqualTo("jira");
        assertThat(comment.path("author").asText()).isEqualTo(cloud() ? "Demo User" : "Administrator");

        editComment(key, commentId, "Fixed in build 42");
        await().atMost(WEBHOOK_DEADLINE).until(() -> report(id).path("comments").path(0).path("body").asText()
                .equals(cloud() ? "Fixed in build 42" : "Fixed in build **42**"));

        transition(key, "31");
        await().atMost(WEBHOOK_DEADLINE).until(() -> "Done".equals(report(id).path("jira").path("status").asText()));
        assertThat(report(id).path("jira").path("resolution").asText()).isEqualTo("Done");

        deleteComment(key, commentId);
        await().atMost(WEBHOOK_DEADLINE).until(() -> report(id).path("comments").isEmpty());
        // each comment came by two events (comment_* and jira:issue_updated); it still shows once
        assertThat(countComments(id)).isEqualTo(1);
    }

    @Test
    void aForgedWebhookIsRefusedAndChangesNothing() {
        String id = forwardedReport("demo", "Minor");
        String key = jiraKey(id);
        String jiraId = report(id).path("jira").path("id").asText();
        String forged = statusEvent(jiraId, key, "Done", "done", System.currentTimeMillis());

        HttpResponse<String> unsigned = postWebhook("demo", forged, null, "forged-1", cloud() ? null : "wrong-token");
        HttpResponse<String> badSignature = postWebhook("demo", forged,
                WebhookVerifier.signatureHeader("not-the-secret", forged.getBytes(StandardCharsets.UTF_8)),
                "forged-2", null);

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(badSignature.statusCode()).isEqualTo(401);
        assertThat(RunningService.readTree(unsigned.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(storedDeliveries("forged-1") + storedDeliveries("forged-2")).isZero();
        assertThat(report(id).path("jira").path("status").asText()).isNotEqualTo("Done");
    }

    @Test
    void duplicateDeliveriesApplyOnceAndAnOlderEventDoesNotOverwriteANewerOne() {
        String id = forwardedReport("demo", "Minor");
        String key = jiraKey(id);
        String jiraId = report(id).path("jira").path("id").asText();
        long now = System.currentTimeMillis() + 60_000;
        String newer = statusEvent(jiraId, key, "Done", "done", now);
        String older = statusEvent(jiraId, key, "In Progress", "indeterminate", now - 30_000);
        String delivery = "dup-" + UUID.randomUUID();

        assertThat(sendSigned(newer, delivery).body()).contains("\"duplicate\":false");
        assertThat(sendSigned(newer, delivery).body()).contains("\"duplicate\":true");
        await().atMost(WEBHOOK_DEADLINE).until(() -> "Done".equals(report(id).path("jira").path("status").asText()));
        assertThat(sendSigned(older, "older-" + UUID.randomUUID()).statusCode()).isEqualTo(202);

        await().atMost(WEBHOOK_DEADLINE).until(() -> lastOutcome().contains("older than the value shown"));
        assertThat(report(id).path("jira").path("status").asText()).isEqualTo("Done");
        assertThat(storedDeliveries(delivery)).isEqualTo(1);
    }

    // ---- by polling, no webhook

    @Test
    void withoutWebhooksPollingBringsTheChangesWithinOnePollInterval() {
        saveIntegration("polled", POLL_CRON);
        String id = forwardedReport("polled", "Major");
        String key = jiraKey(id);
        awaitPollRoute("polled");

        transition(key, "21");
        await().atMost(POLL_INTERVAL.plusSeconds(1))
                .until(() -> "In Progress".equals(report(id).path("jira").path("status").asText()));

        setJiraPriority(key, "Low");
        String commentId = addComment(key, "Seen by *polling*");
        await().atMost(POLL_INTERVAL.plusSeconds(1)).until(() -> "Low".equals(report(id).path("jira").path("priority")
                .asText()) && report(id).path("comments").size() == 1);
        assertThat(report(id).path("priority").asText()).isEqualTo("Minor");
        assertThat(report(id).path("comments").get(0).path("body").asText()).isEqualTo("Seen by **polling**");

        deleteComment(key, commentId);
        await().atMost(POLL_INTERVAL.plusSeconds(1)).until(() -> report(id).path("comments").isEmpty());
        // the demo webhook saw these changes too, but the report is not the demo integration's: ignored there
        assertThat(outcomesMentioning(key)).allMatch(o -> o.contains("no report for"));

        saveIntegration("polled", null);
        SyncPolling polling = service.bean("syncPolling", SyncPolling.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !polling.polled().containsKey("polled"));
    }

    @Test
    void aWebhookForAnUnknownIntegrationIsA401LikeAnyUnverifiableCall() {
        String body = statusEvent("1", "DEMO-1", "Done", "done", System.currentTimeMillis());

        HttpResponse<String> answer = postWebhook("no-such-integration", body, null, "x-" + UUID.randomUUID(), null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(RunningService.readTree(answer.body()).path("error").asText()).isEqualTo("unauthorized");
    }

    // ---- outbound priority

    @Test
    void aPriorityChangedOnTheReportIsPushedOnceAndItsEchoIsNotANewChange() {
        String id = forwardedReport("demo", "Major");
        String key = jiraKey(id);
        service.sandboxDriver().clearStats();

        HttpResponse<String> patched = patchPriority(id, "{\"priority\":\"Blocker\"}");

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(RunningService.readTree(patched.body()).path("priority").asText()).isEqualTo("Blocker");
        await().atMost(FORWARD_DEADLINE).until(() -> "Highest".equals(jiraIssue(key).path("fields").path("priority")
                .path("name").asText()));
        await().atMost(WEBHOOK_DEADLINE).until(() -> lastOutcomeFor(key).contains("our own change")
                || "Highest".equals(report(id).path("jira").path("priority").asText()));
        await().atMost(WEBHOOK_DEADLINE).until(() -> pendingPriorityPushes() == 0);
        assertThat(report(id).path("priority").asText()).isEqualTo("Blocker");
        assertThat(report(id).path("jira").path("priority").asText()).isEqualTo("Highest");
        assertThat(service.sandboxDriver().requests("PUT", api() + "/issue/{issueIdOrKey}")).isEqualTo(1);
    }

    @Test
    void aPriorityChangedInJiraIsNotPushedBack() {
        String id = forwardedReport("demo", "Major");
        String key = jiraKey(id);
        service.sandboxDriver().clearStats();

        setJiraPriority(key, "Lowest");

        await().atMost(WEBHOOK_DEADLINE).until(() -> "Trivial".equals(report(id).path("priority").asText()));
        // an inbound change is applied in one transaction that would also have queued any push
        assertThat(pendingPriorityPushes()).isZero();
        assertThat(service.sandboxDriver().requests("PUT",
                api() + "/issue/{issueIdOrKey}")).as("only the test's own edit").isEqualTo(1);
    }

    @Test
    void aPushThatJiraRefusesBecomesADeadLetterAndTheReportStaysForwarded() {
        String id = forwardedReport("demo", "Major");
        service.sandboxDriver().fault(Map.of("path", api() + "/issue/{issueIdOrKey}", "method", "PUT", "status",
                503, "count", 1));
        service.sandboxDriver().fault(Map.of("path", api() + "/issue/{issueIdOrKey}", "method", "PUT", "status",
                400, "count", 1));

        assertThat(patchPriority(id, "{\"priority\":\"Trivial\"}").statusCode()).isEqualTo(200);

        JsonNode letter = await().atMost(FORWARD_DEADLINE).until(() -> deadLetterOf(id), l -> l != null);
        assertThat(letter.path("kind").asText()).isEqualTo("PRIORITY");
        assertThat(letter.path("reason").asText()).isEqualTo("REJECTED_INVALID");
        JsonNode report = report(id);
        assertThat(report.path("status").asText()).isEqualTo("FORWARDED");
        assertThat(report.path("lastError").asText()).contains("HTTP 400");
        assertThat(report.path("priority").asText()).isEqualTo("Trivial");

        HttpResponse<String> replay = service.postJson("/api/v1/dead-letters/" + letter.path("id").asLong()
                + "/replay", "");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        await().atMost(FORWARD_DEADLINE).until(() -> "Lowest".equals(jiraIssue(jiraKey(id)).path("fields")
                .path("priority").path("name").asText()));
        await().atMost(WEBHOOK_DEADLINE).until(() -> report(id).path("lastError").isNull());
        assertThat(report(id).path("status").asText()).isEqualTo("FORWARDED");
    }

    @Test
    void aPatchWithAnUnknownPriorityOrFieldIsA400AndChangesNothing() {
        String id = forwardedReport("demo", "Major");

        HttpResponse<String> unknownPriority = patchPriority(id, "{\"priority\":\"Urgent\"}");
        HttpResponse<String> unknownField = patchPriority(id, "{\"priority\":\"Minor\",\"title\":\"x\"}");
        HttpResponse<String> missing = patchPriority(UUID.randomUUID().toString(), "{\"priority\":\"Minor\"}");

        assertThat(unknownPriority.statusCode()).isEqualTo(400);
        assertThat(RunningService.readTree(unknownPriority.body()).path("details").get(0).path("field").asText())
                .isEqualTo("priority");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("title");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(report(id).path("priority").asText()).isEqualTo("Major");
        assertThat(pendingPriorityPushes()).isZero();
    }

    // ---- helpers

    String forwardedReport(String integrationId, String priority) {
        HttpResponse<String> response = service.postJson("/api/v1/reports", """
                {"title": "Sync me", "description": "Steps", "priority": "%s", "integrationId": "%s"}
                """.formatted(priority, integrationId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = RunningService.readTree(response.body()).path("id").asText();
        service.awaitReportStatus(id, "FORWARDED", FORWARD_DEADLINE);
        return id;
    }

    String jiraKey(String reportId) {
        return report(reportId).path("jira").path("key").asText();
    }

    JsonNode report(String id) {
        return service.report(id);
    }

    void transition(String key, String transitionId) {
        HttpResponse<String> response = jira("POST", api() + "/issue/" + key + "/transitions",
                "{\"transition\":{\"id\":\"" + transitionId + "\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    void setJiraPriority(String key, String name) {
        HttpResponse<String> response = jira("PUT", api() + "/issue/" + key,
                "{\"fields\":{\"priority\":{\"name\":\"" + name + "\"}}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** Adds "text" with its last word bold (ADF strong mark on Cloud, *wiki* on Server); returns the comment id. */
    String addComment(String key, String text) {
        HttpResponse<String> response = jira("POST", api() + "/issue/" + key + "/comment", commentBody(text));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return RunningService.readTree(response.body()).path("id").asText();
    }

    void editComment(String key, String commentId, String text) {
        HttpResponse<String> response = jira("PUT", api() + "/issue/" + key + "/comment/" + commentId,
                commentBody(text));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    void deleteComment(String key, String commentId) {
        HttpResponse<String> response = jira("DELETE", api() + "/issue/" + key + "/comment/" + commentId, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private String commentBody(String text) {
        String plain = text.replace("*", "");
        int last = plain.lastIndexOf(' ');
        String head = plain.substring(0, last + 1);
        String bold = plain.substring(last + 1);
        if (cloud()) {
            Map<String, Object> doc = Map.of("type", "doc", "version", 1, "content", java.util.List.of(Map.of(
                    "type", "paragraph", "content", java.util.List.of(Map.of("type", "text", "text", head),
                            Map.of("type", "text", "text", bold, "marks", java.util.List.of(Map.of("type",
                                    "strong")))))));
            return Json.write(Map.of("body", doc));
        }
        return Json.write(Map.of("body", head + "*" + bold + "*"));
    }

    JsonNode jiraIssue(String key) {
        HttpResponse<String> response = jira("GET", api() + "/issue/" + key, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningService.readTree(response.body());
    }

    HttpResponse<String> jira(String method, String path, String json) {
        String credentials = cloud() ? "demo@example.com:demo-token" : "admin:admin";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.sandbox().baseUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return service.send(request);
    }

    HttpResponse<String> patchPriority(String reportId, String json) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/reports/" + reportId))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A jira:issue_updated status event as Jira would send it for the demo integration's issue. */
    static String statusEvent(String jiraId, String key, String status, String category, long timestamp) {
        String updated = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(timestamp));
        return Json.write(Map.of("timestamp", timestamp, "webhookEvent", "jira:issue_updated",
                "issue_event_type_name", "issue_generic",
                "issue", Map.of("id", jiraId, "key", key, "fields", Map.of("updated", updated,
                        "status", Map.of("name", status, "statusCategory", Map.of("key", category)))),
                "changelog", Map.of("id", "1", "items", java.util.List.of(Map.of("field", "status",
                        "fieldtype", "jira", "toString", status)))));
    }

    /** Posts a body to the demo integration's endpoint the way the demo's Jira does (signature or URL token). */
    HttpResponse<String> sendSigned(String body, String deliveryId) {
        return cloud()
                ? postWebhook("demo", body, WebhookVerifier.signatureHeader(DEMO_SECRET,
                        body.getBytes(StandardCharsets.UTF_8)), deliveryId, null)
                : postWebhook("demo", body, null, deliveryId, DEMO_SECRET);
    }

    HttpResponse<String> postWebhook(String integrationId, String body, String signature, String deliveryId,
                                     String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/webhooks/jira/"
                        + integrationId + (token == null ? "" : "?token=" + token)))
                .header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature", signature);
        }
        return service.send(request);
    }

    void saveIntegration(String id, String pollCron) {
        Integration.Connection connection = Integration.Connection.basic(flavour(), service.sandbox().baseUrl(),
                AuthType.BASIC, cloud() ? "demo@example.com" : null, cloud() ? null : "admin");
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("autoForward", true);
        if (pollCron != null) {
            sync.put("pollCron", pollCron);
        }
        service.bean("integrations", Integrations.class).save(
                new Integration(id, id, false, connection, new Integration.Target("DEMO", "Bug", null),
                        Integration.Mapping.defaults(), Integration.Sync.of(sync)),
                cloud() ? Map.of("apiToken", "demo-token") : Map.of("password", "admin"));
    }

    /** Waits until the integration's poll route ran once (its cursor exists). */
    void awaitPollRoute(String integrationId) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                count("SELECT COUNT(*) FROM sync_cursor WHERE integration_id = ?", integrationId) > 0);
    }

    JsonNode deadLetterOf(String reportId) {
        JsonNode letters = RunningService.readTree(service.get("/api/v1/dead-letters").body()).path("deadLetters");
        for (JsonNode letter : letters) {
            if (letter.path("reportId").asText().equals(reportId)) {
                return letter;
            }
        }
        return null;
    }

    String lastOutcome() {
        JsonNode events = RunningService.readTree(service.get("/api/v1/webhook-events?integrationId=demo").body())
                .path("webhookEvents");
        return events.isEmpty() ? "" : events.get(0).path("outcome").asText();
    }

    String lastOutcomeFor(String key) {
        JsonNode events = RunningService.readTree(service.get("/api/v1/webhook-events?integrationId=demo").body())
                .path("webhookEvents");
        for (JsonNode event : events) {
            if (event.path("outcome").asText().contains(key)) {
                return event.path("outcome").asText();
            }
        }
        return "";
    }

    java.util.List<String> outcomesMentioning(String key) {
        JsonNode events = RunningService.readTree(service.get("/api/v1/webhook-events?integrationId=demo").body())
                .path("webhookEvents");
        java.util.List<String> outcomes = new java.util.ArrayList<>();
        events.forEach(e -> {
            if (e.path("outcome").asText().contains(key)) {
                outcomes.add(e.path("outcome").asText());
            }
        });
        return outcomes;
    }

    int storedDeliveries(String deliveryId) {
        return count("SELECT COUNT(*) FROM webhook_event WHERE delivery_id = ?", deliveryId);
    }

    int pendingPriorityPushes() {
        return count("SELECT COUNT(*) FROM outbox WHERE kind = ? AND state IN ('PENDING', 'CLAIMED')", "PRIORITY");
    }

    int countComments(String reportId) {
        return count("SELECT COUNT(*) FROM report_comment WHERE report_id = ?", reportId);
    }

    int count(String sql, String parameter) {
        return service.bean("database", Database.class).inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, parameter);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
