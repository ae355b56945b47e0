package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.jirabridge.store.Database;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What a new user meets in the first hour (#15), end to end on one service with a database in a file: a webhook
 * delivery refused for a missing secret is kept and applied once the secret is back, invalid UTF-8 is refused with its
 * offset, OAuth callbacks answer a browser with a page, and after a restart the edited demo is as the user left it,
 * the routes having stopped before the database closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstHourTest {

    @TempDir
    static Path dataDir;

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud().dataDir(() -> dataDir)
            .with("sync.apply-interval-ms", "100");

    @Test
    @Order(1)
    void aWebhookRefusedForAMissingSecretIsKeptAndAppliedOnceTheSecretIsSetAgain() {
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.sandboxWebhooks().contains("/webhooks/jira/demo"));
        String id = RunningService.readTree(service.postJson("/api/v1/reports", "{\"title\": \"Sync me\"}").body())
                .path("id").asText();
        String key = service.awaitReportStatus(id, "FORWARDED", Duration.ofSeconds(30)).path("jira").path("key")
                .asText();
        assertThat(patchDemo("{\"sync\": {\"webhookSecret\": null}}").statusCode()).isEqualTo(200);

        HttpResponse<String> comment = Http.sandbox("POST", "/rest/api/3/issue/" + key + "/comment",
                "{\"body\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"On it\"}]}]}}");
        assertThat(comment.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> refused().size() > 0);
        assertThat(refused().get(0).path("outcome").asText()).contains("no webhook secret");
        assertThat(service.report(id).path("comments")).isEmpty();

        assertThat(patchDemo("{\"sync\": {\"webhookSecret\": \"demo-webhook-secret\"}}").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> service.report(id).path("comments").size() == 1);
        assertThat(service.report(id).path("comments").get(0).path("body").asText()).isEqualTo("On it");
        assertThat(refused()).isEmpty();
    }

    @Test
    @Order(2)
    void aBodyThatIsNotUtf8IsRefusedWithTheOffsetOfTheFirstBadByte() {
        byte[] body = "{\"title\": \"Caf\u00e9 \u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> answer = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/api/v1/reports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = RunningService.readTree(answer.body());
        assertThat(error.path("error").asText()).isEqualTo("invalid_utf8");
        assertThat(error.path("message").asText()).contains("byte 0xE9 at offset 14");
        assertThat(error.path("details").get(0).path("offset").asInt()).isEqualTo(14);
    }

    @Test
    @Order(3)
    void anOAuthCallbackAnswersABrowserWithAPageAndAClientWithJson() {
        HttpResponse<String> page = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/api/v1/oauth/callback?state=unknown&code=x")).header("Accept", "text/html,*/*;q=0.8"));
        HttpResponse<String> json = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/api/v1/oauth/callback?state=unknown&code=x")).header("Accept", "application/json"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>Not authorized</h1>").contains("does not belong to an authorization");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(RunningService.readTree(json.body()).path("error").asText()).isEqualTo("invalid_state");
    }

    @Test
    @Order(4)
    void editsOfTheDemoSurviveARestartAndRoutesStopBeforeTheDatabaseCloses() {
        assertThat(patchDemo("{\"name\": \"My demo\", \"mapping\": {\"priorityMap\": {\"Major\": \"Highest\"}}}")
                .statusCode()).isEqualTo(200);
        Database database = service.bean("database", Database.class);
        List<String> refusedByTheDatabase = new CopyOnWriteArrayList<>();
        service.camelContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                try {
                    database.inTransaction(c -> c.createStatement().execute("SELECT 1"));
                } catch (RuntimeException e) {
                    refusedByTheDatabase.add(event.getType() + ": " + e.getMessage());
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event.getType() == CamelEvent.Type.RouteStopped;
            }
        });

        service.stop();

        assertThat(refusedByTheDatabase).as("routes stopped while the database was open").isEmpty();
        assertThatThrownBy(() -> database.inTransaction(c -> c.createStatement().execute("SELECT 1")))
                .as("closed once the context stopped").isInstanceOf(RuntimeException.class);
        service.startAgain(Map.of());
        JsonNode demo = RunningService.readTree(service.get("/api/v1/integrations/demo").body());
        assertThat(demo.path("name").asText()).isEqualTo("My demo");
        assertThat(demo.path("mapping").path("priorityMap").path("Major").asText()).isEqualTo("Highest");
        assertThat(demo.path("sync").path("webhookSecret").asText()).isEqualTo("********");
    }

    private static HttpResponse<String> patchDemo(String patch) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/integrations/demo"))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));
    }

    private static List<JsonNode> refused() {
        JsonNode events = RunningService.readTree(service.get("/api/v1/webhook-events?integrationId=demo").body());
        List<JsonNode> refused = new java.util.ArrayList<>();
        events.path("webhookEvents").forEach(event -> {
            if (event.path("state").asText().equals("REFUSED")) {
                refused.add(event);
            }
        });
        return refused;
    }

    /** Calls on the embedded sandbox, as the demo user. */
    private static final class Http {
        static HttpResponse<String> sandbox(String method, String path, String json) {
            return service.send(HttpRequest.newBuilder(URI.create(service.sandbox().baseUrl() + path))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            "demo@example.com:demo-token".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json)));
        }

        static String sandboxWebhooks() {
            return sandbox("GET", "/rest/webhooks/1.0/webhook", null).body();
        }
    }
}
