package org.jirabridge.e2e;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.sandbox.RecordedExchange;
import org.jirabridge.testsupport.IntegrationDriver;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jirabridge.testsupport.IntegrationDriver.location;

/**
 * The OAuth 2.0 (3LO) flow driven over HTTP as a browser would: authorize redirect (audience, scopes, state, PKCE),
 * the consent page's Accept button, the callback, the site pick when the grant covers several sites, refresh before
 * use, rotation on every refresh with no rotated-out token ever sent again, and reuse detection revoking the grant.
 */
class OAuth2FlowTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud();
    private static IntegrationDriver driver;
    private static final List<RecordedExchange> tokenRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        driver = new IntegrationDriver(service.running());
        service.sandbox().addListener(exchange -> {
            if (exchange.path().equals("/oauth/token")) {
                tokenRequests.add(exchange);
            }
        });
    }

    @BeforeEach
    void freshSandbox() {
        service.sandbox().reset();
        tokenRequests.clear();
    }

    private static void create(String id) {
        driver.create(id, "{\"deployment\": \"cloud\", \"baseUrl\": \"" + driver.sandboxUrl() + "\", "
                + "\"authType\": \"OAUTH2\", \"clientId\": \"demo-oauth-client\", \"clientSecret\": \"demo-oauth-secret\"}");
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Opens the consent page and presses Accept; returns the redirect back to jira-bridge. */
    private static String accept(String consentUrl) {
        HttpResponse<String> page = driver.get(consentUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Accept").contains("write:jira-work");
        Matcher consent = Pattern.compile("name=\"consent\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(consent.find()).isTrue();
        // the form is posted as a browser does: form-encoded
        HttpResponse<String> accepted = formPost(driver.sandboxUrl() + "/authorize/consent", "consent=" + consent.group(1)
                + "&decision=accept");
        return location(accepted);
    }

    private static HttpResponse<String> formPost(String url, String form) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> refreshTokensSent() {
        List<String> sent = new ArrayList<>();
        for (RecordedExchange exchange : tokenRequests) {
            JsonNode body = RunningService.readTree(exchange.requestText());
            if (body.path("grant_type").asText().equals("refresh_token")) {
                sent.add(body.path("refresh_token").asText());
            }
        }
        return sent;
    }

    @Test
    void consentCallbackSitePickRefreshAndRotation() {
        create("flow");
        driver.control("/_sandbox/oauth/sites", "{\"id\": \"other-cloud\", \"name\": \"Other\", "
                + "\"url\": \"https://other.example.net\"}");

        String authorizeUrl = location(driver.api("GET", "/api/v1/integrations/flow/oauth/authorize", null));
        Map<String, String> params = query(authorizeUrl);
        assertThat(authorizeUrl).startsWith(driver.sandboxUrl() + "/authorize?");
        assertThat(params).containsEntry("audience", "api.atlassian.com").containsEntry("response_type", "code")
                .containsEntry("client_id", "demo-oauth-client").containsEntry("code_challenge_method", "S256")
                .containsEntry("prompt", "consent").containsKey("state").containsKey("code_challenge");
        assertThat(params.get("scope").split(" ")).contains("read:jira-work", "write:jira-work", "read:jira-user",
                "manage:jira-webhook", "read:field:jira", "offline_access");
        assertThat(params.get("redirect_uri")).isEqualTo(service.baseUrl() + "/api/v1/oauth/callback");

        String callback = accept(authorizeUrl);
        assertThat(query(callback)).containsEntry("state", params.get("state")).containsKey("code");
        JsonNode answer = RunningService.readTree(driver.get(callback).body());
        // two sites in the grant: the person picks one
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("choose_site");
        assertThat(answer.path("sites").findValuesAsText("cloudId")).containsExactly("demo-cloud", "other-cloud");
        // the code exchange sent the PKCE verifier
        assertThat(tokenRequests.get(0).requestText()).contains("code_verifier");

        // a callback replayed (same state) is refused: states are single-use
        assertThat(driver.get(callback).statusCode()).isEqualTo(400);

        JsonNode sites = RunningService.readTree(driver.api("GET", "/api/v1/integrations/flow/sites", null).body());
        assertThat(sites.path("sites")).hasSize(2);
        HttpResponse<String> bad = driver.api("PUT", "/api/v1/integrations/flow/site", "{\"cloudId\": \"nope\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> picked = driver.api("PUT", "/api/v1/integrations/flow/site",
                "{\"cloudId\": \"demo-cloud\"}");
        assertThat(picked.statusCode()).as(picked.body()).isEqualTo(200);
        assertThat(driver.forward("flow", "FORWARDED").path("jira").path("key").asText()).startsWith("DEMO-");

        // the access token expires at Atlassian: each expiry is met with one refresh, and every refresh rotates
        for (int round = 0; round < 3; round++) {
            driver.control("/_sandbox/clock", "{\"advanceSeconds\": 3700}");
            driver.forward("flow", "FORWARDED");
        }
        List<String> sent = refreshTokensSent();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();

        // many reports racing after an expiry: one refresh at a time, never a rotated-out token again
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": 3700}");
        List<String> reportIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> accepted = driver.api("POST", "/api/v1/reports",
                    "{\"title\": \"race " + i + "\", \"integrationId\": \"flow\"}");
            reportIds.add(RunningService.readTree(accepted.body()).path("id").asText());
        }
        for (String id : reportIds) {
            service.awaitReportStatus(id, "FORWARDED", java.time.Duration.ofSeconds(30));
        }
        assertThat(refreshTokensSent()).doesNotHaveDuplicates();
    }

    @Test
    void stateIsBoundToTheFlowAndDeclinedConsentIsReported() {
        create("csrf");
        HttpResponse<String> forged = driver.api("GET", "/api/v1/oauth/callback?code=stolen&state=made-up", null);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(RunningService.readTree(forged.body()).path("error").asText()).isEqualTo("invalid_state");

        String authorizeUrl = location(driver.api("GET", "/api/v1/integrations/csrf/oauth/authorize", null));
        HttpResponse<String> page = driver.get(authorizeUrl);
        Matcher consent = Pattern.compile("name=\"consent\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(consent.find()).isTrue();
        String declined = location(formPost(driver.sandboxUrl() + "/authorize/consent", "consent=" + consent.group(1)
                + "&decision=decline"));
        HttpResponse<String> answer = driver.get(declined);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(RunningService.readTree(answer.body()).path("message").asText()).contains("access_denied");
        assertThat(driver.check("csrf").path("status").asText()).isEqualTo("error");
    }

    @Test
    void reusingARotatedOutRefreshTokenRevokesTheWholeGrant() {
        create("reuse");
        driver.control("/_sandbox/oauth/auto-approve", "{\"enabled\": true}");
        assertThat(RunningService.readTree(driver.authorizeInBrowser("reuse").body()).path("status").asText())
                .isEqualTo("authorized");
        driver.forward("reuse", "FORWARDED");
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": 3700}");
        driver.forward("reuse", "FORWARDED");
        List<String> sent = refreshTokensSent();
        // the token the last refresh used: rotated out just now
        String rotatedOut = sent.get(sent.size() - 1);

        // within the 10-minute leeway a rotated-out token still works (a retry after a lost answer)
        String tokenBody = "{\"grant_type\": \"refresh_token\", \"client_id\": \"demo-oauth-client\", "
                + "\"client_secret\": \"demo-oauth-secret\", \"refresh_token\": \"" + rotatedOut + "\"}";
        assertThat(driver.send("POST", driver.sandboxUrl() + "/oauth/token", tokenBody).statusCode()).isEqualTo(200);
        // outside it, the reuse looks like theft: Atlassian revokes every token of the grant
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": 700}");
        HttpResponse<String> reuse = driver.send("POST", driver.sandboxUrl() + "/oauth/token", tokenBody);
        assertThat(reuse.statusCode()).isEqualTo(403);
        assertThat(reuse.body()).contains("invalid_grant");

        JsonNode report = driver.forward("reuse", "AWAITING_CREDENTIALS");
        assertThat(report.path("lastError").asText()).contains("401");
        JsonNode check = driver.check("reuse");
        assertThat(IntegrationDriver.item(check, "credentials").path("remedy").asText()).contains("/oauth/authorize");
        // authorizing again mends it
        driver.authorizeInBrowser("reuse");
        driver.forward("reuse", "FORWARDED");
    }
}
