package org.jirabridge.integration;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jirabridge.auth.AtlassianHosts;
import org.jirabridge.auth.AuthDescriptors;
import org.jirabridge.auth.AuthOptions;
import org.jirabridge.auth.AuthStrategies;
import org.jirabridge.auth.AuthType;
import org.jirabridge.auth.OAuth1Signer;
import org.jirabridge.auth.TokenStore;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraConnection;
import org.jirabridge.component.jira.JiraConnectionResolver;
import org.jirabridge.component.jira.client.JiraErrors;
import org.jirabridge.store.Json;

/** Integrations: stored with sealed secrets, and resolved into live Jira connections for the component. */
public final class Integrations implements JiraConnectionResolver {

    /** OAuth 2.0 refresh token (rotated on every use). */
    public static final String REFRESH_TOKEN = "refreshToken";
    /** OAuth 1.0a: jira-bridge's RSA private key (base64 PKCS#8) and the access token the user approved. */
    public static final String OAUTH1_PRIVATE_KEY = "oauth1PrivateKey";
    public static final String OAUTH1_ACCESS_TOKEN = "oauth1AccessToken";
    /** Connect: what the installed callback sent. */
    public static final String CONNECT_SHARED_SECRET = "connectSharedSecret";
    public static final String CONNECT_CLIENT_KEY = "connectClientKey";
    /** Marks the secrets of an integration saved by {@link #saveSeed} (not a secret; kept with them so edits drop it). */
    private static final String SEEDED = "seeded";
    /** How old an integration {@link #findRecent} and {@link #findDefaultRecent} answer with may be. */
    private static final Duration RECENT = Duration.ofSeconds(1);
    private static final String DEFAULT_KEY = "\u0000default";
    /**
     * Secrets jira-bridge obtains itself rather than a person typing them: an edit keeps them while the
     * authentication type, OAuth client and consumer stay the same (otherwise they belong to something else).
     */
    public static final Set<String> GRANT_SECRETS = Set.of(REFRESH_TOKEN, OAUTH1_PRIVATE_KEY, OAUTH1_ACCESS_TOKEN,
            CONNECT_SHARED_SECRET, CONNECT_CLIENT_KEY);

    private final IntegrationRepository repository;
    private final SecretVault vault;
    private final AtlassianHosts hosts;
    private final Clock clock;
    // one connection per integration, so auth strategies keep their token caches; dropped when the integration is saved
    private final Map<String, JiraConnection> connections = new ConcurrentHashMap<>();
    private final BaseUrlPolicy baseUrlPolicy;
    private final List<Consumer<String>> credentialListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    // the hot intake path reads the integration of every report: a copy at most RECENT old saves a database read
    // each; this node's own saves and deletes clear it at once, another node's are seen within RECENT
    private final Cache<String, Optional<Integration>> recent = recentCopies();
    // every webhook delivery is verified with its integration's secret: kept like the integration, so a delivery
    // costs no database read and no decryption
    private final Cache<String, Optional<String>> recentWebhookSecrets = recentCopies();

    public Integrations(IntegrationRepository repository, SecretVault vault) {
        this(repository, vault, AtlassianHosts.ATLASSIAN, Clock.systemUTC());
    }

    public Integrations(IntegrationRepository repository, SecretVault vault, AtlassianHosts hosts, Clock clock) {
        this(repository, vault, hosts, clock, BaseUrlPolicy.LOOPBACK_HTTP_ALLOWED);
    }

    public Integrations(IntegrationRepository repository, SecretVault vault, AtlassianHosts hosts, Clock clock,
                        BaseUrlPolicy baseUrlPolicy) {
        this.baseUrlPolicy = baseUrlPolicy;
        this.repository = repository;
        this.vault = vault;
        this.hosts = hosts;
        this.clock = clock;
    }

    public AtlassianHosts hosts() {
        return hosts;
    }

    /**
     * Creates or replaces an integration and its secrets; its reports and sync state stay with its id. Secrets
     * obtained by a flow ({@link #GRANT_SECRETS}) are kept, read under the row's lock so a refresh token rotated
     * meanwhile is not lost. An OAuth 1.0a integration gets its RSA key pair here.
     */
    public void save(Integration integration, Map<String, String> secrets) {
        // every way in (API, declared files, OAuth site pick, demo) passes here, so this is where SSRF is stopped
        requireAllowedUrl(integration);
        StoredIntegration row = new StoredIntegration(integration.id(), integration.name(), integration.isDefault(),
                Json.write(integration.connection()), null, Json.write(integration.target()),
                Json.write(integration.mapping()), Json.write(integration.sync()));
        repository.save(row, (previous, ignored) -> {
            Map<String, String> merged = new HashMap<>(secrets);
            if (previous != null && sameGrant(Json.read(previous.connectionJson(), Integration.Connection.class),
                    integration.connection())) {
                Map<String, String> stored = vault.open(previous.secretsSealed());
                for (String grant : GRANT_SECRETS) {
                    if (stored.containsKey(grant)) {
                        merged.putIfAbsent(grant, stored.get(grant));
                    }
                }
            }
            if (integration.connection().authType() == AuthType.OAUTH1 && !merged.containsKey(OAUTH1_PRIVATE_KEY)) {
                merged.put(OAUTH1_PRIVATE_KEY, OAuth1Signer.encodePrivateKey(OAuth1Signer.generateKeyPair().getPrivate()));
            }
            return vault.seal(merged);
        });
        // the default flag may have moved from another integration to this one: forget all
        forgetRecent();
        credentialsChanged(integration.id());
    }

