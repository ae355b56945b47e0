package org.jirabridge.auth;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth 2.0 client credentials of an Atlassian service account, Jira Cloud: the access token is cached until shortly
 * before it expires (there is no refresh token; a new one is simply asked for), and calls go through the gateway.
 */
public final class OAuth2ClientCredentialsAuth implements AuthStrategy {

    private final String clientId;
    private final String clientSecret;
    private final OAuthTokenClient tokens;
    private final CloudIdHolder cloudId;
    private final AccessTokenCache cache;

    public OAuth2ClientCredentialsAuth(String clientId, String clientSecret, String cloudId, OAuthTokenClient tokens,
                                       Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.tokens = tokens;
        this.cloudId = new CloudIdHolder(cloudId, tokens);
        this.cache = new AccessTokenCache(clock, () -> tokens.clientCredentials(this.clientId, this.clientSecret));
    }

    @Override
    public AuthType type() {
        return AuthType.OAUTH2_CLIENT_CREDENTIALS;
    }

    @Override
    public String apiBaseUrl(String siteUrl) {
        return tokens.hosts().jiraGateway(cloudId.get(siteUrl));
    }

    @Override
    public Map<String, String> authorizationHeaders(String method, URI uri) {
        return Map.of("Authorization", "Bearer " + cache.current());
    }

    @Override
    public boolean refreshAfterUnauthorized() {
        return cache.renewAfterUnauthorized();
    }

    @Override
    public List<String> grantedScopes() {
        return cache.scopes();
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentialsAuth[clientId=" + clientId + ", clientSecret=******]";
    }
}
