package org.jirabridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.jirabridge.sync.JiraEvents;
import org.jirabridge.testsupport.OpenApiContract;
import org.jirabridge.sync.WebhookVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admin webhooks: registered through /rest/webhooks/1.0/webhook, fired for every change made through the REST API
 * with Jira's payload shapes, signed when they have a secret (Cloud, Data Center 10+), retried with the same
 * identifier when the receiver fails, filtered by JQL.
 */
class SandboxWebhookTest {

    /** One request the receiver got. */
    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return SandboxClient.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer receiver;
    private JiraSandbox cloud;
    private JiraSandbox server;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 202, -1);
            }
        });
        receiver.start();
        cloud = JiraSandbox.start(0, Flavour.CLOUD);
        server = JiraSandbox.start(0, Flavour.SERVER);
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        cloud.stop();
        server.stop();
    }

    private String hookUrl() {
        return "http://localhost:" + receiver.getAddress().getPort() + "/hook";
    }

    private SandboxClient.Answer register(JiraSandbox sandbox, String events, String jql, String secret) {
        String body = "{\"name\":\"bridge\",\"url\":\"" + hookUrl() + "\",\"events\":[" + events + "],"
                + "\"filters\":{\"issue-related-events-section\":\"" + jql + "\"},\"excludeBody\":false"
                + (secret == null ? "" : ",\"secret\":\"" + secret + "\"") + "}";
        return SandboxClient.demo(sandbox).post("/rest/webhooks/1.0/webhook", body);
    }

    private String createIssue(JiraSandbox sandbox, String project) {
        String version = sandbox.flavour() == Flavour.CLOUD ? "3" : "2";
        SandboxClient.Answer created = SandboxClient.demo(sandbox).post("/rest/api/" + version + "/issue",
                "{\"fields\":{\"project\":{\"key\":\"" + project + "\"},\"issuetype\":{\"name\":\"Bug\"},"
                        + "\"summary\":\"Crash\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("key").asText();
    }

    private List<Received> awaitDeliveries(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= count);
        return List.copyOf(received);
    }

    @Test
    void registrationIsListedWithoutItsSecretAndCanBeDeleted() {
        SandboxClient.Answer created = register(cloud, "\"jira:issue_updated\"", "project = DEMO", "s3cret");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode webhook = created.json();
        assertThat(webhook.path("self").asText()).startsWith(cloud.baseUrl() + "/rest/webhooks/1.0/webhook/");
        assertThat(webhook.path("filters").path("issue-related-events-section").asText()).isEqualTo("project = DEMO");
        assertThat(webhook.path("enabled").asBoolean()).isTrue();
        SandboxClient.Answer list = SandboxClient.demo(cloud).get("/rest/webhooks/1.0/webhook");
        assertThat(list.json()).hasSize(1);
        assertThat(list.body()).doesNotContain("s3cret");

        String path = webhook.path("self").asText().substring(cloud.baseUrl().length());
        assertThat(SandboxClient.demo(cloud).delete(path).status()).isEqualTo(204);
        assertThat(SandboxClient.demo(cloud).get(path).status()).isEqualTo(404);
        assertThat(SandboxClient.anonymous(cloud).get("/rest/webhooks/1.0/webhook").status()).isEqualTo(401);
    }

    @Test
    void badRegistrationsAreRefusedAll400() {
        SandboxClient demo = SandboxClient.demo(cloud);

        SandboxClient.Answer noName = demo.post("/rest/webhooks/1.0/webhook", "{\"url\":\"" + hookUrl() + "\"}");
        SandboxClient.Answer badEvent = register(cloud, "\"issue_exploded\"", "", null);
        SandboxClient.Answer badJql = register(cloud, "\"jira:issue_updated\"", "project ~ DEMO", null);
        SandboxClient.Answer plainHttpElsewhere = demo.post("/rest/webhooks/1.0/webhook",
                "{\"name\":\"x\",\"url\":\"http://example.com/hook\"}");

        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().path("errorMessages").toString()).contains("name");
        assertThat(badEvent.status()).isEqualTo(400);
        assertThat(badEvent.body()).contains("issue_exploded");
        assertThat(badJql.status()).isEqualTo(400);
        assertThat(plainHttpElsewhere.status()).as("Cloud wants HTTPS").isEqualTo(400);
    }

    @Test
    void aCloudTransitionIsDeliveredSignedWithAChangelogAndRetriedWithTheSameIdentifier() {
        register(cloud, "\"jira:issue_updated\"", "project = DEMO", "s3cret");
        String key = createIssue(cloud, "DEMO");
        failuresLeft.set(1);

        SandboxClient.Answer moved = SandboxClient.demo(cloud).post("/rest/api/3/issue/" + key + "/transitions",
                "{\"transition\":{\"id\":\"31\"}}");
        assertThat(moved.status()).isEqualTo(204);

        List<Received> deliveries = awaitDeliveries(2);
        Received first = deliveries.get(0);
        Received retry = deliveries.get(1);
        assertThat(retry.header("X-Atlassian-Webhook-Identifier")).isEqualTo(first.header("X-Atlassian-Webhook-Identifier"))
                .isNotBlank();
        assertThat(first.header("X-Atlassian-Webhook-Retry")).isNull();
        assertThat(retry.header("X-Atlassian-Webhook-Retry")).isEqualTo("1");
        assertThat(retry.header("X-Hub-Signature")).isEqualTo(WebhookVerifier.signatureHeader("s3cret", retry.body()));

        JsonNode payload = retry.json();
        assertThat(payload.path("webhookEvent").asText()).isEqualTo("jira:issue_updated");
        assertThat(payload.path("issue_event_type_name").asText()).isEqualTo("issue_generic");
        assertThat(payload.path("timestamp").isNumber()).isTrue();
        assertThat(payload.path("user").path("accountId").asText()).startsWith("557058:");
        assertThat(payload.path("issue").path("key").asText()).isEqualTo(key);
        assertThat(payload.path("issue").path("fields").path("status").path("name").asText()).isEqualTo("Done");
        assertThat(payload.path("changelog").path("items").toString()).contains("\"field\":\"status\"")
                .contains("\"toString\":\"Done\"").contains("\"field\":\"resolution\"");
        assertThat(payload.path("matchedWebhookIds")).hasSize(1);
        // what the bridge reads from it, the same way as from the real captures
        assertThat(JiraEvents.parse(payload).ignoredBecause()).isNull();
    }

    @Test
    void commentsAreAnnouncedWhenAddedEditedAndDeleted() {
        register(cloud, "\"comment_created\",\"comment_updated\",\"comment_deleted\"", "", null);
        String key = createIssue(cloud, "DEMO");
        List<RecordedExchange> traffic = new CopyOnWriteArrayList<>();
        cloud.addListener(traffic::add);
        SandboxClient demo = SandboxClient.demo(cloud);
        String adf = "{\"body\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]}]}}";

        String id = demo.post("/rest/api/3/issue/" + key + "/comment", adf.formatted("first")).json().path("id").asText();
        assertThat(demo.put("/rest/api/3/issue/" + key + "/comment/" + id, adf.formatted("second")).status())
                .isEqualTo(200);
        assertThat(demo.get("/rest/api/3/issue/" + key + "/comment/" + id).json().path("body").toString())
                .contains("second");
        assertThat(demo.delete("/rest/api/3/issue/" + key + "/comment/" + id).status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/issue/" + key + "/comment/" + id).status()).isEqualTo(404);

        // the single-comment endpoints answer as Atlassian's OpenAPI document says
        OpenApiContract.forFlavour(Flavour.CLOUD).assertConforms(traffic);
        List<Received> deliveries = awaitDeliveries(3);
        assertThat(deliveries).extracting(r -> r.json().path("webhookEvent").asText())
                .containsExactlyInAnyOrder("comment_created", "comment_updated", "comment_deleted");
        assertThat(deliveries).allSatisfy(r -> {
            assertThat(r.json().path("comment").path("id").asText()).isEqualTo(id);
            assertThat(r.json().path("issue").path("key").asText()).isEqualTo(key);
            assertThat(r.header("X-Hub-Signature")).as("no secret, no signature").isNull();
        });
        assertThat(deliveries).filteredOn(r -> r.json().path("webhookEvent").asText().equals("comment_updated"))
                .singleElement().satisfies(r -> assertThat(r.json().path("comment").path("body").asText())
                        .as("webhooks carry v2 bodies").isEqualTo("second"));
    }

    @Test
    void deletingAnIssueDeliversJiraIssueDeletedOnBothFlavours() {
        String cloudKey = createIssue(cloud, "DEMO");
        String serverKey = createIssue(server, "DEMO");
        String cloudId = SandboxClient.demo(cloud).get("/rest/api/3/issue/" + cloudKey).json().path("id").asText();
        // registered after the creates and for deletions only: the deletes are all there is to deliver
        assertThat(register(cloud, "\"jira:issue_deleted\"", "project = DEMO", null).status()).isEqualTo(201);
        assertThat(register(server, "\"jira:issue_deleted\"", "project = DEMO", null).status()).isEqualTo(201);

        assertThat(SandboxClient.demo(cloud).delete("/rest/api/3/issue/" + cloudKey).status()).isEqualTo(204);
        assertThat(SandboxClient.demo(server).delete("/rest/api/2/issue/" + serverKey).status()).isEqualTo(204);

        List<Received> deliveries = awaitDeliveries(2);
        assertThat(deliveries).allSatisfy(r -> {
            JsonNode payload = r.json();
            assertThat(payload.path("webhookEvent").asText()).isEqualTo("jira:issue_deleted");
            assertThat(payload.path("timestamp").isNumber()).isTrue();
            assertThat(payload.path("issue").path("fields").path("summary").asText()).isEqualTo("Crash");
            // the bridge reads it as the deletion of that issue
            JiraEvents.Parsed parsed = JiraEvents.parse(payload);
            assertThat(parsed.type()).isEqualTo("jira:issue_deleted");
            assertThat(parsed.ignoredBecause()).isNull();
        });
        JsonNode fromCloud = deliveries.stream().map(Received::json).filter(p -> p.has("matchedWebhookIds"))
                .findFirst().orElseThrow();
        assertThat(fromCloud.path("issue").path("key").asText()).isEqualTo(cloudKey);
        assertThat(fromCloud.path("issue").path("id").asText()).isEqualTo(cloudId);
        assertThat(fromCloud.path("user").path("accountId").asText()).startsWith("557058:");
        JsonNode fromServer = deliveries.stream().map(Received::json).filter(p -> !p.has("matchedWebhookIds"))
                .findFirst().orElseThrow();
        assertThat(fromServer.path("issue").path("key").asText()).isEqualTo(serverKey);
        assertThat(fromServer.path("user").path("name").asText()).isEqualTo("admin");
        // one delivery each, and the issue is gone
        for (JiraSandbox sandbox : List.of(cloud, server)) {
            assertThat(SandboxClient.anonymous(sandbox).get("/_sandbox/webhooks").json().path("deliveries")).hasSize(1);
        }
        assertThat(SandboxClient.demo(cloud).get("/rest/api/3/issue/" + cloudKey).status()).isEqualTo(404);
        assertThat(SandboxClient.demo(server).get("/rest/api/2/issue/" + serverKey).status()).isEqualTo(404);
    }

    @Test
    void theJqlFilterKeepsOtherProjectsOut() {
        SandboxClient.Answer seeded = SandboxClient.anonymous(cloud).post("/_sandbox/seed",
                "{\"projects\":[{\"key\":\"OPS\",\"name\":\"Operations\"}]}");
        assertThat(seeded.status()).isEqualTo(200);
        register(cloud, "\"jira:issue_created\"", "project = DEMO", null);

        createIssue(cloud, "OPS");
        String demoKey = createIssue(cloud, "DEMO");

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1
                && SandboxClient.anonymous(cloud).get("/_sandbox/webhooks").body().contains("DELIVERED"));
        assertThat(received.get(0).json().path("issue").path("key").asText()).isEqualTo(demoKey);
        JsonNode control = SandboxClient.anonymous(cloud).get("/_sandbox/webhooks").json();
        assertThat(control.path("deliveries")).hasSize(1);
    }

    @Test
    void serverBeforeTenCannotSignSoItsSecretIsIgnoredAndTenSigns() {
        assertThat(register(server, "\"jira:issue_created\"", "", "s3cret").status()).isEqualTo(201);
        createIssue(server, "DEMO");
        Received unsigned = awaitDeliveries(1).get(0);

        assertThat(unsigned.header("X-Hub-Signature")).isNull();
        assertThat(unsigned.json().path("user").path("name").asText()).isEqualTo("admin");
        assertThat(unsigned.json().has("matchedWebhookIds")).isFalse();

        SandboxClient.anonymous(server).post("/_sandbox/seed", "{\"serverVersion\":\"10.3.0\"}");
        register(server, "\"jira:issue_created\"", "", "s3cret");
        createIssue(server, "DEMO");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                .anyMatch(r -> r.header("X-Hub-Signature") != null));
        Received signed = received.stream().filter(r -> r.header("X-Hub-Signature") != null).findFirst().orElseThrow();
        assertThat(signed.header("X-Hub-Signature")).isEqualTo(WebhookVerifier.signatureHeader("s3cret", signed.body()));
        assertThat(new String(signed.body(), StandardCharsets.UTF_8)).contains("\"webhookEvent\":\"jira:issue_created\"");
    }

    @Test
    void aResetForgetsRegistrations() {
        register(cloud, "\"jira:issue_created\"", "", null);

        cloud.reset();

        assertThat(SandboxClient.demo(cloud).get("/rest/webhooks/1.0/webhook").json()).isEmpty();
    }
}
