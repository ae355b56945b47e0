package org.jirabridge.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.ChildJvm;
import org.jirabridge.testsupport.ChildServices;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing lost, nothing twice, across crashes: 1,000 reports are submitted, the service is killed with SIGKILL at
 * random points of the forwarding several times and restarted on the same database; in the end the sandbox holds
 * exactly 1,000 issues and every report is FORWARDED with a key of its own. The sandbox is rate limited so that
 * forwarding is still under way when the kills come, with 429s in the mix.
 */
class CrashLoopTest {

    private static final int REPORTS = 1000;
    private static final int KILLS = 4;

    @Test
    void aThousandReportsSurviveRepeatedKillsAsExactlyAThousandIssues() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int sandboxPort = RunningService.freePort();
        int servicePort = RunningService.freePort();
        String sandboxUrl = "http://localhost:" + sandboxPort;
        String serviceUrl = "http://localhost:" + servicePort;
        Map<String, String> settings = ChildServices.serviceSettings(servicePort, sandboxPort, Map.of(
                "forward.lease-seconds", "3",
                "forward.initial-delay-ms", "200",
                "forward.max-redeliveries", "20",
                "forward.batch-size", "50"));

        try (ChildJvm sandbox = ChildServices.startSandbox("crash-sandbox", sandboxPort, "cloud")) {
            Http.putJson(sandboxUrl + "/_sandbox/rate-limit", "{\"requestsPerSecond\": 60}");
            List<String> ids = new ArrayList<>();
            ChildJvm service = ChildServices.startService("crash-service-0", settings);
            try {
                for (int i = 0; i < REPORTS; i++) {
                    HttpResponse<String> response = Http.postJsonAsAdmin(serviceUrl + "/api/v1/reports",
                            "{\"title\": \"Crash loop " + i + "\", \"externalId\": \"crash-" + i + "\"}");
                    assertThat(response.statusCode()).as("seed %d, report %d", seed, i).isEqualTo(202);
                    ids.add(RunningService.readTree(response.body()).path("id").asText());
                }
                for (int kill = 1; kill <= KILLS; kill++) {
                    // kill once a random number of further issues exist: a random point of the forwarding
                    int target = Math.min(REPORTS - 1, createdIssues(sandboxUrl) + 20 + random.nextInt(80));
                    await().atMost(Duration.ofSeconds(60)).until(() -> createdIssues(sandboxUrl) >= target);
                    service.kill();
                    service = ChildServices.startService("crash-service-" + kill, settings);
                }
                await().atMost(Duration.ofMinutes(3)).until(() -> createdIssues(sandboxUrl) >= REPORTS);
                ChildJvm last = service;
                await().atMost(Duration.ofMinutes(1)).until(() -> last.isAlive() && ids.stream().allMatch(
                        id -> "FORWARDED".equals(report(serviceUrl, id).path("status").asText())));
                Set<String> keys = new HashSet<>();
                for (String id : ids) {
                    keys.add(report(serviceUrl, id).path("jira").path("key").asText());
                }
                assertThat(keys).as("seed %d", seed).hasSize(REPORTS);
                assertThat(createdIssues(sandboxUrl)).as("seed %d", seed).isEqualTo(REPORTS);
                assertThat(Http.sandboxIssues(sandboxUrl)).as("seed %d", seed).hasSize(REPORTS);
            } finally {
                service.close();
            }
        }
    }

    /** Issues Jira created so far, from the sandbox's request statistics (201 answers to POST /issue). */
    private static int createdIssues(String sandboxUrl) {
        int created = 0;
        for (JsonNode row : Http.getJson(sandboxUrl + "/_sandbox/stats").path("requests")) {
            if (row.path("method").asText().equals("POST") && row.path("path").asText().equals("/rest/api/3/issue")
                    && row.path("status").asInt() == 201) {
                created += row.path("count").asInt();
            }
        }
        return created;
    }

    private static JsonNode report(String serviceUrl, String id) {
        return Http.getJsonAsAdmin(serviceUrl + "/api/v1/reports/" + id);
    }
}
