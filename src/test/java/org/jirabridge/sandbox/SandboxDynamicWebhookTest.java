package org.jirabridge.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.jirabridge.auth.ConnectJwt;
import org.jirabridge.auth.OAuthWebhookToken;
import org.jirabridge.testsupport.OpenApiContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Dynamic webhooks (/rest/api/3/webhook) as Atlassian documents them: only apps (OAuth 2.0 3LO, Connect) may use
 * them, each webhook of a registration is judged alone, they expire 30 days after registration or refresh by the
 * sandbox's movable clock, deliveries carry the app's JWT instead of a signature, and deliveries that fail after every
 * retry are listed to Connect apps by /webhook/failed. Every test's REST traffic (through the API gateway too) is
 * checked against Atlassian's OpenAPI documents after it, and one test answers every webhook operation of both REST
 * versions, so this class spec-checks all of them (SandboxSpecConformanceTest leaves them to it).
 */
class SandboxDynamicWebhookTest {

    private static final String CONNECT_SECRET = "connect-shared-secret-chosen-by-the-test-0123456789";
    private static final long DAY = 24 * 3600;

    private final List<SandboxWebhookTest.Received> received = new CopyOnWriteArrayList<>();
    /** The REST exchanges with the Cloud sandbox, directly and through the API gateway. */
    private final List<RecordedExchange> traffic = new CopyOnWriteArrayList<>();
    /** Set while a test sends a request outside the spec on purpose: that exchange is not spec-checked. */
    private volatile boolean offSpec;
    private HttpServer app;
    private JiraSandbox cloud;

    @BeforeEach
    void start() throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        app.createContext("/app/atlassian-connect.json", exchange -> {
            try (exchange) {
                byte[] descriptor = ("{\"key\":\"test-app\",\"baseUrl\":\"" + appUrl("/app") + "\","
                        + "\"authentication\":{\"type\":\"jwt\"},\"lifecycle\":{\"installed\":\"/installed\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, descriptor.length);
                exchange.getResponseBody().write(descriptor);
            }
        });
        app.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().endsWith("/installed")) {
                    received.add(new SandboxWebhookTest.Received(Map.copyOf(exchange.getRequestHeaders()),
                            exchange.getRequestBody().readAllBytes()));
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        app.start();
        cloud = JiraSandbox.start(0, Flavour.CLOUD);
        cloud.autoApprove(true);
        cloud.addListener(exchange -> {
            boolean rest = exchange.path().startsWith("/rest/") || exchange.path().startsWith("/ex/jira/");
            if (rest && !offSpec) {
                traffic.add(exchange);
            }
        });
    }

    @AfterEach
    void stop() {
        app.stop(0);
        cloud.stop();
        // after every test: what the apps sent and got follows Atlassian's OpenAPI documents
        OpenApiContract.forFlavour(Flavour.CLOUD).assertConforms(traffic);
    }


    private String appUrl(String path) {
        return "http://localhost:" + app.getAddress().getPort() + path;
    }

