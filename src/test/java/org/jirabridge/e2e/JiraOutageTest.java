package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.PrometheusText;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Jira outage that needs no person: every create answers 500 for a while (shorter than a real one, with faster
 * probes, through configuration) and reports keep coming. The site is marked down, its reports wait as
 * WAITING_FOR_JIRA while only a probe now and then reaches Jira, health and metrics say so, and when Jira is back
 * every report forwards by itself, exactly once, with no dead letter.
 */
class JiraOutageTest {

    private static final int REPORTS = 20;
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final String CREATE = "/rest/api/3/issue";

    @RegisterExtension
    final ServiceExtension services = ServiceExtension.manual();

    @Test
    void reportsSentDuringAnOutageForwardByThemselvesSoonAfterRecovery() {
        RunningService service = services.start("cloud", Map.of(
                "jira-site.first-probe-after-ms", "1000",
                "jira-site.max-probe-interval-ms", "4000",
                "jira-site.watch-interval-ms", "200",
                "forward.initial-delay-ms", "200"));
        String sandbox = service.sandbox().baseUrl();
        String site = "http://localhost:" + URI.create(sandbox).getPort();
        // a report forwarded before the outage, whose priority is changed during it
        String before = RunningService.readTree(service.postJson("/api/v1/reports",
                "{\"title\": \"Before the outage\", \"priority\": \"Minor\"}").body()).path("id").asText();
        String beforeKey = service.awaitReportStatus(before, "FORWARDED", Duration.ofSeconds(30)).path("jira")
                .path("key").asText();
        services.sandboxDriver().clearStats();
        services.sandboxDriver().fault("\"path\": \"" + CREATE + "\", \"method\": \"POST\", \"status\": 500,"
                + " \"rate\": 1.0");
        Instant outageEnds = Instant.now().plus(OUTAGE);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < REPORTS; i++) {
            ids.add(RunningService.readTree(service.postJson("/api/v1/reports",
                    "{\"title\": \"During the outage " + i + "\"}").body()).path("id").asText());
            int sent = i + 1;
            // spread over the first part of the outage: some before the site is marked down, most after
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(outageEnds.minus(OUTAGE)
                    .plusMillis(400L * sent)));
        }

        // the site is down: reports wait, visibly, and health and metrics say since when and how many
        await().atMost(OUTAGE).until(() -> "DOWN".equals(siteHealth(service).path(site + ".state").asText())
                || "PROBING".equals(siteHealth(service).path(site + ".state").asText()));
        await().atMost(Duration.ofSeconds(10)).until(() -> siteHealth(service).path(site + ".waiting").asInt()
                >= REPORTS / 2);
        assertThat(service.count("SELECT COUNT(*) FROM report WHERE status = 'WAITING_FOR_JIRA'"))
                .isGreaterThanOrEqualTo(REPORTS / 2);
        assertThat(Instant.parse(siteHealth(service).path(site + ".since").asText())).isBefore(Instant.now());
        PrometheusText metrics = PrometheusText.parse(service.get("/observe/metrics").body());
        assertThat(metrics.value("jirabridge_jira_site_up", Map.of("site", site))).contains(0.0);
        assertThat(metrics.value("jirabridge_jira_site_waiting", Map.of("site", site)).orElseThrow())
                .isGreaterThan(0);
        assertThat(service.count("SELECT COUNT(*) FROM dead_letter")).isZero();
        // a priority push for the down site waits as well, with the report's status left alone
        assertThat(service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/reports/" + before))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"priority\": \"Blocker\"}")))
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.count("SELECT COUNT(*) FROM outbox WHERE"
                + " kind = 'PRIORITY' AND state = 'WAITING'") == 1);
        assertThat(service.report(before).path("status").asText()).isEqualTo("FORWARDED");
        assertThat(priorityInJira(sandbox, beforeKey)).isEqualTo("Low");

        // Jira recovers
        await().atMost(OUTAGE.plusSeconds(5)).until(() -> Instant.now().isAfter(outageEnds));
        int duringOutage = requests(sandbox);
        services.sandboxDriver().clearFaults();
        Instant recovered = Instant.now();

        await().atMost(Duration.ofSeconds(30)).until(() -> service.count(
                "SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'") == REPORTS + 1);
        Duration toForward = Duration.between(recovered, Instant.now());
        assertThat(service.count("SELECT COUNT(*) FROM dead_letter")).isZero();
        Set<String> keys = new HashSet<>();
        for (String id : ids) {
            keys.add(service.report(id).path("jira").path("key").asText());
        }
        assertThat(keys).hasSize(REPORTS);
        assertThat(Http.sandboxIssues(sandbox)).hasSize(REPORTS + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Highest".equals(priorityInJira(sandbox, beforeKey)));
        // a down site costs a few probes, not a retry storm (the issue's bar: 60 requests in a 120 s outage)
        assertThat(duringOutage).as("requests to the sick site during the outage").isLessThanOrEqualTo(60);
        assertThat(toForward).isLessThan(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> "UP".equals(siteHealth(service)
                .path(site + ".state").asText()) && siteHealth(service).path(site + ".waiting").asInt() == 0);
    }

    /**
     * An outage longer than the retry budget (here 2 s) leaves dead letters; when the site is back they are replayed
     * by themselves (jira-site.replay-dead-letters), each report ending as one issue.
     */
    @Test
    void deadLettersOfAnOutageLongerThanTheBudgetReplayThemselvesOnRecovery() {
        RunningService service = services.start("cloud", Map.of(
                "forward.retry-budget-seconds", "2",
                "jira-site.failure-window", "3",
                "jira-site.first-probe-after-ms", "500",
                "jira-site.max-probe-interval-ms", "1000",
                "jira-site.watch-interval-ms", "200"));
        String sandbox = service.sandbox().baseUrl();
        services.sandboxDriver().fault("\"path\": \"" + CREATE + "\", \"method\": \"POST\", \"status\": 503,"
                + " \"rate\": 1.0");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(RunningService.readTree(service.postJson("/api/v1/reports",
                    "{\"title\": \"Longer than the budget " + i + "\"}").body()).path("id").asText());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> service.count(
                "SELECT COUNT(*) FROM dead_letter WHERE reason = 'RETRIES_EXHAUSTED'") == ids.size());
        assertThat(service.count("SELECT COUNT(*) FROM report WHERE status = 'FAILED'")).isEqualTo(ids.size());

        services.sandboxDriver().clearFaults();
        await().atMost(Duration.ofSeconds(30)).until(() -> service.count(
                "SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'") == ids.size());
        assertThat(service.count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL")).isZero();
        assertThat(Http.sandboxIssues(sandbox)).hasSize(ids.size());
    }

    /** The priority of an issue as the sandbox holds it. */
    private static String priorityInJira(String sandbox, String key) {
        for (JsonNode issue : Http.sandboxIssues(sandbox)) {
            if (issue.path("key").asText().equals(key)) {
                return issue.path("fields").path("priority").asText();
            }
        }
        throw new AssertionError("no issue " + key);
    }

    /** Requests the sandbox received for creates and look-ups since its stats were cleared. */
    private static int requests(String sandbox) {
        int total = 0;
        for (JsonNode row : Http.getJson(sandbox + "/_sandbox/stats").path("requests")) {
            if (row.path("path").asText().startsWith("/rest/api/3/")) {
                total += row.path("count").asInt();
            }
        }
        return total;
    }

    /** The details of the jira-sites health check. */
    private static JsonNode siteHealth(RunningService service) {
        for (JsonNode check : RunningService.readTree(service.get("/observe/health?data=true").body()).path("checks")) {
            if (check.path("name").asText().equals("jira-sites")) {
                return check.path("data");
            }
        }
        throw new AssertionError("no jira-sites health check");
    }
}
