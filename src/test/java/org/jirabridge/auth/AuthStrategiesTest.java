package org.jirabridge.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthStrategiesTest {

    private static final URI ANY = URI.create("https://acme.atlassian.net/rest/api/3/myself");

    @Test
    void basicSendsUserAndSecretAsBasicHeader() {
        AuthStrategy auth = AuthStrategies.fromOptions(
                new AuthOptions(AuthType.BASIC, "demo@example.com", "demo-token", null));

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("demo@example.com:demo-token".getBytes(StandardCharsets.UTF_8));
        assertThat(auth.type()).isEqualTo(AuthType.BASIC);
        assertThat(auth.authorizationHeaders("GET", ANY)).containsEntry("Authorization", expected);
        assertThat(auth.apiBaseUrl("https://acme.atlassian.net")).isEqualTo("https://acme.atlassian.net");
    }

    @Test
    void basicTakesTheApiTokenFromAccessTokenWhenNoPasswordIsGiven() {
        AuthStrategy auth = AuthStrategies.fromOptions(new AuthOptions(AuthType.BASIC, "demo@example.com", null, "tok"));

        assertThat(auth.authorizationHeaders("GET", ANY).get("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("demo@example.com:tok".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void patSendsBearerToken() {
        AuthStrategy auth = AuthStrategies.fromOptions(new AuthOptions(AuthType.PAT, null, null, "demo-pat"));

        assertThat(auth.type()).isEqualTo(AuthType.PAT);
        assertThat(auth.authorizationHeaders("POST", ANY)).containsEntry("Authorization", "Bearer demo-pat");
    }

    @Test
    void typeIsInferredFromTheCredentialsGiven() {
        assertThat(AuthStrategies.fromOptions(new AuthOptions(null, "admin", "admin", null)).type())
                .isEqualTo(AuthType.BASIC);
        assertThat(AuthStrategies.fromOptions(new AuthOptions(null, null, null, "demo-pat")).type())
                .isEqualTo(AuthType.PAT);
        assertThatThrownBy(() -> AuthStrategies.fromOptions(new AuthOptions(null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No credentials");
    }

    @Test
    void missingCredentialsAreNamedWithoutEchoingSecrets() {
        assertThatThrownBy(() -> AuthStrategies.fromOptions(new AuthOptions(AuthType.BASIC, "admin", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> AuthStrategies.fromOptions(new AuthOptions(AuthType.PAT, "admin", "s3cret", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessToken")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void oauthTypesNameTheOptionTheyMiss() {
        assertThatThrownBy(() -> AuthStrategies.fromOptions(new AuthOptions(AuthType.OAUTH2, null, null, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientId")
                .hasMessageContaining("OAUTH2");
        assertThatThrownBy(() -> AuthStrategies.fromOptions(new AuthOptions(AuthType.OAUTH1, null, null, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumerKey");
    }

    @Test
    void toStringNeverShowsSecrets() {
        AuthOptions options = new AuthOptions(AuthType.BASIC, "admin", "s3cret", "t0ken");
        AuthStrategy auth = AuthStrategies.fromOptions(options);

        assertThat(options.toString()).doesNotContain("s3cret").doesNotContain("t0ken");
        assertThat(auth.toString()).doesNotContain("s3cret");
        assertThat(AuthStrategies.fromOptions(new AuthOptions(AuthType.PAT, null, null, "t0ken")).toString())
                .doesNotContain("t0ken");
    }
}
