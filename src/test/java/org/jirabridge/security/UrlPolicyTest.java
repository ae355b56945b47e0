package org.jirabridge.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jirabridge.integration.Integrations;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.sync.SyncPoller;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The URL policy decides before any request leaves: a loopback listener this test starts stands where a refused URL
 * points, and receives nothing, neither from a save's check (with the credential), nor from the pickers, the
 * connection check, forwarding or a sync poll of an integration whose stored URL the policy refuses. Every refused
 * spelling below reaches the listener when used directly (0.0.0.0 and 2130706433 are this machine).
 */
class UrlPolicyTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud();
    private static HttpServer listener;
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static int port;
    private static volatile boolean echo;

    @BeforeAll
    static void start() throws IOException {
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + authorization);
            // in echo mode it plays a server that repeats the request's credential in its error text
            byte[] body = (echo ? "{\"errorMessages\": [\"you sent Authorization: " + authorization + "\"],"
                    + " \"errors\": {\"summary\": \"refused " + authorization + "\"}}" : "{}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(echo ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        listener.start();
        port = listener.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (listener != null) {
            listener.stop(0);
        }
    }

    @BeforeEach
    void forget() {
        received.clear();
        echo = false;
    }

    @Test
    void credentialsEchoedInAnErrorAreNotRelayed() {
        moveIntegration("echoing", "http://localhost:" + port);
        echo = true;
        String basic = java.util.Base64.getEncoder().encodeToString("demo@example.com:demo-token"
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> picker = service.get("/api/v1/integrations/echoing/projects");
        String reportId = RunningService.readTree(service.postJson("/api/v1/reports",
                "{\"title\": \"to an echoing server\", \"integrationId\": \"echoing\"}").body()).path("id").asText();
        JsonNode report = service.awaitReportStatus(reportId, "FAILED", Duration.ofSeconds(30));
        String deadLetters = service.get("/api/v1/dead-letters").body();

        assertThat(received).as("the listener was asked").isNotEmpty().allMatch(line -> line.contains(basic));
        for (String answer : List.of(picker.body(), report.toString(), deadLetters)) {
            assertThat(answer).doesNotContain(basic).doesNotContain("demo-token");
        }
        assertThat(report.path("lastError").asText()).contains("Authorization: [removed]");
    }

    /** Saves an integration against the sandbox, then points its stored URL elsewhere (as an older save could have). */
    private static void moveIntegration(String id, String url) {
        String sandbox = service.sandbox().baseUrl();
        HttpResponse<String> saved = service.postJson("/api/v1/integrations", "{\"id\": \"" + id + "\", \"connection\":"
                + " {\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox + "\", \"authType\": \"BASIC\","
                + " \"email\": \"demo@example.com\", \"apiToken\": \"demo-token\"},"
                + " \"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        service.bean("database", org.jirabridge.store.Database.class).inTransaction(c -> {
            try (var update = c.prepareStatement("UPDATE integration SET connection_json ="
                    + " REPLACE(connection_json, ?, ?) WHERE id = ?")) {
                update.setString(1, sandbox);
                update.setString(2, url);
                update.setString(3, id);
                return update.executeUpdate();
            }
        });
        service.bean("integrations", Integrations.class).forgetConnection(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0.0.0.0:{port}", "http://2130706433:{port}", "http://[::ffff:127.0.0.1]:{port}",
            "http://0x7f.1:{port}", "http://127.1:{port}", "http://localhost:{port}/?", "http://localhost:{port}/x?y=",
            "http://localhost:{port}/#x", "http://user:pass@localhost:{port}", "https://0.0.0.0:{port}",
            "http://[::]:{port}"})
    void aRefusedBaseUrlIsRefusedBeforeTheSaveCheckSendsAnything(String url) {
        String baseUrl = url.replace("{port}", String.valueOf(port));
        String connection = "{\"deployment\": \"cloud\", \"baseUrl\": \"" + baseUrl + "\", \"authType\": \"BASIC\","
                + " \"email\": \"demo@example.com\", \"apiToken\": \"stolen-token\"}";
        HttpResponse<String> created = service.postJson("/api/v1/integrations", "{\"id\": \"ssrf\", \"connection\": "
                + connection + ", \"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}");
        HttpResponse<String> edited = service.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/integrations/demo")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"connection\": " + connection + ", \"default\": true,"
                        + " \"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}")));

        for (HttpResponse<String> answer : List.of(created, edited)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("connection.baseUrl");
        }
        assertThat(received).as("requests that reached %s", baseUrl).isEmpty();
        assertThat(service.get("/api/v1/integrations/demo").body()).doesNotContain(baseUrl);
    }

    @Test
    void aStoredSecretDoesNotFollowANewBaseUrlOrDeployment() {
        String sandbox = service.sandbox().baseUrl();
        // the listener's address is allowed: only the masked token stands between it and the stored credential
        for (String connection : List.of(
                "{\"deployment\": \"cloud\", \"baseUrl\": \"http://localhost:" + port + "\", \"authType\": \"BASIC\","
                        + " \"email\": \"demo@example.com\", \"apiToken\": \"********\"}",
                "{\"deployment\": \"cloud\", \"baseUrl\": \"http://localhost:" + port + "\", \"authType\": \"BASIC\","
                        + " \"email\": \"demo@example.com\"}",
                "{\"deployment\": \"server\", \"baseUrl\": \"" + sandbox + "\", \"authType\": \"BASIC\","
                        + " \"username\": \"demo@example.com\", \"password\": \"********\"}")) {
            HttpResponse<String> edited = putDemo(connection);
            assertThat(edited.statusCode()).as(edited.body()).isEqualTo(400);
            assertThat(edited.body()).contains("must be sent again");
        }
        assertThat(received).as("requests that reached the new URL").isEmpty();
        // on the same site the mask still keeps the stored token
        HttpResponse<String> kept = putDemo("{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox + "/\","
                + " \"authType\": \"BASIC\", \"email\": \"demo@example.com\", \"apiToken\": \"********\"}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
    }

    private static HttpResponse<String> putDemo(String connection) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/integrations/demo"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"connection\": " + connection + ", \"default\": true,"
                        + " \"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"},"
                        + " \"sync\": {\"webhookSecret\": \"********\"}}")));
    }

    @Test
    void aStoredUrlThePolicyRefusesIsNeverCalled() throws Exception {
        // the listener is reachable at the refused address: anything the service sent would arrive
        assertThat(Http.get("http://0.0.0.0:" + port + "/reachable").statusCode()).isEqualTo(200);
        received.clear();
        // as if saved before the policy (or security.http-allowed-hosts) changed
        moveIntegration("moved", "http://0.0.0.0:" + port);

        assertThat(service.get("/api/v1/integrations/moved/projects").statusCode()).isBetween(400, 599);
        assertThat(service.get("/api/v1/integrations/moved/priorities").statusCode()).isBetween(400, 599);
        HttpResponse<String> check = service.postJson("/api/v1/integrations/moved/check", "");
        assertThat(check.body()).doesNotContain("\"status\":\"ok\"");
        String reportId = RunningService.readTree(service.postJson("/api/v1/reports",
                "{\"title\": \"to a refused URL\", \"integrationId\": \"moved\"}").body()).path("id").asText();
        JsonNode report = service.awaitReportStatus(reportId, "FAILED", Duration.ofSeconds(30));
        assertThat(report.path("lastError").asText()).contains("connection.baseUrl");
        ProducerTemplate template = service.camelContext().createProducerTemplate();
        Exchange poll = template.send("direct:sync-poll", exchange -> {
            exchange.getMessage().setHeader("JiraBridgeIntegrationId", "moved");
            exchange.getMessage().setHeader(BridgeHeaders.SYNC_CATCH_UP, true);
        });
        template.close();

        assertThat(received).as("requests that reached the refused URL").isEmpty();
        assertThat(poll.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)).as("the poll failed").isNotNull();
    }
}
