package org.jirabridge.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.jirabridge.testsupport.ServiceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart loses nothing: the service is killed (SIGKILL) while reports are claimed and waiting for a retry, then
 * started again on the same database; every report ends FORWARDED, each as exactly one issue. The sandbox runs as a
 * process of its own so Jira's state outlives the service.
 */
class RestartRecoveryTest {

    private static final int REPORTS = 5;

    @RegisterExtension
    final ServiceExtension jira = ServiceExtension.childProcesses("cloud");

    @Test
    void reportsClaimedByAKilledServiceAreForwardedAfterTheRestart() {
        // the first attempt of each report loses its connection; Jira creates nothing
        jira.sandboxDriver().fault("\"path\": \"/rest/api/3/issue\", \"method\": \"POST\", \"drop\": true, \"count\": "
                + REPORTS);

        List<String> ids = new ArrayList<>();
        ServiceNode service = jira.startNode("restart-service-1", Map.of(
                "forward.lease-seconds", "5",
                // a back-off long enough that the first service is still waiting to retry when it is killed
                "forward.initial-delay-ms", "3000"));
        for (int i = 0; i < REPORTS; i++) {
            HttpResponse<String> response = Http.postJsonAsAdmin(service.url() + "/api/v1/reports",
                    "{\"title\": \"Survives a crash " + i + "\"}");
            assertThat(response.statusCode()).isEqualTo(202);
            ids.add(RunningService.readTree(response.body()).path("id").asText());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                .allMatch(id -> service.report(id).path("attempts").asInt() >= 1));

        ServiceNode second = jira.restart(service, "restart-service-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> "FORWARDED".equals(second.report(id).path("status").asText())));
        Set<String> keys = new HashSet<>();
        for (String id : ids) {
            keys.add(second.report(id).path("jira").path("key").asText());
        }
        assertThat(keys).hasSize(REPORTS);
        assertThat(jira.sandboxDriver().issues()).hasSize(REPORTS);
    }
}
