package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.api.OpenPathLimits;
import org.jirabridge.auth.ConnectJwt;
import org.jirabridge.testsupport.IntegrationDriver;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Connect integration end to end against the Cloud sandbox, with the dynamic-webhook route on its timer: the route
 * registers the app's webhook, Jira's deliveries (JWT of the installation's shared secret, qsh of the request) are
 * verified and applied, forged ones are 401 and store nothing, and deliveries Jira gave up on come back through
 * {@code GET /rest/api/3/webhook/failed}.
 */
class ConnectWebhooksTest {

    /** Chosen by the test through the sandbox's control API, so the test can sign calls as Jira does. */
    private static final String SHARED_SECRET = "test-shared-secret-of-the-connect-installation-42";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    // no demo integration: its admin webhook would share the simulated outage below
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("sync.dynamic-webhooks-interval-ms", "300",
                    "demo.enabled", "false"));
    private static IntegrationDriver driver;
    private static String clientKey;

    @BeforeAll
    static void start() {
        driver = new IntegrationDriver(service.running());
        driver.create("cx", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + driver.sandboxUrl() + "\", "
                + "\"authType\": \"CONNECT\"}");
        JsonNode installed = RunningService.readTree(driver.control("/_sandbox/connect/install",
                "{\"descriptorUrl\": \"" + service.baseUrl() + "/connect/cx/atlassian-connect.json\", "
                        + "\"sharedSecret\": \"" + SHARED_SECRET + "\"}"));
        assertThat(installed.path("installedStatus").asInt()).isEqualTo(204);
        clientKey = installed.path("clientKey").asText();
    }

    private static JsonNode sandboxWebhooks() {
        return RunningService.readTree(driver.get(driver.sandboxUrl() + "/_sandbox/webhooks").body());
    }

    private static JsonNode ourDynamicWebhook() {
        for (JsonNode webhook : sandboxWebhooks().path("dynamicWebhooks")) {
            if (webhook.path("url").asText().equals(service.baseUrl() + "/webhooks/jira/cx")) {
                return webhook;
            }
        }
        return null;
    }

    private static HttpResponse<String> jira(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(driver.sandboxUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("demo@example.com:demo-token".getBytes(StandardCharsets.UTF_8)));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return service.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static void transition(String key, String transitionId) {
        HttpResponse<String> moved = jira("POST", "/rest/api/3/issue/" + key + "/transitions",
                "{\"transition\":{\"id\":\"" + transitionId + "\"}}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(204);
    }

    private static HttpResponse<String> deliver(String body, String authorization, String deliveryId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/webhooks/jira/cx"))
                .header("Content-Type", "application/json").header("X-Atlassian-Webhook-Identifier", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return service.send(request);
    }

    private static String jwt(String issuer, String secret, String path, Instant at) {
        return "JWT " + ConnectJwt.sign(issuer, secret, "POST", path, null, at);
    }

    /** Waits until the route has listed the app's webhooks {@code runs} more times. */
    private static void awaitRoutineRuns(int runs) {
        int before = listings();
        await().atMost(DEADLINE).until(() -> listings() >= before + runs);
    }

    private static int listings() {
        JsonNode stats = RunningService.readTree(driver.get(driver.sandboxUrl() + "/_sandbox/stats").body());
        int count = 0;
        for (JsonNode row : stats.path("requests")) {
            if (row.path("method").asText().equals("GET") && row.path("path").asText().equals("/rest/api/3/webhook")) {
                count += row.path("count").asInt();
            }
        }
        return count;
    }

    private static JsonNode webhookEvents() {
        return RunningService.readTree(driver.api("GET", "/api/v1/webhook-events?integrationId=cx", null).body())
                .path("webhookEvents");
    }

    private static JsonNode event(String deliveryId) {
        for (JsonNode event : webhookEvents()) {
            if (event.path("deliveryId").asText().equals(deliveryId)) {
                return event;
            }
        }
        return null;
    }

    @Test
    void theRouteRegistersTheAppsWebhookAndJirasSignedDeliveriesAreApplied() {
        await().atMost(DEADLINE).until(() -> ourDynamicWebhook() != null);
        JsonNode webhook = ourDynamicWebhook();
        assertThat(webhook.path("app").asText()).isEqualTo("jira-bridge-cx");
        assertThat(webhook.path("jql").asText()).isEqualTo("project = \"DEMO\"");
        assertThat(webhook.path("events").asText()).contains("jira:issue_updated", "comment_created");
        JsonNode report = driver.forward("cx", "FORWARDED");
        String key = report.path("jira").path("key").asText();

        transition(key, "21");

        await().atMost(DEADLINE).until(() -> "In Progress".equals(driver.report(report.path("id").asText())
                .path("jira").path("status").asText()));
        assertThat(webhookEvents()).anySatisfy(event -> {
            assertThat(event.path("state").asText()).isEqualTo("APPLIED");
            assertThat(event.path("outcome").asText()).contains(key).contains("In Progress");
        });
        // later runs neither register again nor refresh a webhook with 30 days left
        awaitRoutineRuns(2);
        assertThat(sandboxWebhooks().path("dynamicWebhooks")).hasSize(1);
        assertThat(ourDynamicWebhook().path("expiresAt").asText()).isEqualTo(webhook.path("expiresAt").asText());
    }

    @Test
    void aDeliveryWithTheInstallationsJwtIsAppliedAndForgedOnesAre401AndStoreNothing() {
        JsonNode report = driver.forward("cx", "FORWARDED");
        String reportId = report.path("id").asText();
        String key = report.path("jira").path("key").asText();
        String jiraId = report.path("jira").path("id").asText();
        String path = "/webhooks/jira/cx";
        Instant now = Instant.now();
        String done = SyncEndToEndTest.statusEvent(jiraId, key, "Done", "done", System.currentTimeMillis());
        int storedBefore = webhookEvents().size();

        // each forgery with the reason it must be refused for
        Map<String, String> forgeries = Map.of(
                "", "no JWT token",
                jwt(clientKey, "not-the-shared-secret-of-this-installation", path, now), "does not match the shared",
                jwt(clientKey, SHARED_SECRET, "/webhooks/jira/other", now), "qsh",
                jwt("jira-bridge-cx", SHARED_SECRET, path, now), "issuer",
                jwt(clientKey, SHARED_SECRET, path, now.minus(Duration.ofMinutes(10))), "expired",
                jwt(clientKey, SHARED_SECRET, path, now).replace("JWT ", "Bearer "), "no JWT token");
        forgeries.forEach((authorization, reason) -> {
            HttpResponse<String> refused = deliver(done, authorization.isEmpty() ? null : authorization,
                    "forged-" + UUID.randomUUID());
            assertThat(refused.statusCode()).as(reason).isEqualTo(401);
            JsonNode error = RunningService.readTree(refused.body());
            assertThat(error.path("error").asText()).isEqualTo("unauthorized");
            // the reason goes to the log only: the answer is the same for every refusal and every id (docs/security.md)
            assertThat(error.path("message").asText()).isEqualTo(OpenPathLimits.WEBHOOK_REFUSED);
            assertThat(refused.body()).doesNotContain(SHARED_SECRET).doesNotContain("Exception");
        });
        assertThat(webhookEvents().size()).as("nothing stored").isEqualTo(storedBefore);
        assertThat(driver.report(reportId).path("jira").path("status").asText()).isNotEqualTo("Done");

        HttpResponse<String> accepted = deliver(done, jwt(clientKey, SHARED_SECRET, path, now), "signed-by-jira");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(DEADLINE).until(() -> "Done".equals(driver.report(reportId).path("jira").path("status")
                .asText()));
        assertThat(event("signed-by-jira").path("state").asText()).isEqualTo("APPLIED");
    }

    @Test
    void deliveriesJiraGaveUpOnAreFetchedFromTheFailedListAndApplied() {
        await().atMost(DEADLINE).until(() -> ourDynamicWebhook() != null);
        JsonNode report = driver.forward("cx", "FORWARDED");
        String reportId = report.path("id").asText();
        String key = report.path("jira").path("key").asText();
        int failedBefore = sandboxWebhooks().path("failedDeliveries").size();

        // the service is unreachable for the delivery and all its retries
        driver.control("/_sandbox/webhooks/outage", "{\"failAttempts\": 6}");
        transition(key, "31");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sandboxWebhooks().path("failedDeliveries").size() == failedBefore + 1);
        String failedId = sandboxWebhooks().path("failedDeliveries").get(failedBefore).path("id").asText();

        // the next run of the route lists it (Connect apps may), stores it under its delivery id and applies it
        await().atMost(DEADLINE).until(() -> "Done".equals(driver.report(reportId).path("jira").path("status")
                .asText()));
        JsonNode fetched = event(failedId);
        assertThat(fetched).isNotNull();
        assertThat(fetched.path("state").asText()).isEqualTo("APPLIED");
        assertThat(fetched.path("outcome").asText()).contains(key).contains("Done");
        // listed again on later runs (without a cursor, e.g. after a restart) it is the same delivery: stored once
        awaitRoutineRuns(2);
        assertThat(webhookEvents()).filteredOn(e -> e.path("deliveryId").asText().equals(failedId)).hasSize(1);
    }
}
