package org.jirabridge.auth;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One descriptor per authentication type: what the integrations API checks and how a strategy is built. */
class AuthDescriptorsTest {

    @ParameterizedTest
    @EnumSource(AuthType.class)
    void everyTypeHasADescriptorWhoseSecretsAreFieldsItTakes(AuthType type) {
        AuthDescriptor descriptor = AuthDescriptors.of(type);

        assertThat(descriptor.type()).isEqualTo(type);
        assertThat(descriptor.deployments()).isNotEmpty();
        assertThat(descriptor.deployments().keySet()).isSubsetOf("cloud", "server");
        Set<String> taken = descriptor.deployments().values().stream()
                .flatMap(fields -> java.util.stream.Stream.concat(fields.required().stream(), fields.optional().stream()))
                .collect(Collectors.toSet());
        assertThat(taken).containsAll(descriptor.secrets());
    }

    @Test
    void theConnectionSecretsAreTheOnesTheIntegrationsApiHasAlwaysMasked() {
        Set<String> secrets = AuthDescriptors.all().stream().flatMap(d -> d.secrets().stream()).collect(Collectors.toSet());

        assertThat(secrets).containsExactlyInAnyOrder("apiToken", "password", "token", "clientSecret");
    }

    @ParameterizedTest
    @EnumSource(AuthType.class)
    void statedFieldsBecomeTheStrategyOfTheType(AuthType type) throws Exception {
        Map<String, String> stated = new HashMap<>();
        stated.put("email", "demo@example.com");
        stated.put("apiToken", "demo-token");
        stated.put("token", "demo-pat");
        stated.put("clientId", "client");
        stated.put("clientSecret", "secret");
        stated.put("consumerKey", "jira-bridge");
        stated.put("oauth1PrivateKey", Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded()));
        stated.put("oauth1AccessToken", "access");
        stated.put("appKey", "jira-bridge-demo");
        stated.put("connectSharedSecret", "shared-secret-of-at-least-32-bytes!!");
        AuthDescriptor descriptor = AuthDescriptors.of(type);

        AuthOptions options = descriptor.options(stated, AuthOptions.builder(type).siteUrl("https://acme.atlassian.net")
                .cloudId("11111111-2222-3333-4444-555555555555"));
        AuthStrategy strategy = AuthStrategies.fromOptions(options);

        assertThat(strategy.type()).isEqualTo(type);
    }

    @Test
    void aMissingRequiredCredentialIsNamed() {
        AuthDescriptor pat = AuthDescriptors.of(AuthType.PAT);

        assertThatThrownBy(() -> AuthStrategies.fromOptions(pat.options(Map.of(), AuthOptions.builder(AuthType.PAT))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Option accessToken is required for authType PAT");
    }
}
