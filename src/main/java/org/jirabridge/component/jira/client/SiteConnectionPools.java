package org.jirabridge.component.jira.client;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One pooled Apache HttpClient 5 per Jira site (scheme, host and port of the API base URL), shared by every endpoint
 * and every authentication type that talks to that site. Authentication is per request (headers from the
 * AuthStrategy), so the pool itself holds no credentials.
 */
public final class SiteConnectionPools implements AutoCloseable {

    private final ConcurrentMap<String, CloseableHttpClient> clients = new ConcurrentHashMap<>();

    /** The client for the site of {@code apiBaseUrl}; created on first use. */
    public CloseableHttpClient forSite(URI apiBaseUrl, int connectTimeoutMillis, int maxConnections) {
        // a differing connect timeout needs its own pool: HttpClient 5 sets it per connection manager
        String key = apiBaseUrl.getScheme() + "://" + apiBaseUrl.getHost() + ":" + apiBaseUrl.getPort()
                + "|" + connectTimeoutMillis + "|" + maxConnections;
        return clients.computeIfAbsent(key, k -> create(connectTimeoutMillis, maxConnections));
    }

    /** How many site pools are open; for tests and health information. */
    public int size() {
        return clients.size();
    }

    private static CloseableHttpClient create(int connectTimeoutMillis, int maxConnections) {
        PoolingHttpClientConnectionManager manager = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeoutMillis))
                        // a pooled connection idle this long is checked first, so a dropped one is not reused blindly
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                // every connection goes to addresses the policy checked at that moment (no rebinding past it)
                .setDnsResolver(new SafeAddresses())
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .build();
        return HttpClients.custom()
                .setConnectionManager(manager)
                // failures go to the route's redelivery policy, which honours Retry-After; no hidden second attempt
                .disableAutomaticRetries()
                // a redirect could carry the Authorization header elsewhere; Jira's REST API does not redirect
                .disableRedirectHandling()
                // stateless: Jira's session cookies would otherwise outlive a credential change
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("jira-bridge")
                .build();
    }

    @Override
    public void close() {
        clients.values().forEach(client -> client.close(CloseMode.GRACEFUL));
        clients.clear();
    }
}
