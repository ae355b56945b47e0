package org.jirabridge.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jirabridge.auth.AuthStrategy;
import org.jirabridge.auth.BasicAuth;
import org.jirabridge.auth.PersonalAccessTokenAuth;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraConnection;
import org.jirabridge.component.jira.JiraConnectionResolver;
import org.jirabridge.store.IntegrationRepository;
import org.jirabridge.store.Json;
import org.jirabridge.store.StoredIntegration;

/** Integrations: stored with sealed secrets, and resolved into live Jira connections for the component. */
public final class Integrations implements JiraConnectionResolver {

    private final IntegrationRepository repository;
    private final SecretVault vault;
    // one connection per integration, so auth strategies keep their token caches; dropped when the integration is saved
    private final Map<String, JiraConnection> connections = new ConcurrentHashMap<>();

    public Integrations(IntegrationRepository repository, SecretVault vault) {
        this.repository = repository;
        this.vault = vault;
    }

    /** Creates or replaces an integration and its secrets. */
    public void save(Integration integration, Map<String, String> secrets) {
        repository.save(new StoredIntegration(integration.id(), integration.name(), integration.isDefault(),
                Json.write(integration.connection()), vault.seal(secrets), Json.write(integration.mapping()),
                Json.write(integration.sync())));
        connections.remove(integration.id());
    }

    public Optional<Integration> find(String id) {
        return repository.find(id).map(Integrations::toIntegration);
    }

    public Optional<Integration> findDefault() {
        return repository.findDefault().map(Integrations::toIntegration);
    }

    @Override
    public JiraConnection resolve(String integrationId) {
        return connections.computeIfAbsent(integrationId, id -> {
            StoredIntegration stored = repository.find(id)
                    .orElseThrow(() -> new IllegalArgumentException("no integration with id " + id));
            Integration.Connection connection = Json.read(stored.connectionJson(), Integration.Connection.class);
            Map<String, String> secrets = vault.open(stored.secretsSealed());
            return new JiraConnection(stripTrailingSlash(connection.baseUrl()),
                    Deployment.parse(connection.deployment()), authFor(connection, secrets));
        });
    }

    private static AuthStrategy authFor(Integration.Connection connection, Map<String, String> secrets) {
        return switch (connection.authType()) {
            case BASIC -> new BasicAuth(connection.email() != null ? connection.email() : connection.username(),
                    secrets.getOrDefault("apiToken", secrets.get("password")));
            case PAT -> new PersonalAccessTokenAuth(secrets.get("token"));
            default -> throw new IllegalArgumentException("authentication type " + connection.authType()
                    + " is not supported yet");
        };
    }

    private static Integration toIntegration(StoredIntegration stored) {
        Map<String, Object> sync = new LinkedHashMap<>(Json.readMap(stored.syncJson()));
        return new Integration(stored.id(), stored.name(), stored.isDefault(),
                Json.read(stored.connectionJson(), Integration.Connection.class),
                Json.read(stored.mappingJson(), Integration.Mapping.class), sync);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
