package org.jirabridge.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 reports flow while the sandbox keeps failing at random: 20% of creates answer 5xx, 5% time out (Jira
 * creates the issue but answers too late), 5% lose their connection and 2% get a 429, the look-ups before a retry
 * fail as often, and Jira's burst limit (40 requests a second) answers 429 to whatever goes beyond it. Every report ends FORWARDED, exactly once.
 */
class FaultStormTest {

    private static final int REPORTS = 1000;
    private static final String CREATE = "\"path\": \"/rest/api/3/issue\", \"method\": \"POST\"";
    private static final String SEARCH = "\"path\": \"/rest/api/3/search/jql\"";

    @Test
    void aThousandReportsEndForwardedExactlyOnceThroughAStormOfFaults() {
        try (RunningService service = RunningService.start("cloud", Map.of(
                "camel.component.jirarest.configuration.socketTimeout", "1000",
                // a timed-out create is retried only after the sandbox finished it (it answers after 1.5 s)
                "forward.unsure-delay-ms", "2500",
                "forward.max-redeliveries", "50",
                "forward.batch-size", "50"))) {
            String sandbox = service.sandbox().baseUrl();
            for (String target : List.of(CREATE, SEARCH)) {
                arm(sandbox, target + ", \"status\": 500, \"rate\": 0.1");
                arm(sandbox, target + ", \"status\": 503, \"rate\": 0.1");
                arm(sandbox, target + ", \"delayMs\": 1500, \"rate\": 0.05");
                arm(sandbox, target + ", \"drop\": true, \"rate\": 0.05");
                arm(sandbox, target + ", \"status\": 429, \"rate\": 0.02");
            }
            assertThat(Http.putJson(sandbox + "/_sandbox/rate-limit", "{\"requestsPerSecond\": 40}").statusCode())
                    .isEqualTo(200);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                ids.add(RunningService.readTree(service.postJson("/api/v1/reports",
                        "{\"title\": \"Storm " + i + "\"}").body()).path("id").asText());
            }
            assertThat(new HashSet<>(ids)).hasSize(REPORTS);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> forwarded(service) == REPORTS);
            JsonNode stats = Http.getJson(sandbox + "/_sandbox/stats").path("requests");
            JsonNode list = Http.sandboxIssues(sandbox);
            Set<String> reportLabels = new HashSet<>();
            for (JsonNode issue : list) {
                for (JsonNode label : issue.path("fields").path("labels")) {
                    if (label.asText().startsWith("jira-bridge-") && label.asText().length() > 20) {
                        assertThat(reportLabels.add(label.asText())).as("%s twice", label).isTrue();
                    }
                }
            }
            assertThat(list.size()).isEqualTo(REPORTS);
            assertThat(reportLabels).hasSize(REPORTS);
            // the storm really happened: creates were refused and dropped along the way
            assertThat(count(stats, 500) + count(stats, 503)).isGreaterThan(100);
            assertThat(count(stats, 429)).isGreaterThan(10);
            assertThat(count(stats, 0)).isGreaterThan(20);
        }
    }

    private static void arm(String sandbox, String fault) {
        assertThat(Http.postJson(sandbox + "/_sandbox/faults", "{" + fault + "}").statusCode()).isEqualTo(201);
    }

    /** Requests the sandbox answered with this status (0: dropped), over all paths. */
    private static int count(JsonNode stats, int status) {
        int total = 0;
        for (JsonNode row : stats) {
            if (row.path("status").asInt() == status) {
                total += row.path("count").asInt();
            }
        }
        return total;
    }

    /** How many reports are FORWARDED, from the database in one query. */
    private static long forwarded(RunningService service) {
        return service.count("SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'");
    }
}
