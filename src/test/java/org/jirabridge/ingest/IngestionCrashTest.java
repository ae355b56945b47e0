package org.jirabridge.ingest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.SandboxDriver;
import org.jirabridge.testsupport.ServiceExtension;
import org.jirabridge.testsupport.ServiceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A SIGKILL in the middle of an import: the restarted service resumes at its last committed page and ends with
 * every issue, comment and changelog item exactly once. The sweep is off, so only the cursor can close the gap.
 */
class IngestionCrashTest {

    private static final int ISSUES = 600;

    /** The sandbox lives in this JVM (Jira outlives the killed service); only the service is a child process. */
    @RegisterExtension
    final ServiceExtension jira = ServiceExtension.childProcesses("cloud").sandboxInThisJvm();

    @Test
    void anImportKilledMidwayResumesWithoutDuplicatesOrGaps() throws Exception {
        int servicePort = RunningService.freePort();
        SandboxDriver sandbox = jira.sandboxDriver();
        IngestionDriver driver = new IngestionDriver("http://localhost:" + servicePort, sandbox.baseUrl(), true);
        driver.bulkSeed("BIG", ISSUES, 2, 2);
        // slow enough that the kill comes mid-import
        sandbox.rateLimit(25);
        // the first page's changelog fetch fails once (503): the page is read again, never skipped
        sandbox.fault("\"path\": \"/rest/api/3/changelog/bulkfetch\", \"status\": 503, \"count\": 1");
        ServiceNode service = jira.startNode("ingest-crash-service-0", Map.of(
                "camel.server.port", String.valueOf(servicePort),
                "ingest.interval-ms", "1000",
                "ingest.page-size", "20",
                "ingest.sweep-interval-ms", "-1",
                "ingest.retry-delay-ms", "100"));
        driver.settings("{\"enabled\": true, \"autoImportAll\": true}");
        await().atMost(Duration.ofSeconds(90)).until(() -> imported(driver) >= ISSUES / 3);
        assertThat(imported(driver)).as("the kill comes mid-import").isLessThan(ISSUES);
        jira.kill(service);
        long atKill = imported(driver);
        assertThat(atKill).as("killed while the service is gone").isEqualTo(-1);
        service = jira.restart(service, "ingest-crash-service-1");
        await().atMost(Duration.ofSeconds(120)).until(() -> imported(driver) == ISSUES
                && driver.project("BIG").path("state").asText().equals("up_to_date"));
        List<JsonNode> issues = driver.issues("BIG");
        Set<String> keys = new HashSet<>();
        issues.forEach(i -> keys.add(i.path("key").asText()));
        assertThat(issues).hasSize(ISSUES);
        assertThat(keys).hasSize(ISSUES);
        jira.kill(service);
        try (Connection db = DriverManager.getConnection(service.jdbcUrl(), "sa", "");
             Statement statement = db.createStatement()) {
            assertThat(count(statement, "SELECT COUNT(*) FROM ingest_issue")).isEqualTo(ISSUES);
            assertThat(count(statement, "SELECT COUNT(*) FROM ingest_comment")).isEqualTo(2L * ISSUES);
            // In Progress (status), then Done (status and resolution): three items per issue
            assertThat(count(statement, "SELECT COUNT(*) FROM ingest_changelog")).isEqualTo(3L * ISSUES);
            assertThat(count(statement, "SELECT COUNT(DISTINCT issue_key) FROM ingest_issue")).isEqualTo(ISSUES);
        }
    }

    /** Imported issues of BIG, or -1 while the service does not answer. */
    private static long imported(IngestionDriver driver) {
        try {
            return driver.project("BIG").at("/issues/imported").asLong();
        } catch (RuntimeException | AssertionError e) {
            return -1;
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
