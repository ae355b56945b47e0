package org.jirabridge.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jirabridge.auth.AuthOptions;
import org.jirabridge.auth.AuthStrategies;
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

    /** Creates or replaces an integration and its secrets; its reports and sync state stay with its id. */
    public void save(Integration integration, Map<String, String> secrets) {
        repository.save(new StoredIntegration(integration.id(), integration.name(), integration.isDefault(),
                Json.write(integration.connection()), vault.seal(secrets), Json.write(integration.target()),
                Json.write(integration.mapping()), Json.write(integration.sync())));
        connections.remove(integration.id());
    }

    public Optional<Integration> find(String id) {
        return repository.find(id).map(Integrations::toIntegration);
    }

    public Optional<Integration> findDefault() {
        return repository.findDefault().map(Integrations::toIntegration);
    }

    public List<Integration> list() {
        return repository.list().stream().map(Integrations::toIntegration).toList();
    }

    /** The stored secrets of an integration, for an edit that keeps the ones it does not replace. */
    Map<String, String> secrets(String id) {
        return repository.find(id).map(stored -> vault.open(stored.secretsSealed())).orElse(Map.of());
    }

    /** The secret Jira's webhooks for this integration are verified with (sync.webhookSecret), if one is set. */
    public Optional<String> webhookSecret(String id) {
        return Optional.ofNullable(secrets(id).get("webhookSecret"));
    }

    /** Deletes an integration without reports; false when reports still refer to it. */
    public boolean delete(String id) {
        boolean deleted = repository.deleteUnused(id);
        if (deleted) {
            connections.remove(id);
        }
        return deleted;
    }

    @Override
    public JiraConnection resolve(String integrationId) {
        return connections.computeIfAbsent(integrationId, id -> {
            StoredIntegration stored = repository.find(id)
                    .orElseThrow(() -> new IllegalArgumentException("no integration with id " + id));
            Integration.Connection connection = Json.read(stored.connectionJson(), Integration.Connection.class);
            Map<String, String> secrets = vault.open(stored.secretsSealed());
            String user = connection.email() != null ? connection.email() : connection.username();
            String password = secrets.containsKey("apiToken") ? secrets.get("apiToken") : secrets.get("password");
            return new JiraConnection(stripTrailingSlash(connection.baseUrl()),
                    Deployment.parse(connection.deployment()),
                    AuthStrategies.fromOptions(new AuthOptions(connection.authType(), user, password,
                            secrets.get("token"))));
        });
    }

    private static Integration toIntegration(StoredIntegration stored) {
        Map<String, Object> sync = new LinkedHashMap<>(Json.readMap(stored.syncJson()));
        return new Integration(stored.id(), stored.name(), stored.isDefault(),
                Json.read(stored.connectionJson(), Integration.Connection.class),
                Json.read(stored.targetJson(), Integration.Target.class),
                Json.read(stored.mappingJson(), Integration.Mapping.class), sync);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
