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

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.jirabridge.api.OpenPathLimits;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.testsupport.IntegrationDriver;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An OAuth 2.0 (3LO) integration end to end against the Cloud sandbox: the dynamic-webhook route (run here one
 * cycle at a time, so each effect is its own) registers the integration's webhook, Jira's deliveries (Bearer JWT of
 * the client secret) bring changes to the report, the webhook is refreshed by Jira's clock before its 30 days run
 * out, and a delivery Jira gave up on is caught up by a poll, as Atlassian lists failed deliveries to Connect apps
 * only.
 */
class OAuth2DynamicWebhooksTest {

    private static final String CLIENT_SECRET = "demo-oauth-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long DAY = 24 * 3600;

    // the route's timer stays out of the way (its first run is an hour away): each test runs cycles itself;
    // no demo integration, whose admin webhook would share the simulated outage
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("sandbox.oauth.auto-approve", "true",
                    "sync.dynamic-webhooks-interval-ms", "3600000", "demo.enabled", "false"));
    private static IntegrationDriver driver;
    private static ProducerTemplate routes;
    private String integrationId;

    @BeforeAll
    static void start() {
        driver = new IntegrationDriver(service.running());
        // stopped before the service: the extension stops that after @AfterAll
        routes = service.camelContext().createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        if (routes != null) {
            routes.stop();
        }
    }

    @BeforeEach
    void authorizedIntegration() {
        // a fresh sandbox: the integrations of earlier tests lose their grants (and so their webhooks) with it
        service.sandbox().reset();
        integrationId = "oauth-" + UUID.randomUUID().toString().substring(0, 8);
        driver.create(integrationId, "{\"deployment\": \"cloud\", \"baseUrl\": \"" + driver.sandboxUrl() + "\", "
                + "\"authType\": \"OAUTH2\", \"clientId\": \"demo-oauth-client\", \"clientSecret\": \""
                + CLIENT_SECRET + "\"}");
        JsonNode callback = RunningService.readTree(driver.authorizeInBrowser(integrationId).body());
        assertThat(callback.path("status").asText()).as(callback.toString()).isEqualTo("authorized");
    }

    /** One run of the dynamic-webhook route, as its timer would start it. */
    private static void runMaintenance() {
        routes.sendBody("direct:dynamic-webhooks", null);
    }

    private String receiver() {
        return service.baseUrl() + "/webhooks/jira/" + integrationId;
    }

    private static JsonNode sandboxWebhooks() {
        return RunningService.readTree(driver.get(driver.sandboxUrl() + "/_sandbox/webhooks").body());
    }

    private JsonNode ourWebhook() {
        for (JsonNode webhook : sandboxWebhooks().path("dynamicWebhooks")) {
            if (webhook.path("url").asText().equals(receiver())) {
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
        HttpResponse<String> response = service.send(request.method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
    }

    private static void transition(String key, String transitionId) {
        jira("POST", "/rest/api/3/issue/" + key + "/transitions", "{\"transition\":{\"id\":\"" + transitionId + "\"}}");
    }

    private static void advanceSandboxClock(long days) {
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": " + days * DAY + "}");
    }

    private JsonNode webhookEvents() {
        return RunningService.readTree(driver.api("GET", "/api/v1/webhook-events?integrationId=" + integrationId,
                null).body()).path("webhookEvents");
    }

    private String status(String reportId) {
        return driver.report(reportId).path("jira").path("status").asText();
    }

    /** An HS256 JWT as Jira puts on deliveries to OAuth 2.0 apps, signed with {@code secret}. */
    private static String bearer(String secret, Instant expires) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(("{\"iss\":\"" + driver.sandboxUrl() + "\",\"aud\":\"demo-oauth-client\","
                + "\"exp\":" + expires.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "Bearer " + input + "." + url.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> deliver(String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver()))
                .header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return service.send(request);
    }

    @Test
    void theWebhookIsRegisteredOnceAndAChangeReachesTheReportThroughIt() throws Exception {
        JsonNode report = driver.forward(integrationId, "FORWARDED");
        String reportId = report.path("id").asText();
        String key = report.path("jira").path("key").asText();

        runMaintenance();

        JsonNode webhook = ourWebhook();
        assertThat(webhook).as(sandboxWebhooks().toString()).isNotNull();
        assertThat(webhook.path("app").asText()).isEqualTo("demo-oauth-client");
        assertThat(webhook.path("appType").asText()).isEqualTo("OAUTH2");
        assertThat(webhook.path("jql").asText()).isEqualTo("project = \"DEMO\"");
        runMaintenance();
        assertThat(sandboxWebhooks().path("dynamicWebhooks")).as("registered once").hasSize(1);
        assertThat(ourWebhook().path("expiresAt").asText()).as("30 days left: no refresh")
                .isEqualTo(webhook.path("expiresAt").asText());

        // no route run from here on: only the webhook can bring the change
        transition(key, "21");
        await().atMost(DEADLINE).until(() -> "In Progress".equals(status(reportId)));
        assertThat(webhookEvents()).anySatisfy(event -> {
            assertThat(event.path("state").asText()).isEqualTo("APPLIED");
            assertThat(event.path("outcome").asText()).contains(key).contains("In Progress");
        });

        // the JWT must be signed with the client secret; anything else is a 401 that stores nothing
        String done = SyncEndToEndTest.statusEvent(report.path("jira").path("id").asText(), key, "Done", "done",
                System.currentTimeMillis());
        int stored = webhookEvents().size();
        HttpResponse<String> wrongSecret = deliver(done, bearer("not-the-client-secret",
                Instant.now().plusSeconds(60)));
        HttpResponse<String> expired = deliver(done, bearer(CLIENT_SECRET, Instant.now().minusSeconds(600)));
        HttpResponse<String> none = deliver(done, null);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(RunningService.readTree(wrongSecret.body()).path("message").asText())
                .isEqualTo(OpenPathLimits.WEBHOOK_REFUSED).doesNotContain(CLIENT_SECRET);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(webhookEvents()).hasSize(stored);
        assertThat(status(reportId)).isEqualTo("In Progress");

        assertThat(deliver(done, bearer(CLIENT_SECRET, Instant.now().plusSeconds(60))).statusCode()).isEqualTo(202);
        await().atMost(DEADLINE).until(() -> "Done".equals(status(reportId)));
    }

    @Test
    void aDeliveryJiraGaveUpOnIsCaughtUpByAPollAsOnlyConnectAppsMayListFailures() {
        JsonNode report = driver.forward(integrationId, "FORWARDED");
        String reportId = report.path("id").asText();
        String key = report.path("jira").path("key").asText();
        runMaintenance();
        assertThat(ourWebhook()).isNotNull();
        // Atlassian: GET /webhook/failed is for Connect apps only
        assertThatThrownBy(() -> routes.requestBodyAndHeaders("jirarest:request?integration=" + integrationId, null,
                Map.of("JiraMethod", "GET", "JiraPath", "/rest/api/3/webhook/failed")))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOfSatisfying(JiraRestException.class, e -> {
                    assertThat(e.getHttpResponseCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("Only Connect apps");
                });

        // the service is unreachable for both deliveries of a new comment (comment_created, jira:issue_updated) and
        // all their retries: Jira gives up on them
        driver.control("/_sandbox/webhooks/outage", "{\"failAttempts\": 12}");
        jira("POST", "/rest/api/3/issue/" + key + "/comment", "{\"body\":{\"type\":\"doc\",\"version\":1,"
                + "\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"Seen on 3.4.1\"}]}]}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxWebhooks().path("failedDeliveries").size() == 2);
        assertThat(driver.report(reportId).path("comments")).isEmpty();

        runMaintenance();

        JsonNode comments = driver.report(reportId).path("comments");
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0).path("body").asText()).isEqualTo("Seen on 3.4.1");
        assertThat(comments.get(0).path("source").asText()).isEqualTo("jira");
    }

    @Test
    void theWebhookIsRefreshedByJirasClockWellBeforeItsThirtyDaysRunOut() {
        JsonNode report = driver.forward(integrationId, "FORWARDED");
        String reportId = report.path("id").asText();
        String key = report.path("jira").path("key").asText();
        runMaintenance();
        Instant registeredUntil = Instant.parse(ourWebhook().path("expiresAt").asText());

        // 11 days on at Jira: 19 days left, fewer than the 20 the route waits for
        advanceSandboxClock(11);
        runMaintenance();

        Instant refreshedUntil = Instant.parse(ourWebhook().path("expiresAt").asText());
        assertThat(Duration.between(registeredUntil, refreshedUntil).toDays()).isEqualTo(11);
        runMaintenance();
        assertThat(ourWebhook().path("expiresAt").asText()).as("refreshed once").isEqualTo(refreshedUntil.toString());

        // 36 days after registration the webhook would long have expired without the refresh; it still delivers
        advanceSandboxClock(25);
        assertThat(ourWebhook().path("active").asBoolean()).isTrue();
        transition(key, "31");
        await().atMost(DEADLINE).until(() -> "Done".equals(status(reportId)));
        assertThat(webhookEvents()).anySatisfy(event -> assertThat(event.path("outcome").asText()).contains("Done"));
    }
}
