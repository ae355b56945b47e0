package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Json;
import org.jirabridge.sync.WebhookVerifier;
import org.jirabridge.testsupport.PrometheusText;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prometheus metrics end to end: the real service and routes against the sandbox, scraped at /observe/metrics like
 * Prometheus would. Each test uses its own integration, so the sandbox's own webhooks to the demo integration cannot
 * move the counters it asserts on, and compares counters before and after by name and labels.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndToEndTest {

    private static final Duration FORWARD_DEADLINE = Duration.ofSeconds(30);
    private static final String HOOK_SECRET = "metrics-hook-secret";

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("sync.reconcile-interval-ms", "200",
                    "sync.apply-interval-ms", "100"));

    @BeforeEach
    void disarmFaults() {
        service.sandboxDriver().clearFaults();
    }

    @Test
    @Order(1)
    void theScrapeIsPrometheusTextWithCamelsJvmAndTheServicesOwnMeters() {
        HttpResponse<String> scrape = service.get("/observe/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        PrometheusText metrics = PrometheusText.parse(scrape.body());
        assertThat(metrics.value("jirabridge_outbox_depth", Map.of())).as("outbox gauge").isPresent();
        assertThat(metrics.samples()).as("JVM meters").anyMatch(s -> s.name().startsWith("jvm_memory_used"));
        assertThat(metrics.samples()).as("Camel's route meters")
                .anyMatch(s -> s.name().startsWith("camel_") && "forward-report".equals(s.labels().get("routeId")));
    }

    @Test
    @Order(2)
    void forwardingNReportsMovesReceivedAndForwardedByExactlyN() {
        saveIntegration("metrics-fwd", Map.of());
        Map<String, String> integration = Map.of("integration", "metrics-fwd");
        PrometheusText before = scrape();
        int n = 5;

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(postReport("metrics-fwd", "Metrics " + i));
        }
        ids.forEach(id -> service.awaitReportStatus(id, "FORWARDED", FORWARD_DEADLINE));
        // a repeated externalId is the same report: not received twice
        postReport("metrics-fwd", "Metrics again", "ext-" + ids.get(0));
        postReport("metrics-fwd", "Metrics again", "ext-" + ids.get(0));
        // and one from the queue (intake.queue-uri)
        service.camelContext().createProducerTemplate().sendBody("seda:reports-in",
                "{\"title\": \"Metrics from the queue\", \"integrationId\": \"metrics-fwd\"}");

        await().atMost(FORWARD_DEADLINE).until(() -> delta(before, scrape(), "jirabridge_reports_forwarded_total",
                integration) == n + 2);
        PrometheusText after = scrape();
        assertThat(delta(before, after, "jirabridge_reports_received_total", withTag(integration, "channel", "http")))
                .isEqualTo(n + 1);
        assertThat(delta(before, after, "jirabridge_reports_received_total", withTag(integration, "channel", "queue")))
                .isEqualTo(1);
        assertThat(service.count("SELECT COUNT(*) FROM report WHERE integration_id = 'metrics-fwd'")).isEqualTo(n + 2);
        assertThat(delta(before, scrape(), "jirabridge_forward_retries_total", integration)).isZero();
        // no report id, key or secret ever becomes a label value
        for (PrometheusText.Sample sample : scrape().samples()) {
            if (sample.name().startsWith("jirabridge_")) {
                assertThat(sample.labels().values()).noneMatch(v -> ids.stream().anyMatch(v::contains))
                        .noneMatch(v -> v.contains("demo-token"));
            }
        }
    }

    @Test
    @Order(3)
    void webhookDeliveriesAndTheirDuplicatesAreCounted() {
        saveIntegration("metrics-hook", Map.of("webhookVerification", "signature"));
        Map<String, String> integration = Map.of("integration", "metrics-hook");
        PrometheusText before = scrape();
        String body = Json.write(Map.of("timestamp", System.currentTimeMillis(), "webhookEvent", "jira:issue_updated",
                "issue", Map.of("id", "999999", "key", "NOPE-1", "fields", Map.of("updated",
                        "2030-01-01T00:00:00.000+0000"))));
        String delivery = "metrics-" + UUID.randomUUID();

        assertThat(postSignedWebhook("metrics-hook", body, delivery).body()).contains("\"duplicate\":false");
        assertThat(postSignedWebhook("metrics-hook", body, delivery).body()).contains("\"duplicate\":true");
        assertThat(postSignedWebhook("metrics-hook", body, "metrics-" + UUID.randomUUID()).statusCode()).isEqualTo(202);
        HttpResponse<String> forged = postWebhook("metrics-hook", body, "sha256=00", "metrics-" + UUID.randomUUID());
        assertThat(forged.statusCode()).isEqualTo(401);

        PrometheusText after = scrape();
        assertThat(delta(before, after, "jirabridge_webhook_events_received_total", integration)).isEqualTo(3);
        assertThat(delta(before, after, "jirabridge_webhook_events_duplicate_total", integration)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aPollingIntegrationShowsItsPollLagWhichGrowsWhilePollsFail() {
        saveIntegration("metrics-poll", Map.of("pollCron", "0/1 * * * * ?"));
        Map<String, String> integration = Map.of("integration", "metrics-poll");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                service.count("SELECT COUNT(*) FROM sync_cursor WHERE integration_id = 'metrics-poll'") == 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                scrape().value("jirabridge_sync_poll_lag_seconds", integration)).hasValueSatisfying(
                        lag -> assertThat(lag).isBetween(0.0, 3.0)));

        // Jira's search fails: polls fail, the cursor stays, the lag grows
        service.sandboxDriver().fault(Map.of("path", "/rest/api/3/search/jql", "status", 503, "count", 1000));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                scrape().value("jirabridge_sync_poll_lag_seconds", integration).orElse(0.0) > 5.0);
        disarmFaults();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scrape().value("jirabridge_sync_poll_lag_seconds", integration).orElse(99.0) < 3.0);

        saveIntegration("metrics-poll", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scrape().value("jirabridge_sync_poll_lag_seconds", integration).isEmpty());
    }

    @Test
    @Order(5)
    void deadLettersAndReportsParkedOnABadCredentialAreCounted() {
        saveIntegration("metrics-fail", Map.of());
        Map<String, String> integration = Map.of("integration", "metrics-fail");
        PrometheusText before = scrape();

        service.sandboxDriver().fault(Map.of("path", "/rest/api/3/issue", "method", "POST", "status", 400, "count", 1));
        String rejected = postReport("metrics-fail", "Refused by Jira");
        service.awaitReportStatus(rejected, "FAILED", FORWARD_DEADLINE);
        service.sandboxDriver().fault(Map.of("path", "/rest/api/3/issue", "method", "POST", "status", 401, "count", 1));
        String parked = postReport("metrics-fail", "Bad credential");
        service.awaitReportStatus(parked, "AWAITING_CREDENTIALS", FORWARD_DEADLINE);

        // counted just after the transaction that set the status
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertThat(delta(before, after, "jirabridge_dead_letters_total", integration)).isEqualTo(1);
            assertThat(delta(before, after, "jirabridge_reports_awaiting_credentials_total", integration))
                    .isEqualTo(1);
        });
        assertThat(delta(before, scrape(), "jirabridge_forward_retries_total", integration)).isZero();
        assertThat(delta(before, scrape(), "jirabridge_reports_forwarded_total", integration)).isZero();
    }

    /** Last: the 429s make the sandbox site's pacing cautious for a while. */
    @Test
    @Order(6)
    void jiraAnswering429CountsEachAnswerAndEachRedelivery() {
        saveIntegration("metrics-429", Map.of());
        Map<String, String> integration = Map.of("integration", "metrics-429");
        PrometheusText before = scrape();

        service.sandboxDriver().fault(Map.of("path", "/rest/api/3/issue", "method", "POST", "status", 429, "count", 2));
        String id = postReport("metrics-429", "Rate limited twice");
        service.awaitReportStatus(id, "FORWARDED", FORWARD_DEADLINE);

        await().atMost(Duration.ofSeconds(5)).until(() -> delta(before, scrape(), "jirabridge_reports_forwarded_total",
                integration) == 1);
        PrometheusText after = scrape();
        List<PrometheusText.Sample> limited = after.find("jirabridge_jira_rate_limited_total", integration);
        assertThat(limited).hasSize(1);
        assertThat(limited.get(0).labels().get("site"))
                .isEqualTo(URI.create(service.sandbox().baseUrl()).getAuthority());
        assertThat(delta(before, after, "jirabridge_jira_rate_limited_total", integration)).isEqualTo(2);
        assertThat(delta(before, after, "jirabridge_forward_retries_total", integration)).isEqualTo(2);
        assertThat(delta(before, after, "jirabridge_dead_letters_total", integration)).isZero();
    }

    // ---- helpers

    private static PrometheusText scrape() {
        HttpResponse<String> response = service.get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.counter(name, labels) - before.counter(name, labels);
    }

    private static Map<String, String> withTag(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(name, value);
        return all;
    }

    private static String postReport(String integrationId, String title) {
        return postReport(integrationId, title, null);
    }

    private static String postReport(String integrationId, String title, String externalId) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("title", title);
        report.put("integrationId", integrationId);
        if (externalId != null) {
            report.put("externalId", externalId);
        }
        HttpResponse<String> response = service.postJson("/api/v1/reports", Json.write(report));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return RunningService.readTree(response.body()).path("id").asText();
    }

    /** A Basic (Cloud) integration against the sandbox, with a webhook secret; sync options on top. */
    private static void saveIntegration(String id, Map<String, Object> syncOptions) {
        Integration.Connection connection = Integration.Connection.basic("cloud", service.sandbox().baseUrl(),
                AuthType.BASIC, "demo@example.com", null);
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("autoForward", true);
        sync.putAll(syncOptions);
        service.bean("integrations", Integrations.class).save(
                new Integration(id, id, false, connection, new Integration.Target("DEMO", "Bug", null),
                        Integration.Mapping.defaults(), Integration.Sync.of(sync)),
                Map.of("apiToken", "demo-token", "webhookSecret", HOOK_SECRET));
    }

    private static HttpResponse<String> postSignedWebhook(String integrationId, String body, String deliveryId) {
        return postWebhook(integrationId, body,
                WebhookVerifier.signatureHeader(HOOK_SECRET, body.getBytes(StandardCharsets.UTF_8)), deliveryId);
    }

    private static HttpResponse<String> postWebhook(String integrationId, String body, String signature,
                                                    String deliveryId) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/webhooks/jira/" + integrationId))
                .header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .header("X-Hub-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
