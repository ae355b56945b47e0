package org.jirabridge.integration;

import org.jirabridge.auth.AuthType;
import org.jirabridge.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One connection type per authentication type, stored and shown as one JSON object named by its authType. */
class ConnectionTypesTest {

    @ParameterizedTest
    @EnumSource(AuthType.class)
    void everyTypeRoundTripsThroughItsJson(AuthType type) {
        Integration.Connection connection = Integration.Connection.of("cloud", "https://acme.atlassian.net", type,
                "bot@example.com", "bot", "client", "11111111-2222-3333-4444-555555555555", "jira-bridge",
                "2027-01-31");

        Integration.Connection read = Json.read(Json.write(connection), Integration.Connection.class);

        assertThat(read).isEqualTo(connection);
        assertThat(read.authType()).isEqualTo(type);
        assertThat(Json.readMap(Json.write(connection))).containsEntry("authType", type.name())
                .containsEntry("tokenExpiresAt", "2027-01-31");
    }

    @Test
    void aTypeKeepsOnlyTheFieldsItTakes() {
        Integration.Connection pat = Integration.Connection.of("server", "https://jira.example.com", AuthType.PAT,
                "bot@example.com", "bot", "client", null, "key", null);

        assertThat(pat).isInstanceOf(Integration.Connection.Pat.class);
        assertThat(pat.email()).isNull();
        assertThat(pat.username()).isNull();
        assertThat(pat.clientId()).isNull();
        assertThat(Json.readMap(Json.write(pat)).keySet())
                .containsExactly("deployment", "baseUrl", "authType", "tokenExpiresAt");
    }

    @Test
    void aRowWrittenBeforeConnectionsWereTypedIsRead() {
        // what the flat record of earlier versions stored: every field, most of them null
        String stored = "{\"deployment\":\"cloud\",\"baseUrl\":\"https://acme.atlassian.net\",\"authType\":\"OAUTH2\","
                + "\"email\":null,\"username\":null,\"clientId\":\"client\",\"cloudId\":\"abc-1\","
                + "\"consumerKey\":null,\"tokenExpiresAt\":null}";

        Integration.Connection read = Json.read(stored, Integration.Connection.class);

        assertThat(read).isEqualTo(new Integration.Connection.OAuth2("cloud", "https://acme.atlassian.net", "client",
                "abc-1", null));
    }

    @Test
    void anotherSiteKeepsTheRestOfTheConnection() {
        Integration.Connection oauth = Integration.Connection.of("cloud", "https://api.example.com", AuthType.OAUTH2,
                null, null, "client", null, null, "2027-01-31");

        Integration.Connection picked = oauth.at("https://acme.atlassian.net", "abc-1");

        assertThat(picked).isEqualTo(new Integration.Connection.OAuth2("cloud", "https://acme.atlassian.net",
                "client", "abc-1", "2027-01-31"));
        assertThat(picked.siteUrl()).isEqualTo("https://acme.atlassian.net");
    }
}