    /**
     * Saves an integration the service provides itself (the demo), marked so that {@link #isSeeded} tells whether it
     * is still as provided: any later save (an edit through the API) replaces the secrets and with them the mark.
     */
    public void saveSeed(Integration integration, Map<String, String> secrets) {
        Map<String, String> marked = new HashMap<>(secrets);
        marked.put(SEEDED, "true");
        save(integration, marked);
    }

    /** True while the integration is as {@link #saveSeed} left it. */
    public boolean isSeeded(String id) {
        return secrets(id).containsKey(SEEDED);
    }

    /**
     * Refuses a base URL the policy does not allow ({@link InvalidIntegrationException}, answered as a 400). Called before anything is sent for an integration being
     * saved; {@link #connect} applies the same policy to every connection, saved or not.
     */
    public void requireAllowedUrl(Integration integration) {
        baseUrlPolicy.problem(integration.connection().baseUrl()).ifPresent(problem -> {
            throw new InvalidIntegrationException("connection.baseUrl", problem);
        });
    }

    private static boolean sameGrant(Integration.Connection before, Integration.Connection after) {
        return before != null && before.authType() == after.authType()
                && Objects.equals(before.clientId(), after.clientId())
                && Objects.equals(before.consumerKey(), after.consumerKey());
    }

    /**
     * Changes an integration's secrets atomically (row locked while {@code change} runs, which may call out). The
     * cached connection is kept: use {@link #forgetConnection} when the change must reach it.
     */
    public boolean updateSecrets(String id, UnaryOperator<Map<String, String>> change) {
        boolean updated = repository.updateSecrets(id,
                sealed -> vault.seal(change.apply(new HashMap<>(vault.open(sealed)))));
        recentWebhookSecrets.invalidate(id);
        return updated;
    }

    private static <V> Cache<String, V> recentCopies() {
        return Caffeine.newBuilder().expireAfterWrite(RECENT).maximumSize(1_000).build();
    }

    private void forgetRecent() {
        recent.invalidateAll();
        recentWebhookSecrets.invalidateAll();
    }

    /** The next use builds the connection afresh from what is stored (new credentials apply). */
    public void forgetConnection(String id) {
        credentialsChanged(id);
    }

    /** Registers who must hear that an integration's credentials may have changed (parked reports resume). */
    public void onCredentialsChanged(Consumer<String> listener) {
        credentialListeners.add(listener);
    }

    private void credentialsChanged(String id) {
        connections.remove(id);
        credentialListeners.forEach(listener -> listener.accept(id));
    }

    public Optional<Integration> find(String id) {
        return repository.find(id).map(Integrations::toIntegration);
    }

    public Optional<Integration> findDefault() {
        return repository.findDefault().map(Integrations::toIntegration);
    }

    /**
     * {@link #find}, answered from a copy at most {@link #RECENT} old: for the paths that read the integration of
     * every report or delivery (intake, forwarding, webhooks). Saves and deletes on this node are seen at once.
     */
    public Optional<Integration> findRecent(String id) {
        return recent.get(id, this::find);
    }

    /** {@link #findDefault}, answered like {@link #findRecent}. */
    public Optional<Integration> findDefaultRecent() {
        return recent.get(DEFAULT_KEY, ignored -> findDefault());
    }

    public List<Integration> list() {
        return repository.list().stream().map(Integrations::toIntegration).toList();
    }

    /** The stored secrets of an integration, for an edit that keeps the ones it does not replace. */
    public Map<String, String> secrets(String id) {
        return repository.find(id).map(stored -> vault.open(stored.secretsSealed())).orElse(Map.of());
    }

    /** The secret Jira's webhooks for this integration are verified with (sync.webhookSecret), if one is set. */
    public Optional<String> webhookSecret(String id) {
        return Optional.ofNullable(secrets(id).get("webhookSecret"));
    }

