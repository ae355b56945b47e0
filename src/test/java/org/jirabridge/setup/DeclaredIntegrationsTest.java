package org.jirabridge.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.jirabridge.integration.IntegrationRepository;
import org.jirabridge.integration.Integrations;
import org.jirabridge.integration.SecretVault;
import org.jirabridge.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A file-declared integration gives the same model as the API body; placeholders fill its secrets. */
class DeclaredIntegrationsTest {

    @TempDir
    Path dir;
    private Database database;
    private Integrations integrations;

    @BeforeEach
    void store() {
        database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        integrations = new Integrations(new IntegrationRepository(database),
                SecretVault.open(null, dir.resolve("vault.key")));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aDeclaredIntegrationEqualsTheSameOneSentToTheApi() throws Exception {
        Files.writeString(dir.resolve("acme.yaml"), """
                id: acme
                name: Acme
                connection:
                  deployment: server
                  baseUrl: https://jira.acme.test
                  authType: PAT
                  token: "{{env:ACME_PAT}}"
                  tokenExpiresAt: "2027-01-31"
                target: {projectKey: APP, issueType: Bug}
                mapping: {priorityMap: {Major: Highest}}
                sync: {autoForward: false}
                """);
        DeclaredIntegrations declared = new DeclaredIntegrations(integrations,
                text -> text.replace("{{env:ACME_PAT}}", "pat-from-env"));
        assertThat(declared.apply(dir)).containsExactly("acme");

        IntegrationRequests.Parsed viaApi = IntegrationRequests.parse("""
                {"id": "acme", "name": "Acme",
                 "connection": {"deployment": "server", "baseUrl": "https://jira.acme.test", "authType": "PAT",
                                "token": "pat-from-env", "tokenExpiresAt": "2027-01-31"},
                 "target": {"projectKey": "APP", "issueType": "Bug"},
                 "mapping": {"priorityMap": {"Major": "Highest"}}, "sync": {"autoForward": false}}
                """, null, null, Map.of());
        assertThat(integrations.find("acme")).contains(viaApi.integration());
        assertThat(integrations.secrets("acme")).isEqualTo(viaApi.secrets());
    }

    @Test
    void anUnresolvablePlaceholderStopsWithTheFieldNotTheValue() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), """
                id: broken
                connection: {deployment: cloud, baseUrl: "https://x.atlassian.net", authType: BASIC,
                             email: a@b.c, apiToken: "{{env:MISSING}}"}
                target: {projectKey: APP, issueType: Bug}
                """);
        DeclaredIntegrations declared = new DeclaredIntegrations(integrations, text -> {
            throw new IllegalArgumentException("Property with key [MISSING] not found");
        });
        assertThatThrownBy(() -> declared.apply(dir)).hasMessageContaining("broken.yaml")
                .hasMessageContaining("connection.apiToken");

        Files.writeString(dir.resolve("broken.yaml"), "id: broken\nconnection: {authType: NOPE}\n");
        assertThatThrownBy(() -> new DeclaredIntegrations(integrations, t -> t).apply(dir))
                .hasMessageContaining("broken.yaml").hasMessageContaining("connection.authType");
        assertThat(integrations.find("broken")).isEmpty();
    }
}
