package org.jirabridge.component.jira;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.DefaultComponent;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.component.jira.client.RequestPacer;
import org.jirabridge.component.jira.client.SiteConnectionPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jirarest} component: Jira Cloud and Server/Data Center over plain REST, with camel-jira's operation and
 * header names. URI: {@code jirarest:<operation>?integration=<id>} (connection from the
 * {@link JiraConnectionResolver} bean in the registry) or
 * {@code jirarest:<operation>?jiraUrl=...&authType=BASIC|PAT&username=...&password=...&accessToken=...}.
 *
 * <h2>Transport</h2>
 * The component uses Apache HttpClient 5 (the library under camel-http) directly, with one pooled client per Jira
 * site ({@link SiteConnectionPools}), rather than sending through camel-http endpoints with a ProducerTemplate.
 * Reasons: a camel-http endpoint per site and path would be created and cached for every issue key; camel-http maps
 * message headers onto HTTP headers, so route headers could leak to Jira unless filtered; its cookie handling and
 * automatic retries would have to be switched off anyway; and a 401 retry with refreshed credentials, Retry-After and
 * multipart attachments are all simpler on the client itself. Authentication is added per request from the
 * {@link org.jirabridge.auth.AuthStrategy}, so pools are shared by all authentication types of a site and new types
 * need no transport change. Pools close when the component stops.
 */
public class JiraRestComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(JiraRestComponent.class);

    @Metadata(description = "Default options copied into every endpoint")
    private JiraRestConfiguration configuration = new JiraRestConfiguration();

    @Metadata(label = "advanced", description = "Supplies the connection of an integration; looked up in the registry"
                                                + " by type when not set")
    private JiraConnectionResolver connectionResolver;

    @Metadata(label = "advanced", description = "Told about 429 answers (for metrics); looked up in the registry by"
                                                + " type when not set, none when there is not exactly one")
    private JiraRestObserver observer;

    @Metadata(label = "advanced", description = "Asked before every request of an integration whether its site takes"
                                                + " requests now; looked up in the registry by type when not set,"
                                                + " none when there is not exactly one")
    private JiraSiteGuard siteGuard;

    private final SiteConnectionPools pools = new SiteConnectionPools();
    // one pacer per Jira site (API base URL), shared by every endpoint and credential that talks to it
    private final java.util.concurrent.ConcurrentMap<String, RequestPacer> pacers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentMap<String, Deployment> detectedDeployments = new ConcurrentHashMap<>();
    private Clock clock = Clock.systemUTC();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        JiraRestOperation operation = JiraRestOperation.fromUriName(remaining);
        JiraRestConfiguration endpointConfiguration = configuration.copy();
        // options live on the configuration; what is left (lazyStartProducer...) belongs to the endpoint
        setProperties(endpointConfiguration, parameters);
        JiraRestEndpoint endpoint = new JiraRestEndpoint(uri, this, operation, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The resolver set on the component, else the single one in the registry. */
    JiraConnectionResolver connectionResolver() {
        if (connectionResolver == null) {
            Set<JiraConnectionResolver> found = getCamelContext().getRegistry().findByType(JiraConnectionResolver.class);
            if (found.size() != 1) {
                throw new IllegalStateException("jirarest needs exactly one JiraConnectionResolver bean in the registry"
                        + " to resolve integrations, found " + found.size());
            }
            connectionResolver = found.iterator().next();
        }
        return connectionResolver;
    }

    /** The observer set on the component, else the single one in the registry, else one that observes nothing. */
    JiraRestObserver observer() {
        if (observer == null) {
            Set<JiraRestObserver> found = getCamelContext().getRegistry().findByType(JiraRestObserver.class);
            observer = found.size() == 1 ? found.iterator().next() : JiraRestObserver.NONE;
        }
        return observer;
    }

    /** The guard set on the component, else the single one in the registry, else one that lets everything through. */
    public JiraSiteGuard siteGuard() {
        if (siteGuard == null) {
            Set<JiraSiteGuard> found = getCamelContext().getRegistry().findByType(JiraSiteGuard.class);
            siteGuard = found.size() == 1 ? found.iterator().next() : JiraSiteGuard.NONE;
        }
        return siteGuard;
    }

    /** Whether requests to this API base URL are being held back by rate limiting (for health reporting). */
    public boolean isRateLimited(String apiBaseUrl) {
        RequestPacer pacer = pacers.get(apiBaseUrl);
        return pacer != null && pacer.isHoldingBack();
    }

    RequestPacer pacer(String apiBaseUrl, double maxRequestsPerSecond) {
        return pacers.computeIfAbsent(apiBaseUrl, site -> new RequestPacer(maxRequestsPerSecond));
    }

    SiteConnectionPools pools() {
        return pools;
    }

    Clock clock() {
        return clock;
    }

    /**
     * The deployment of a site whose connection does not say, from {@code GET /rest/api/2/serverInfo}
     * (deploymentType "Cloud" means CLOUD, anything else SERVER); asked once per site, failures are not cached.
     */
    Deployment detectDeployment(String siteUrl, JiraRestClient serverInfoClient) {
        Deployment known = detectedDeployments.get(siteUrl);
        if (known != null) {
            return known;
        }
        Object info = serverInfoClient.get("/rest/api/2/serverInfo", Map.of());
        Object type = Json.map(info).get("deploymentType");
        Deployment detected = "Cloud".equalsIgnoreCase(String.valueOf(type)) ? Deployment.CLOUD : Deployment.SERVER;
        LOG.info("Jira site {} reports deploymentType {}: using {}", siteUrl, type, detected);
        detectedDeployments.put(siteUrl, detected);
        return detected;
    }

    @Override
    protected void doStop() throws Exception {
        pools.close();
        detectedDeployments.clear();
        super.doStop();
    }

    public JiraRestConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(JiraRestConfiguration configuration) {
        this.configuration = configuration;
    }

    public JiraConnectionResolver getConnectionResolver() {
        return connectionResolver;
    }

    public void setConnectionResolver(JiraConnectionResolver connectionResolver) {
        this.connectionResolver = connectionResolver;
    }

    public JiraRestObserver getObserver() {
        return observer;
    }

    public void setObserver(JiraRestObserver observer) {
        this.observer = observer;
    }

    public JiraSiteGuard getSiteGuard() {
        return siteGuard;
    }

    public void setSiteGuard(JiraSiteGuard siteGuard) {
        this.siteGuard = siteGuard;
    }

    /** For tests that need a fixed "now" when reading Retry-After dates. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
