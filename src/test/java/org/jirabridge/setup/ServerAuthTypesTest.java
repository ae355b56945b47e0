package org.jirabridge.setup;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.auth.OAuth1Signer;
import org.jirabridge.integration.Integrations;
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
 * Every Server/Data Center authentication type end to end against the Server sandbox: created, checked, forwarding,
 * and failing cleanly when the credential is wrong, expired or revoked. OAuth 1.0a goes through the whole
 * application-link dance over HTTP.
 */
class ServerAuthTypesTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.server()
            .with(Map.of("sandbox.oauth.auto-approve", "true"));
    private static IntegrationDriver driver;

    @BeforeAll
    static void start() {
        driver = new IntegrationDriver(service.running());
    }

    @BeforeEach
    void freshSandbox() {
        service.sandbox().reset();
    }

    private static String connection(String authType, String fields) {
        return "{\"deployment\": \"server\", \"baseUrl\": \"" + driver.sandboxUrl() + "\", \"authType\": \""
                + authType + "\"" + fields + "}";
    }

    private static void assertWorks(String id) {
        JsonNode check = driver.check(id);
        assertThat(item(check, "credentials").path("status").asText()).as(check.toString()).isEqualTo("ok");
        assertThat(item(check, "deployment").path("message").asText()).startsWith("Jira Server");
        assertThat(item(check, "permission BROWSE_PROJECTS").path("status").asText()).isEqualTo("ok");
        assertThat(driver.forward(id, "FORWARDED").path("jira").path("key").asText()).startsWith("DEMO-");
    }

    private static void assertCredentialsRefused(String id, String remedyHint) {
        JsonNode check = driver.check(id);
        JsonNode credentials = item(check, "credentials");
        assertThat(credentials.path("status").asText()).as(check.toString()).isEqualTo("error");
        assertThat(credentials.path("remedy").asText()).contains(remedyHint);
        assertThat(driver.forward(id, "AWAITING_CREDENTIALS").path("lastError").asText()).contains("401");
    }

    @Test
    void basicWithPassword() {
        driver.control("/_sandbox/seed", "{\"users\": [{\"name\": \"kim\", \"password\": \"kim-pass\"},"
                + " {\"name\": \"lee\", \"password\": \"lee-pass\"}]}");
        driver.create("srv-basic", connection("BASIC", ", \"username\": \"kim\", \"password\": \"kim-pass\""));
        assertWorks("srv-basic");
        driver.create("srv-basic-wrong", connection("BASIC", ", \"username\": \"kim\", \"password\": \"nope\""));
        assertCredentialsRefused("srv-basic-wrong", "password of kim");
        driver.control("/_sandbox/revoke", "{\"credential\": \"kim-pass\"}");
        assertCredentialsRefused("srv-basic", "password of kim");
        driver.create("srv-basic-expired", connection("BASIC", ", \"username\": \"lee\", \"password\": \"lee-pass\","
                + " \"tokenExpiresAt\": \"2026-01-01T00:00:00Z\""));
        driver.control("/_sandbox/revoke", "{\"credential\": \"lee-pass\"}");
        assertThat(item(driver.check("srv-basic-expired"), "token expiry").path("status").asText()).isEqualTo("error");
        assertCredentialsRefused("srv-basic-expired", "password of lee");
    }

    @Test
    void personalAccessToken() {
        driver.control("/_sandbox/seed", "{\"users\": [{\"name\": \"pat\", \"personalAccessToken\": \"pat-1\"},"
                + " {\"name\": \"olde\", \"personalAccessToken\": \"pat-old\"}]}");
        driver.create("srv-pat", connection("PAT", ", \"token\": \"pat-1\", \"tokenExpiresAt\": \"2099-01-01\""));
        assertWorks("srv-pat");
        assertThat(item(driver.check("srv-pat"), "token expiry").path("status").asText()).isEqualTo("ok");
        driver.create("srv-pat-wrong", connection("PAT", ", \"token\": \"pat-nope\""));
        assertCredentialsRefused("srv-pat-wrong", "Personal Access Tokens");
        driver.create("srv-pat-expired", connection("PAT", ", \"token\": \"pat-old\", \"tokenExpiresAt\": \"2026-01-01\""));
        driver.control("/_sandbox/revoke", "{\"credential\": \"pat-old\"}");
        assertCredentialsRefused("srv-pat-expired", "Personal Access Tokens");
        driver.control("/_sandbox/revoke", "{\"credential\": \"pat-1\"}");
        assertCredentialsRefused("srv-pat", "Personal Access Tokens");

        // versions: PATs need 8.14; anything before 7.13 is refused outright
        service.sandbox().reset();
        driver.control("/_sandbox/seed", "{\"serverVersion\": \"8.5.0\", \"users\": [{\"name\": \"pat\", "
                + "\"personalAccessToken\": \"pat-1\"}]}");
        assertThat(item(driver.check("srv-pat"), "deployment").path("message").asText()).contains("8.14");
        driver.control("/_sandbox/seed", "{\"serverVersion\": \"7.6.1\"}");
        JsonNode old = item(driver.check("srv-pat"), "deployment");
        assertThat(old.path("status").asText()).isEqualTo("error");
        assertThat(old.path("message").asText()).contains("older than 7.13");
    }

    @Test
    void oauth1ApplicationLinkDance() {
        driver.create("srv-oauth1", connection("OAUTH1", ", \"consumerKey\": \"jira-bridge-test\""));
        JsonNode link = RunningService.readTree(driver.api("GET",
                "/api/v1/integrations/srv-oauth1/oauth1/application-link", null).body());
        assertThat(link.path("publicKey").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(link.path("authorized").asBoolean()).isFalse();
        // not registered in Jira yet: Jira does not know the consumer
        HttpResponse<String> unknown = driver.api("GET", "/api/v1/integrations/srv-oauth1/oauth/authorize", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("consumer_key_unknown");

        // the Jira administrator pastes consumer key and public key into the application link
        driver.control("/_sandbox/oauth1/consumers", "{\"consumerKey\": \"jira-bridge-test\", \"publicKey\": "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(link.path("publicKey").asText()) + "}");
        HttpResponse<String> callback = driver.authorizeInBrowser("srv-oauth1");
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        assertThat(callback.body()).contains("authorized");
        assertWorks("srv-oauth1");

        // the link's public key replaced by another one: signatures no longer verify
        String otherKey = OAuth1Signer.publicKeyPem(OAuth1Signer.generateKeyPair().getPublic());
        driver.control("/_sandbox/oauth1/consumers", "{\"consumerKey\": \"jira-bridge-test\", \"publicKey\": "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(otherKey) + "}");
        JsonNode wrong = driver.check("srv-oauth1");
        assertThat(item(wrong, "credentials").path("message").asText()).contains("signature_invalid");
        assertCredentialsRefused("srv-oauth1", "application-link");

        // back to the right key, authorized again; then the access token is revoked in Jira
        driver.control("/_sandbox/oauth1/consumers", "{\"consumerKey\": \"jira-bridge-test\", \"publicKey\": "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(link.path("publicKey").asText()) + "}");
        driver.authorizeInBrowser("srv-oauth1");
        driver.forward("srv-oauth1", "FORWARDED");
        Integrations integrations = service.bean("integrations", Integrations.class);
        String accessToken = integrations.secrets("srv-oauth1").get(Integrations.OAUTH1_ACCESS_TOKEN);
        driver.control("/_sandbox/revoke", "{\"credential\": \"" + accessToken + "\"}");
        assertThat(item(driver.check("srv-oauth1"), "credentials").path("message").asText()).contains("token_rejected");
        assertCredentialsRefused("srv-oauth1", "authorize again");

        // authorized again; five years and a day later the access token has expired
        driver.authorizeInBrowser("srv-oauth1");
        driver.forward("srv-oauth1", "FORWARDED");
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": " + (5L * 365 + 1) * 24 * 3600 + "}");
        assertThat(item(driver.check("srv-oauth1"), "credentials").path("message").asText()).contains("token_expired");
        assertCredentialsRefused("srv-oauth1", "authorize again");
    }
}
