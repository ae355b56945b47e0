package org.jirabridge.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * A restart loses nothing: the service is killed (SIGKILL) while reports are claimed and waiting for a retry, then
 * started again on the same database; every report ends FORWARDED, each as exactly one issue. The sandbox runs as a
 * process of its own so Jira's state outlives the service.
 */
class RestartRecoveryTest {

    private static final int REPORTS = 5;

    @Test
    void reportsClaimedByAKilledServiceAreForwardedAfterTheRestart() throws Exception {
        int sandboxPort = RunningService.freePort();
        int servicePort = RunningService.freePort();
        String sandboxUrl = "http://localhost:" + sandboxPort;
        String serviceUrl = "http://localhost:" + servicePort;
        Map<String, String> settings = ChildServices.serviceSettings(servicePort, sandboxPort, Map.of(
                "forward.lease-seconds", "5",
                // a back-off long enough that the first service is still waiting to retry when it is killed
                "forward.initial-delay-ms", "3000"));

        try (ChildJvm sandbox = ChildServices.startSandbox("restart-sandbox", sandboxPort, "cloud")) {
            // the first attempt of each report loses its connection; Jira creates nothing
            Http.postJson(sandboxUrl + "/_sandbox/faults", "{\"path\": \"/rest/api/3/issue\", \"method\": \"POST\","
                    + " \"drop\": true, \"count\": " + REPORTS + "}");

            List<String> ids = new ArrayList<>();
            try (ChildJvm first = ChildServices.startService("restart-service-1", settings)) {
                for (int i = 0; i < REPORTS; i++) {
                    HttpResponse<String> response = Http.postJsonAsAdmin(serviceUrl + "/api/v1/reports",
                            "{\"title\": \"Survives a crash " + i + "\"}");
                    assertThat(response.statusCode()).isEqualTo(202);
                    ids.add(RunningService.readTree(response.body()).path("id").asText());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                        .allMatch(id -> report(serviceUrl, id).path("attempts").asInt() >= 1));
                first.kill();
            }

            try (ChildJvm second = ChildServices.startService("restart-service-2", settings)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                        .allMatch(id -> "FORWARDED".equals(report(serviceUrl, id).path("status").asText())));
                Set<String> keys = new HashSet<>();
                for (String id : ids) {
                    keys.add(report(serviceUrl, id).path("jira").path("key").asText());
                }
                assertThat(keys).hasSize(REPORTS);
                assertThat(Http.sandboxIssues(sandboxUrl)).hasSize(REPORTS);
            }
        }
    }

    private static JsonNode report(String serviceUrl, String id) {
        return Http.getJsonAsAdmin(serviceUrl + "/api/v1/reports/" + id);
    }
}