    /** A 3LO access token of the demo app, through the consent (approved at once) and the code exchange. */
    private String threeLeggedToken(String scopes) {
        String redirect = "http://localhost:1/api/v1/oauth/callback";
        SandboxClient.Answer consent = SandboxClient.anonymous(cloud).get("/authorize?audience=api.atlassian.com"
                + "&client_id=demo-oauth-client&response_type=code&state=s&prompt=consent&scope="
                + URLEncoder.encode(scopes, StandardCharsets.UTF_8) + "&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
        assertThat(consent.status()).as(consent.body()).isEqualTo(302);
        String code = null;
        for (String pair : URI.create(consent.header("Location")).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        SandboxClient.Answer token = SandboxClient.anonymous(cloud).post("/oauth/token", "{\"grant_type\":"
                + "\"authorization_code\",\"client_id\":\"demo-oauth-client\",\"client_secret\":\"demo-oauth-secret\","
                + "\"code\":\"" + code + "\",\"redirect_uri\":\"" + redirect + "\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        return token.json().path("access_token").asText();
    }

    private SandboxClient oauthApp() {
        return SandboxClient.gateway(cloud, "demo-cloud", threeLeggedToken(
                "read:jira-work write:jira-work read:jira-user manage:jira-webhook offline_access"));
    }

    private static String registration(String url, String jql) {
        return "{\"url\":\"" + url + "\",\"webhooks\":[{\"events\":[\"jira:issue_created\",\"jira:issue_updated\"],"
                + "\"jqlFilter\":\"" + jql + "\"}]}";
    }

    private String createIssue() {
        SandboxClient.Answer created = SandboxClient.demo(cloud).post("/rest/api/3/issue", "{\"fields\":{\"project\":"
                + "{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"Crash\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("key").asText();
    }

    private JsonNode control() {
        return SandboxClient.anonymous(cloud).get("/_sandbox/webhooks").json();
    }

    private void advanceDays(long days) {
        assertThat(SandboxClient.anonymous(cloud).post("/_sandbox/clock", "{\"advanceSeconds\":" + days * DAY + "}")
                .status()).isEqualTo(200);
    }

    @Test
    void onlyAppsMayUseDynamicWebhooks() {
        SandboxClient person = SandboxClient.demo(cloud);
        SandboxClient.Answer serviceToken = SandboxClient.anonymous(cloud).post("/oauth/token", "{\"grant_type\":"
                + "\"client_credentials\",\"client_id\":\"demo-svc-client\",\"client_secret\":\"demo-svc-secret\"}");
        SandboxClient serviceAccount = SandboxClient.gateway(cloud, "demo-cloud",
                serviceToken.json().path("access_token").asText());

        for (SandboxClient notAnApp : List.of(person, serviceAccount)) {
            List<SandboxClient.Answer> answers = List.of(notAnApp.get("/rest/api/3/webhook"),
                    notAnApp.post("/rest/api/3/webhook", registration(appUrl("/hook"), "project = DEMO")),
                    notAnApp.put("/rest/api/3/webhook/refresh", "{\"webhookIds\":[10000]}"),
                    notAnApp.get("/rest/api/3/webhook/failed"), notAnApp.get("/rest/api/2/webhook"));
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(403);
                assertThat(answer.json().path("errorMessages").get(0).asText())
                        .isEqualTo("Only apps can access this resource.");
            });
        }
        // a 3LO token without manage:jira-webhook is refused by the gateway
        SandboxClient unscoped = SandboxClient.gateway(cloud, "demo-cloud", threeLeggedToken("read:jira-work"));
        assertThat(unscoped.get("/rest/api/3/webhook").status()).isEqualTo(401);
        assertThat(SandboxClient.anonymous(cloud).get("/rest/api/3/webhook").status()).isEqualTo(401);
        try (JiraSandbox server = JiraSandbox.start(0, Flavour.SERVER)) {
            // Data Center has no dynamic webhooks
            assertThat(SandboxClient.demo(server).get("/rest/api/2/webhook").status()).isEqualTo(404);
        }
    }

    @Test
    void anOAuthAppRegistersEachWebhookAloneAndItsDeliveriesCarryAJwtOfTheClientSecret() throws Exception {
        SandboxClient oauth = oauthApp();

        // an event outside the spec's enum, on purpose: how the sandbox judges it is asserted below, not spec-checked
        offSpec = true;
        SandboxClient.Answer registered;
        try {
            registered = oauth.post("/rest/api/3/webhook", "{\"url\":\"" + appUrl("/hook") + "\","
                    + "\"webhooks\":[{\"events\":[\"jira:issue_created\"],\"jqlFilter\":\"project = DEMO\"},"
                    + "{\"events\":[\"jira:issue_created\"],\"jqlFilter\":\"watchCount = 3\"},"
                    + "{\"events\":[\"jira:issue_exploded\"],\"jqlFilter\":\"project = DEMO\"}]}");
        } finally {
            offSpec = false;
        }

        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        JsonNode results = registered.json().path("webhookRegistrationResult");
        assertThat(results.get(0).path("createdWebhookId").asLong()).isEqualTo(10000L);
        assertThat(results.get(1).path("errors").get(0).asText()).isEqualTo("The clause watchCount is unsupported");
        assertThat(results.get(2).path("errors").toString()).contains("jira:issue_exploded");
        JsonNode list = oauth.get("/rest/api/3/webhook").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        JsonNode webhook = list.path("values").get(0);
        assertThat(webhook.path("jqlFilter").asText()).isEqualTo("project = DEMO");
        assertThat(webhook.path("url").asText()).isEqualTo(appUrl("/hook"));
        assertThat(Instant.ofEpochMilli(webhook.path("expirationDate").asLong()))
                .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));

        String key = createIssue();

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        SandboxWebhookTest.Received delivery = received.get(0);
        assertThat(delivery.json().path("issue").path("key").asText()).isEqualTo(key);
        assertThat(delivery.json().path("matchedWebhookIds").get(0).asLong()).isEqualTo(10000L);
        assertThat(delivery.header("X-Hub-Signature")).as("dynamic webhooks are not HMAC-signed").isNull();
        String authorization = delivery.header("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        OAuthWebhookToken.verify(authorization.substring(7), "demo-oauth-secret", Instant.now());
        assertThatThrownBy(() -> OAuthWebhookToken.verify(authorization.substring(7), "another-secret",
                Instant.now())).hasMessageContaining("signature");

        // one URL per app; an OAuth 2.0 app keeps at most 5 webhooks per user
        assertThat(oauth.post("/rest/api/3/webhook", registration(appUrl("/other"), "project = DEMO")).body())
                .contains("Only a single URL per app is allowed to be registered.");
        for (int i = 0; i < 4; i++) {
            assertThat(oauth.post("/rest/api/3/webhook", registration(appUrl("/hook"), "project = REQ")).json()
                    .path("webhookRegistrationResult").get(0).has("createdWebhookId")).isTrue();
        }
        assertThat(oauth.post("/rest/api/3/webhook", registration(appUrl("/hook"), "project = REQ")).json()
                .path("webhookRegistrationResult").get(0).path("errors").toString()).contains("at most 5");
        assertThat(oauth.send("DELETE", "/rest/api/3/webhook", "{\"webhookIds\":[10001,10002,10003,10004,99]}",
                "application/json").status()).isEqualTo(202);
        assertThat(oauth.get("/rest/api/3/webhook").json().path("total").asInt()).isEqualTo(1);
        // OAuth 2.0 apps cannot list failed deliveries: Atlassian documents the operation for Connect apps only
        SandboxClient.Answer failed = oauth.get("/rest/api/3/webhook/failed");
        assertThat(failed.status()).isEqualTo(403);
        assertThat(failed.body()).contains("Only Connect apps");
    }

    @Test
    void aWebhookExpiresThirtyDaysAfterItsLastRefreshOnTheSandboxClock() {
        SandboxClient oauth = oauthApp();
        oauth.post("/rest/api/3/webhook", registration(appUrl("/hook"), "project = DEMO"));
        String key = createIssue();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        Instant registeredUntil = Instant.parse(control().path("dynamicWebhooks").get(0).path("expiresAt").asText());

        advanceDays(29);
        // the access token has long expired: the app comes back with a fresh one
        oauth = oauthApp();
        SandboxClient.Answer refreshed = oauth.put("/rest/api/3/webhook/refresh", "{\"webhookIds\":[10000,4242]}");

        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        Instant until = Instant.ofEpochMilli(refreshed.json().path("expirationDate").asLong());
        assertThat(Duration.between(registeredUntil, until).toDays()).isEqualTo(29);
        assertThat(oauth.get("/rest/api/3/webhook").json().path("values").get(0).path("expirationDate").asLong())
                .isEqualTo(until.toEpochMilli());

        // 20 days later the refreshed webhook still fires; 11 more and it has expired: nothing is sent
        advanceDays(20);
        SandboxClient.demo(cloud).put("/rest/api/3/issue/" + key, "{\"fields\":{\"summary\":\"Crash, again\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        advanceDays(11);
        int logged = control().path("deliveries").size();
        SandboxClient.demo(cloud).put("/rest/api/3/issue/" + key, "{\"fields\":{\"summary\":\"Crash, thrice\"}}");
        JsonNode after = control();
        assertThat(after.path("dynamicWebhooks").get(0).path("active").asBoolean()).isFalse();
        assertThat(after.path("deliveries").size()).as("an expired webhook gets no delivery").isEqualTo(logged);
    }

    /** Installs the test's Connect app (base URL /app) on the Cloud sandbox; returns its client key. */
    private String installConnectApp() {
        SandboxClient.Answer installed = SandboxClient.anonymous(cloud).post("/_sandbox/connect/install",
                "{\"descriptorUrl\":\"" + appUrl("/app/atlassian-connect.json") + "\",\"sharedSecret\":\""
                        + CONNECT_SECRET + "\"}");
        assertThat(installed.status()).as(installed.body()).isEqualTo(200);
        return installed.json().path("clientKey").asText();
    }

    @Test
    void aConnectAppRegistersUnderItsBaseUrlAndListsTheDeliveriesJiraGaveUpOn() {
        String clientKey = installConnectApp();

        SandboxClient.Answer outside = connect("POST", "/rest/api/3/webhook",
                registration(appUrl("/hook"), "project = DEMO"));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body()).contains("same base URL as the Connect app");
        SandboxClient.Answer registered = connect("POST", "/rest/api/3/webhook",
                registration(appUrl("/app/hook"), "project = DEMO"));
        assertThat(registered.json().path("webhookRegistrationResult").get(0).has("createdWebhookId")).isTrue();

        // the receiver is unreachable for the delivery and its 5 retries: Jira gives up and lists the failure
        assertThat(SandboxClient.anonymous(cloud).post("/_sandbox/webhooks/outage", "{\"failAttempts\":6}").status())
                .isEqualTo(204);
        String key = createIssue();
        await().atMost(Duration.ofSeconds(20)).until(() -> control().path("failedDeliveries").size() == 1);
        String identifier = control().path("deliveries").get(0).path("identifier").asText();

        JsonNode failed = connect("GET", "/rest/api/3/webhook/failed", null).json();
        assertThat(failed.path("values")).hasSize(1);
        JsonNode failure = failed.path("values").get(0);
        assertThat(failure.path("id").asText()).as("the id is the delivery's identifier").isEqualTo(identifier);
        assertThat(failure.path("url").asText()).isEqualTo(appUrl("/app/hook"));
        assertThat(failure.path("body").asText()).contains("\"key\":\"" + key + "\"");
        assertThat(failed.path("next").asText()).endsWith("failedAfter=" + failure.path("failureTime").asLong()
                + "&maxResults=100");
        JsonNode later = connect("GET", "/rest/api/3/webhook/failed?after=" + failure.path("failureTime").asLong(),
                null).json();
        assertThat(later.path("values")).isEmpty();
        assertThat(later.has("next")).as("no next page without results").isFalse();
        assertThat(received).isEmpty();

        // after the outage the next change arrives with a Connect JWT of the shared secret, qsh of the hook's path
        SandboxClient.demo(cloud).put("/rest/api/3/issue/" + key, "{\"fields\":{\"summary\":\"Crash, again\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        String authorization = received.get(0).header("Authorization");
        assertThat(authorization).startsWith("JWT ");
        ConnectJwt.verify(authorization.substring(4), issuer -> issuer.equals(clientKey) ? CONNECT_SECRET : null,
                "POST", "/hook", null, Instant.now());
    }

    @Test
    void everyWebhookOperationOfBothRestVersionsAnswersAsAtlassiansSpecSays() {
        installConnectApp();
        for (String v : List.of("3", "2")) {
            String webhook = "/rest/api/" + v + "/webhook";
            SandboxClient.Answer registered = connect("POST", webhook, registration(appUrl("/app/hook"), "project = DEMO"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(200);
            long id = registered.json().path("webhookRegistrationResult").get(0).path("createdWebhookId").asLong();

            JsonNode listed = connect("GET", webhook + "?startAt=0&maxResults=10", null).json();
            assertThat(listed.path("values")).extracting(w -> w.path("id").asLong()).containsExactly(id);
            assertThat(listed.path("values").get(0).path("events")).extracting(JsonNode::asText)
                    .containsExactly("jira:issue_created", "jira:issue_updated");
            SandboxClient.Answer refreshed = connect("PUT", webhook + "/refresh", "{\"webhookIds\":[" + id + "]}");
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(Instant.ofEpochMilli(refreshed.json().path("expirationDate").asLong()))
                    .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
            SandboxClient.Answer failed = connect("GET", webhook + "/failed?maxResults=10", null);
            assertThat(failed.status()).as(failed.body()).isEqualTo(200);
            assertThat(failed.json().path("values")).isEmpty();
            assertThat(failed.json().path("maxResults").asInt()).isEqualTo(10);
            assertThat(connect("DELETE", webhook, "{\"webhookIds\":[" + id + "]}").status()).isEqualTo(202);
            assertThat(connect("GET", webhook, null).json().path("total").asInt()).isZero();
        }

        OpenApiContract.forFlavour(Flavour.CLOUD).assertConforms(traffic);
        Set<String> webhookRoutes = new TreeSet<>(cloud.routes().stream()
                .filter(route -> route.matches("[A-Z]+ /rest/api/[23]/webhook(/.*)?")).toList());
        Set<String> answered = new TreeSet<>(traffic.stream().filter(e -> e.status() / 100 == 2)
                .map(e -> cloud.route(e.method(), e.path())).toList());
        // every dynamic webhook route the sandbox serves was answered (2xx) and spec-checked just above
        assertThat(webhookRoutes).hasSize(10);
        assertThat(answered).containsAll(webhookRoutes);
    }

    private SandboxClient.Answer connect(String method, String pathAndQuery, String json) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        String token = ConnectJwt.sign("test-app", CONNECT_SECRET, method, path,
                query < 0 ? null : pathAndQuery.substring(query + 1), Instant.now());
        return SandboxClient.authorized(cloud, "JWT " + token).send(method, pathAndQuery, json,
                json == null ? null : "application/json");
    }
}
