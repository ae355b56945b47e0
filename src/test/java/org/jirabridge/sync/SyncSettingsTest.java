package org.jirabridge.sync;

import java.util.Map;

import org.jirabridge.api.ApiException;
import org.jirabridge.integration.Integration;
import org.jirabridge.setup.IntegrationRequests;
import org.jirabridge.sync.SyncSettings.WebhookVerification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The integration's sync switches as the API takes them and as the sync reads them. */
class SyncSettingsTest {

    private static IntegrationRequests.Parsed parse(String sync, String authType) {
        String connection = authType.equals("CONNECT")
                ? "{\"deployment\":\"cloud\",\"baseUrl\":\"https://acme.atlassian.net\",\"authType\":\"CONNECT\"}"
                : authType.equals("OAUTH2")
                ? "{\"deployment\":\"cloud\",\"baseUrl\":\"https://acme.atlassian.net\",\"authType\":\"OAUTH2\","
                        + "\"clientId\":\"c\",\"clientSecret\":\"s\"}"
                : "{\"deployment\":\"cloud\",\"baseUrl\":\"https://acme.atlassian.net\",\"authType\":\"BASIC\","
                        + "\"email\":\"a@example.com\",\"apiToken\":\"t\"}";
        return IntegrationRequests.parse("{\"id\":\"acme\",\"connection\":" + connection + ","
                + "\"target\":{\"projectKey\":\"DEMO\",\"issueType\":\"Bug\"},\"sync\":" + sync + "}", null, null,
                Map.of());
    }

    @Test
    void theDocumentedSwitchesParseAndTheSecretGoesToTheVault() {
        IntegrationRequests.Parsed parsed = parse("{\"autoForward\":true,\"status\":true,\"comments\":false,"
                + "\"priority\":true,\"webhookSecret\":\"w\",\"pollCron\":\"0/30 * * * * ?\"}", "BASIC");
        SyncSettings settings = SyncSettings.of(parsed.integration());

        assertThat(settings.status()).isTrue();
        assertThat(settings.comments()).isFalse();
        assertThat(settings.priority()).isTrue();
        assertThat(settings.pollCron()).isEqualTo("0/30 * * * * ?");
        assertThat(settings.verification()).isEqualTo(WebhookVerification.SIGNATURE);
        assertThat(parsed.secrets()).containsEntry("webhookSecret", "w");
        assertThat(parsed.integration().sync().asMap()).doesNotContainKey("webhookSecret");
        assertThat(IntegrationRequests.toApi(parsed.integration(), parsed.secrets()).get("sync").toString())
                .contains("webhookSecret=" + IntegrationRequests.MASK).doesNotContain("=w,");
    }

    @Test
    void switchesDefaultToOnWithoutPollingAndAppsDefaultToJwt() {
        SyncSettings basic = SyncSettings.of(parse("{}", "BASIC").integration());
        SyncSettings connect = SyncSettings.of(parse("{}", "CONNECT").integration());
        SyncSettings oauth = SyncSettings.of(parse("{}", "OAUTH2").integration());

        assertThat(basic.status() && basic.comments() && basic.priority()).isTrue();
        assertThat(basic.pollCron()).isNull();
        assertThat(basic.verification()).isEqualTo(WebhookVerification.SIGNATURE);
        // apps' dynamic webhooks cannot be given a secret: they carry the app's JWT
        assertThat(connect.verification()).isEqualTo(WebhookVerification.JWT);
        assertThat(oauth.verification()).isEqualTo(WebhookVerification.JWT);
        assertThat(SyncSettings.of(parse("{\"webhookVerification\":\"signature\"}", "OAUTH2").integration())
                .verification()).isEqualTo(WebhookVerification.SIGNATURE);
        assertThat(SyncSettings.of(parse("{\"webhookVerification\":\"token\"}", "BASIC").integration())
                .verification()).isEqualTo(WebhookVerification.TOKEN);
    }

    @Test
    void aBadCronOrVerificationModeIsA400NamingTheField() {
        assertThatThrownBy(() -> parse("{\"pollCron\":\"every minute\"}", "BASIC"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details()).extracting(d -> d.get("field")).contains("sync.pollCron");
                });
        assertThatThrownBy(() -> parse("{\"webhookVerification\":\"none\"}", "BASIC"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.details())
                        .extracting(d -> d.get("field")).contains("sync.webhookVerification"));
    }

    @Test
    void anIntegrationWithoutSyncSettingsReadsAsDefaults() {
        Integration bare = new Integration("x", "x", false, null, null, null, null);

        assertThat(SyncSettings.of(bare).verification()).isEqualTo(WebhookVerification.SIGNATURE);
        assertThat(SyncSettings.of(bare).pollCron()).isNull();
    }
}