    /** {@link #webhookSecret}, answered like {@link #findRecent}: for webhook deliveries, each verified with it. */
    public Optional<String> webhookSecretRecent(String id) {
        return recentWebhookSecrets.get(id, this::webhookSecret);
    }

    /** Deletes an integration without reports; false when reports still refer to it. */
    public boolean delete(String id) {
        boolean deleted = repository.deleteUnused(id);
        if (deleted) {
            connections.remove(id);
            forgetRecent();
        }
        return deleted;
    }

    /** The Connect app key of an integration (the JWT issuer on requests to Jira). */
    public static String connectAppKey(String integrationId) {
        return "jira-bridge-" + integrationId;
    }

    @Override
    public JiraConnection resolve(String integrationId) {
        return connections.computeIfAbsent(integrationId, id -> {
            StoredIntegration stored = repository.find(id)
                    .orElseThrow(() -> new IllegalArgumentException("no integration with id " + id));
            return connect(id, Json.read(stored.connectionJson(), Integration.Connection.class),
                    vault.open(stored.secretsSealed()));
        });
    }

    /**
     * Makes an integration that is not saved yet (a create or an edit being checked against Jira) reachable as
     * {@code jirarest:…?integration=<returned id>} until {@link #forgetUnsaved}. The id cannot clash with a saved
     * integration's (those never contain '.'), and stays as is in endpoint URIs.
     */
    public String registerUnsaved(Integration integration, Map<String, String> secrets) {
        String id = "unsaved." + java.util.UUID.randomUUID();
        connections.put(id, connect(id, integration.connection(), secrets));
        return id;
    }

    public void forgetUnsaved(String unsavedId) {
        connections.remove(unsavedId);
    }

    private JiraConnection connect(String id, Integration.Connection connection, Map<String, String> secrets) {
        // no connection (and so no request: pickers, checks, forwarding, sync) to a URL the policy refuses, also
        // for one stored before the policy or security.http-allowed-hosts changed
        baseUrlPolicy.problem(connection.baseUrl()).ifPresent(problem -> {
            throw JiraErrors.refused("integration " + id, "connection.baseUrl " + problem);
        });
        String siteUrl = connection.siteUrl();
        return new JiraConnection(siteUrl, Deployment.parse(connection.deployment()),
                AuthStrategies.fromOptions(authOptions(id, connection, secrets, siteUrl)));
    }

    private AuthOptions authOptions(String id, Integration.Connection connection, Map<String, String> secrets,
                                    String siteUrl) {
        AuthType type = connection.authType();
        // what the integration states, by the API's names; the type's descriptor picks what it takes
        Map<String, String> stated = new HashMap<>(secrets);
        putIfGiven(stated, "email", connection.email());
        putIfGiven(stated, "username", connection.username());
        putIfGiven(stated, "clientId", connection.clientId());
        putIfGiven(stated, "consumerKey", connection.consumerKey());
        stated.put("appKey", connectAppKey(id));
        AuthOptions.Builder options = AuthOptions.builder(type).hosts(hosts).clock(clock).siteUrl(siteUrl)
                .cloudId(connection.cloudId()).tokenStore(new VaultTokenStore(id));
        return AuthDescriptors.of(type).options(stated, options);
    }

    private static void putIfGiven(Map<String, String> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    /** OAuth 2.0 refresh tokens kept in the integration's sealed secrets; rotation holds the row's lock. */
    private final class VaultTokenStore implements TokenStore {
        private final String integrationId;

        VaultTokenStore(String integrationId) {
            this.integrationId = integrationId;
        }

        @Override
        public String refreshToken() {
            return secrets(integrationId).get(REFRESH_TOKEN);
        }

        @Override
        public String rotateRefreshToken(UnaryOperator<String> exchange) {
            String[] rotated = new String[1];
            updateSecrets(integrationId, secrets -> {
                rotated[0] = exchange.apply(secrets.get(REFRESH_TOKEN));
                secrets.put(REFRESH_TOKEN, rotated[0]);
                return secrets;
            });
            return rotated[0];
        }

        @Override
        public void forgetRefreshToken() {
            updateSecrets(integrationId, secrets -> {
                secrets.remove(REFRESH_TOKEN);
                return secrets;
            });
        }

        @Override
        public String toString() {
            return "VaultTokenStore[" + integrationId + "]";
        }
    }

    private static Integration toIntegration(StoredIntegration stored) {
        return new Integration(stored.id(), stored.name(), stored.isDefault(),
                Json.read(stored.connectionJson(), Integration.Connection.class),
                Json.read(stored.targetJson(), Integration.Target.class),
                Json.read(stored.mappingJson(), Integration.Mapping.class),
                Json.read(stored.syncJson(), Integration.Sync.class));
    }
}
