package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.spi.RouteController;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One outbox for every task kind: a FORWARD task (a new report) and a PRIORITY task (a priority change of a report
 * already in Jira) are taken by the same claim of the one poll, and each is carried out by the route of its kind.
 * The poll ticks once an hour here, one second after its route starts: while it is stopped both tasks wait, and the
 * single tick after it starts again claims both at once (two tasks, below the batch of 20, so no second claim).
 */
class OneOutboxTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void oneClaimOfOnePollServesAForwardAndAPriorityPush() throws Exception {
        try (RunningService service = RunningService.start("cloud", Map.of("forward.poll-interval-ms", "3600000"))) {
            RouteController routes = service.camelContext().getRouteController();
            String sandbox = service.sandbox().baseUrl();
            routes.stopRoute("outbox-poll");
            String changed = id(service.postJson("/api/v1/reports",
                    "{\"title\": \"Its priority changes later\", \"priority\": \"Minor\"}").body());
            routes.startRoute("outbox-poll");
            String key = service.awaitReportStatus(changed, "FORWARDED", DEADLINE).path("jira").path("key").asText();
            assertThat(priorityInJira(sandbox, key)).isEqualTo("Low");

            // both tasks wait while the poll is stopped
            routes.stopRoute("outbox-poll");
            String fresh = id(service.postJson("/api/v1/reports", "{\"title\": \"Sent with the change\"}").body());
            assertThat(service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/reports/" + changed))
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"priority\": \"Blocker\"}")))
                    .statusCode()).isEqualTo(200);
            assertThat(service.count("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING' AND kind = 'FORWARD'"))
                    .isEqualTo(1);
            assertThat(service.count("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING' AND kind = 'PRIORITY'"))
                    .isEqualTo(1);

            routes.startRoute("outbox-poll");
            // the forward route created the new report's issue, the push route changed the other issue's priority
            String freshKey = service.awaitReportStatus(fresh, "FORWARDED", DEADLINE).path("jira").path("key").asText();
            await().atMost(DEADLINE).until(() -> "Highest".equals(priorityInJira(sandbox, key)));
            await().atMost(DEADLINE).until(() -> service.count("SELECT COUNT(*) FROM outbox WHERE state = 'DONE'") == 3);
            assertThat(service.count("SELECT COUNT(*) FROM outbox WHERE claims = 1")).isEqualTo(3);
            assertThat(freshKey).isNotEqualTo(key);
            assertThat(Http.sandboxIssues(sandbox)).hasSize(2);
            // a push leaves the report's status as it was
            assertThat(service.report(changed).path("status").asText()).isEqualTo("FORWARDED");
            assertThat(service.report(changed).path("priority").asText()).isEqualTo("Blocker");
            assertThat(service.count("SELECT COUNT(*) FROM dead_letter")).isZero();
        }
    }

    private static String id(String body) {
        return RunningService.readTree(body).path("id").asText();
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
}
