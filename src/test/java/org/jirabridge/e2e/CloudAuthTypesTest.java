package org.jirabridge.e2e;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.IntegrationDriver;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jirabridge.testsupport.IntegrationDriver.item;

/**
 * Every Cloud authentication type end to end against the Cloud sandbox (which also plays Atlassian's authorization
 * server and gateway): the integration is created, checked, forwards a report, and fails cleanly (check error with a
 * remedy, report AWAITING_CREDENTIALS) when its credential is wrong, expired or revoked.
 */
class CloudAuthTypesTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud().with(Map.of("sandbox.oauth.auto-approve", "true"));
    private static IntegrationDriver driver;

    @BeforeAll
    static void start() {
        driver = new IntegrationDriver(service.running());
    }

    @BeforeEach
    void freshSandbox() {
        // every test starts from the seeded sandbox: clock, tokens, installs and revocations
        service.sandbox().reset();
    }

    private static String sandbox() {
        return driver.sandboxUrl();
    }

    private static void assertCredentialsRefused(String id, String remedyHint) {
        JsonNode check = driver.check(id);
        assertThat(check.path("status").asText()).isEqualTo("error");
        JsonNode credentials = item(check, "credentials");
        assertThat(credentials.path("status").asText()).as(check.toString()).isEqualTo("error");
        assertThat(credentials.path("remedy").asText()).contains(remedyHint);
        JsonNode report = driver.forward(id, "AWAITING_CREDENTIALS");
        assertThat(report.path("lastError").asText()).contains("401");
    }

    private static void assertWorks(String id) {
        JsonNode check = driver.check(id);
        assertThat(item(check, "credentials").path("status").asText()).as(check.toString()).isEqualTo("ok");
        assertThat(item(check, "permission CREATE_ISSUES").path("status").asText()).isEqualTo("ok");
        assertThat(item(check, "deployment").path("message").asText()).isEqualTo("Jira Cloud");
        JsonNode report = driver.forward(id, "FORWARDED");
        assertThat(report.path("jira").path("key").asText()).startsWith("DEMO-");
    }

    @Test
    void basicWithApiToken() {
        driver.control("/_sandbox/seed", "{\"users\": [{\"emailAddress\": \"basic@example.com\", "
                + "\"apiToken\": \"basic-token-1\"}, {\"emailAddress\": \"gone@example.com\", \"apiToken\": \"gone-token\"},"
                + " {\"emailAddress\": \"old@example.com\", \"apiToken\": \"old-token\"}]}");
        driver.create("cloud-basic", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"BASIC\", \"email\": \"basic@example.com\", \"apiToken\": \"basic-token-1\"}");
        assertWorks("cloud-basic");

        driver.create("cloud-basic-wrong", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"BASIC\", \"email\": \"basic@example.com\", \"apiToken\": \"not-the-token\"}");
        assertCredentialsRefused("cloud-basic-wrong", "id.atlassian.com");

        driver.create("cloud-basic-revoked", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"BASIC\", \"email\": \"gone@example.com\", \"apiToken\": \"gone-token\"}");
        driver.control("/_sandbox/revoke", "{\"credential\": \"gone-token\"}");
        assertCredentialsRefused("cloud-basic-revoked", "API token is wrong, expired or revoked");

        // an expired token: Jira refuses it like a revoked one; the known expiry date names the cause
        driver.create("cloud-basic-expired", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"BASIC\", \"email\": \"old@example.com\", \"apiToken\": \"old-token\", "
                + "\"tokenExpiresAt\": \"2026-01-01\"}");
        driver.control("/_sandbox/revoke", "{\"credential\": \"old-token\"}");
        assertThat(item(driver.check("cloud-basic-expired"), "token expiry").path("status").asText())
                .isEqualTo("error");
        assertCredentialsRefused("cloud-basic-expired", "id.atlassian.com");
    }

    @Test
    void scopedApiTokenGoesThroughTheGatewayOnly() {
        driver.create("cloud-scoped", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"SCOPED_API_TOKEN\", \"email\": \"svc@example.com\", "
                + "\"apiToken\": \"demo-scoped-token\"}");
        assertWorks("cloud-scoped");
        // the same token on the site URL is refused, as on Cloud
        java.net.http.HttpResponse<String> onSite = driver.send("GET", sandbox() + "/rest/api/3/myself", null);
        assertThat(onSite.statusCode()).isEqualTo(401);

        driver.create("cloud-scoped-wrong", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"SCOPED_API_TOKEN\", \"email\": \"svc@example.com\", \"apiToken\": \"nope\", "
                + "\"cloudId\": \"demo-cloud\"}");
        assertCredentialsRefused("cloud-scoped-wrong", "scoped API token");

        // a year later the token has expired
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": " + 366L * 24 * 3600 + "}");
        assertCredentialsRefused("cloud-scoped", "scoped API token");
        service.sandbox().reset();

        driver.control("/_sandbox/revoke", "{\"credential\": \"demo-scoped-token\"}");
        assertCredentialsRefused("cloud-scoped", "scoped API token");
    }

    @Test
    void serviceAccountClientCredentials() {
        driver.create("cloud-svc", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"OAUTH2_CLIENT_CREDENTIALS\", \"clientId\": \"demo-svc-client\", "
                + "\"clientSecret\": \"demo-svc-secret\"}");
        assertWorks("cloud-svc");
        assertThat(item(driver.check("cloud-svc"), "scopes").path("status").asText()).isEqualTo("ok");

        // the cached access token expires on Atlassian's side: the 401 brings a new one and the report goes through
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": 7200}");
        driver.forward("cloud-svc", "FORWARDED");

        driver.create("cloud-svc-wrong", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"OAUTH2_CLIENT_CREDENTIALS\", \"clientId\": \"demo-svc-client\", "
                + "\"clientSecret\": \"wrong-secret\"}");
        assertCredentialsRefused("cloud-svc-wrong", "Service accounts");

        driver.control("/_sandbox/revoke", "{\"credential\": \"demo-svc-secret\"}");
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": 7200}");
        assertCredentialsRefused("cloud-svc", "Service accounts");
    }

    @Test
    void oauth2ThreeLegged() {
        String connection = "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", \"authType\": \"OAUTH2\", "
                + "\"clientId\": \"demo-oauth-client\", \"clientSecret\": \"demo-oauth-secret\"}";
        driver.create("cloud-oauth", connection);
        // created but not yet authorized: the check says what to do
        assertThat(item(driver.check("cloud-oauth"), "credentials").path("remedy").asText())
                .contains("/oauth/authorize");
        JsonNode callback = RunningService.readTree(driver.authorizeInBrowser("cloud-oauth").body());
        assertThat(callback.path("status").asText()).as(callback.toString()).isEqualTo("authorized");
        assertThat(callback.path("site").path("cloudId").asText()).isEqualTo("demo-cloud");
        assertWorks("cloud-oauth");
        assertThat(item(driver.check("cloud-oauth"), "scopes").path("message").asText()).contains("write:jira-work");

        // a wrong client secret fails at the token exchange, with Atlassian's answer
        driver.create("cloud-oauth-wrong", connection.replace("demo-oauth-secret", "wrong-secret"));
        java.net.http.HttpResponse<String> refused = driver.authorizeInBrowser("cloud-oauth-wrong");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("token_exchange_failed").contains("access_denied")
                .doesNotContain("wrong-secret");
        assertCredentialsRefused("cloud-oauth-wrong", "/oauth/authorize");

        // the user withdraws consent: access and refresh tokens die
        driver.control("/_sandbox/oauth/revoke-grants", "{\"clientId\": \"demo-oauth-client\"}");
        assertCredentialsRefused("cloud-oauth", "/oauth/authorize");

        // re-authorizing mends it; then 91 idle days expire the refresh token
        driver.authorizeInBrowser("cloud-oauth");
        driver.forward("cloud-oauth", "FORWARDED");
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": " + 91L * 24 * 3600 + "}");
        assertCredentialsRefused("cloud-oauth", "/oauth/authorize");
    }

    @Test
    void connectAppInstalledThroughTheLifecycle() {
        driver.create("cloud-connect", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + sandbox() + "\", "
                + "\"authType\": \"CONNECT\"}");
        // not installed yet
        assertCredentialsRefused("cloud-connect", "atlassian-connect.json");

        String descriptor = service.baseUrl() + "/connect/cloud-connect/atlassian-connect.json";
        JsonNode installed = RunningService.readTree(driver.control("/_sandbox/connect/install",
                "{\"descriptorUrl\": \"" + descriptor + "\"}"));
        assertThat(installed.path("installedStatus").asInt()).isEqualTo(204);
        assertWorks("cloud-connect");

        // a reinstall is signed with the previous shared secret and accepted; an unsigned one is a forgery
        driver.control("/_sandbox/connect/install", "{\"descriptorUrl\": \"" + descriptor + "\"}");
        java.net.http.HttpResponse<String> forged = driver.api("POST", "/connect/cloud-connect/installed",
                "{\"key\": \"jira-bridge-cloud-connect\", \"clientKey\": \"x\", \"sharedSecret\": \"forged-secret-"
                        + "forged-secret-forged-secret\", \"baseUrl\": \"" + sandbox() + "\"}");
        assertThat(forged.statusCode()).isEqualTo(401);
        driver.forward("cloud-connect", "FORWARDED");

        // uninstalled: the shared secret is forgotten and requests are refused
        driver.control("/_sandbox/connect/uninstall", "{\"key\": \"jira-bridge-cloud-connect\"}");
        assertCredentialsRefused("cloud-connect", "atlassian-connect.json");

        // installed again; then JWTs are short-lived: a site whose clock is 10 minutes ahead refuses ours as expired
        driver.control("/_sandbox/connect/install", "{\"descriptorUrl\": \"" + descriptor + "\"}");
        driver.forward("cloud-connect", "FORWARDED");
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": 600}");
        JsonNode expired = driver.forward("cloud-connect", "AWAITING_CREDENTIALS");
        assertThat(expired.path("lastError").asText()).contains("Expired JWT");
    }
}
