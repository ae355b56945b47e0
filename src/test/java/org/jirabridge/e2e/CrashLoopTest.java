package org.jirabridge.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.SandboxDriver;
import org.jirabridge.testsupport.ServiceExtension;
import org.jirabridge.testsupport.ServiceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    final ServiceExtension jira = ServiceExtension.childProcesses("cloud");

    @Test
    void aThousandReportsSurviveRepeatedKillsAsExactlyAThousandIssues() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        SandboxDriver sandbox = jira.sandboxDriver();
        sandbox.rateLimit(60);
        List<String> ids = new ArrayList<>();
        ServiceNode service = jira.startNode("crash-service-0", Map.of(
                "forward.lease-seconds", "3",
                "forward.initial-delay-ms", "200",
                "forward.max-redeliveries", "20",
                "forward.batch-size", "50"));
        for (int i = 0; i < REPORTS; i++) {
            HttpResponse<String> response = Http.postJsonAsAdmin(service.url() + "/api/v1/reports",
                    "{\"title\": \"Crash loop " + i + "\", \"externalId\": \"crash-" + i + "\"}");
            assertThat(response.statusCode()).as("seed %d, report %d", seed, i).isEqualTo(202);
            ids.add(RunningService.readTree(response.body()).path("id").asText());
        }
        for (int kill = 1; kill <= KILLS; kill++) {
            // kill once a random number of further issues exist: a random point of the forwarding
            int target = Math.min(REPORTS - 1, sandbox.createdIssues() + 20 + random.nextInt(80));
            await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.createdIssues() >= target);
            service = jira.restart(service, "crash-service-" + kill);
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> sandbox.createdIssues() >= REPORTS);
        ServiceNode last = service;
        await().atMost(Duration.ofMinutes(1)).until(() -> last.isAlive() && ids.stream().allMatch(
                id -> "FORWARDED".equals(last.report(id).path("status").asText())));
        Set<String> keys = new HashSet<>();
        for (String id : ids) {
            keys.add(last.report(id).path("jira").path("key").asText());
        }
        assertThat(keys).as("seed %d", seed).hasSize(REPORTS);
        assertThat(sandbox.createdIssues()).as("seed %d", seed).isEqualTo(REPORTS);
        assertThat(sandbox.issues()).as("seed %d", seed).hasSize(REPORTS);
    }
}
