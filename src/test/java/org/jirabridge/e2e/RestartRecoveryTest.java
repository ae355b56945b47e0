package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.Application;
import org.jirabridge.testsupport.ChildJvm;
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
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void reportsClaimedByAKilledServiceAreForwardedAfterTheRestart() throws Exception {
        int sandboxPort = RunningService.freePort();
        int servicePort = RunningService.freePort();
        String sandboxUrl = "http://localhost:" + sandboxPort;
        String serviceUrl = "http://localhost:" + servicePort;
        Map<String, String> settings = Map.of(
                "camel.server.port", String.valueOf(servicePort),
                "camel.management.port", String.valueOf(servicePort),
                "store.jdbc-url", "jdbc:h2:file:./target/restart-" + UUID.randomUUID(),
                "vault.key-file", "target/test-vault.key",
                "sandbox.enabled", "false",
                "sandbox.port", String.valueOf(sandboxPort),
                "demo.send-samples", "false",
                "forward.poll-interval-ms", "100",
                "forward.lease-seconds", "5",
                // a back-off long enough that the first service is still waiting to retry when it is killed
                "forward.initial-delay-ms", "3000");

        try (ChildJvm sandbox = ChildJvm.start("restart-sandbox", Application.class.getName(), Map.of(),
                "sandbox", "--port", String.valueOf(sandboxPort), "--flavour", "cloud")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> status(sandboxUrl + "/rest/api/3/serverInfo") == 200);
            // the first attempt of each report loses its connection; Jira creates nothing
            post(sandboxUrl + "/_sandbox/faults", "{\"path\": \"/rest/api/3/issue\", \"method\": \"POST\","
                    + " \"drop\": true, \"count\": " + REPORTS + "}");

            List<String> ids = new ArrayList<>();
            try (ChildJvm first = ChildJvm.start("restart-service-1", Application.class.getName(), settings)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> status(serviceUrl + "/observe/health") == 200);
                for (int i = 0; i < REPORTS; i++) {
                    HttpResponse<String> response = post(serviceUrl + "/api/v1/reports",
                            "{\"title\": \"Survives a crash " + i + "\"}");
                    assertThat(response.statusCode()).isEqualTo(202);
                    ids.add(RunningService.readTree(response.body()).path("id").asText());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                        .allMatch(id -> report(serviceUrl, id).path("attempts").asInt() >= 1));
                first.kill();
            }

            try (ChildJvm second = ChildJvm.start("restart-service-2", Application.class.getName(), settings)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> status(serviceUrl + "/observe/health") == 200);
                await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                        .allMatch(id -> "FORWARDED".equals(report(serviceUrl, id).path("status").asText())));
                Set<String> keys = new HashSet<>();
                for (String id : ids) {
                    keys.add(report(serviceUrl, id).path("jira").path("key").asText());
                }
                assertThat(keys).hasSize(REPORTS);
                JsonNode issues = RunningService.readTree(get(sandboxUrl + "/_sandbox/issues").body());
                assertThat((issues.isArray() ? issues : issues.path("issues")).size()).isEqualTo(REPORTS);
            }
        }
    }

    private JsonNode report(String serviceUrl, String id) {
        return RunningService.readTree(get(serviceUrl + "/api/v1/reports/" + id).body());
    }

    private int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IllegalStateException notUpYet) {
            return -1;
        }
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private HttpResponse<String> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
