package org.jirabridge.e2e;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.PrometheusText;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.SandboxDriver;
import org.jirabridge.testsupport.ServiceExtension;
import org.jirabridge.testsupport.ServiceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The storm: 600 reports while the sandbox fails at random (20% of creates and look-ups answer 500, 5% lose their
 * connection, 3% get a 429), Jira allows 50 requests a second, and the service is killed with SIGKILL three times at
 * random points of the forwarding and restarted on the same database. In the end the sandbox holds exactly 600
 * issues, each report is FORWARDED with a key of its own, and nobody replayed anything.
 */
class FaultStormTest {

    private static final int REPORTS = 600;
    private static final int KILLS = 3;
    private static final String CREATE = "\"path\": \"/rest/api/3/issue\", \"method\": \"POST\"";
    private static final String SEARCH = "\"path\": \"/rest/api/3/search/jql\"";

    @RegisterExtension
    final ServiceExtension jira = ServiceExtension.childProcesses("cloud");

    @Test
    void sixHundredReportsEndForwardedExactlyOnceThroughFaultsAndKills() throws SQLException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        SandboxDriver sandbox = jira.sandboxDriver();
        for (String target : List.of(CREATE, SEARCH)) {
            sandbox.fault(target + ", \"status\": 500, \"rate\": 0.2");
            sandbox.fault(target + ", \"drop\": true, \"rate\": 0.05");
            sandbox.fault(target + ", \"status\": 429, \"rate\": 0.03");
        }
        sandbox.rateLimit(50);
        List<String> ids = new ArrayList<>();
        ServiceNode service = jira.startNode("storm-service-0", Map.of(
                "forward.lease-seconds", "3",
                "forward.initial-delay-ms", "200",
                "forward.max-delay-ms", "2000",
                "forward.batch-size", "50",
                "jira-site.first-probe-after-ms", "1000",
                "jira-site.max-probe-interval-ms", "2000"));
        String serviceUrl = service.url();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            // reports arrive in chunks, one per service life, so that every kill hits forwarding under way
            int chunk = REPORTS / (KILLS + 1);
            ids.addAll(send(senders, serviceUrl, 0, chunk, seed));
            for (int kill = 1; kill <= KILLS; kill++) {
                int target = Math.min(ids.size() - 1, sandbox.createdIssues() + 20 + random.nextInt(60));
                await().atMost(Duration.ofSeconds(90)).until(() -> sandbox.createdIssues() >= target);
                service = jira.restart(service, "storm-service-" + kill);
                ids.addAll(send(senders, serviceUrl, kill * chunk, kill == KILLS ? REPORTS : (kill + 1) * chunk,
                        seed));
            }
            assertThat(new HashSet<>(ids)).hasSize(REPORTS);
            await().atMost(Duration.ofMinutes(2)).until(() -> sandbox.createdIssues() >= REPORTS);
            // then nothing left to do: no task queued, claimed or waiting for the site
            String metricsUrl = serviceUrl + "/observe/metrics";
            ServiceNode last = service;
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                PrometheusText metrics = PrometheusText.parse(Http.get(metricsUrl).body());
                return last.isAlive() && metrics.value("jirabridge_outbox_depth", Map.of()).orElse(-1.0) == 0
                        && metrics.find("jirabridge_jira_site_waiting", Map.of()).stream()
                        .allMatch(sample -> sample.value() == 0);
            });
            jira.kill(service);
            // the service is gone: its database file answers in one query what 600 GETs would
            try (Connection db = DriverManager.getConnection(service.jdbcUrl(), "sa", "");
                 Statement query = db.createStatement()) {
                assertThat(single(query, "SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'"))
                        .as("seed %d; not forwarded: %s; dead letters: %s", seed,
                                rows(query, "SELECT id, status, attempts, last_error FROM report"
                                        + " WHERE status <> 'FORWARDED'"),
                                rows(query, "SELECT report_id, reason, http_status, message FROM dead_letter"))
                        .isEqualTo(REPORTS);
                assertThat(single(query, "SELECT COUNT(DISTINCT jira_key) FROM report WHERE id IN ('"
                        + String.join("','", ids) + "')")).as("seed %d", seed).isEqualTo(REPORTS);
                // none by hand: no dead letter was left for a person to replay
                assertThat(single(query, "SELECT COUNT(*) FROM dead_letter")).as("seed %d", seed).isZero();
            }
            Set<String> labels = new HashSet<>();
            JsonNode issues = sandbox.issues();
            for (JsonNode issue : issues) {
                for (JsonNode label : issue.path("fields").path("labels")) {
                    if (label.asText().startsWith("jira-bridge-") && label.asText().length() > 20) {
                        assertThat(labels.add(label.asText())).as("seed %d: %s twice", seed, label).isTrue();
                    }
                }
            }
            assertThat(issues).as("seed %d", seed).hasSize(REPORTS);
            assertThat(labels).hasSize(REPORTS);
            // the storm really happened
            assertThat(sandbox.answered(500)).isGreaterThan(60);
            assertThat(sandbox.answered(429)).isGreaterThan(5);
            assertThat(sandbox.answered(0)).isGreaterThan(10);
        } finally {
            senders.shutdownNow();
        }
    }

    /** Sends reports number {@code from} to {@code to} (exclusive) on four threads; returns their ids. */
    private static List<String> send(ExecutorService senders, String serviceUrl, int from, int to, long seed) {
        List<Future<String>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int number = i;
            sent.add(senders.submit(() -> {
                HttpResponse<String> response = Http.postJsonAsAdmin(serviceUrl + "/api/v1/reports",
                        "{\"title\": \"Storm " + number + "\", \"externalId\": \"storm-" + number + "\"}");
                assertThat(response.statusCode()).as("seed %d, report %d", seed, number).isEqualTo(202);
                return RunningService.readTree(response.body()).path("id").asText();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> report : sent) {
            try {
                ids.add(report.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("seed " + seed + ": a report was not accepted", e);
            }
        }
        return ids;
    }

    private static long single(Statement query, String sql) throws SQLException {
        try (ResultSet rs = query.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows of a query, one line each, for a failure message that says which report and why. */
    private static String rows(Statement query, String sql) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (ResultSet rs = query.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                text.append("\n  ");
                for (int i = 1; i <= columns; i++) {
                    text.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
