package org.jirabridge.auth;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth 2.0 authorization code grant (3LO), Jira Cloud: Bearer access tokens through the API gateway
 * {@code {apiBase}/ex/jira/{cloudId}}. Access tokens are renewed before they expire and once after a 401 with the
 * refresh token, which Atlassian rotates on every use: the new refresh token is stored through the {@link TokenStore}
 * (under its lock, so concurrent renewals never send a rotated-out token) before the new access token is used.
 */
public final class OAuth2ThreeLeggedAuth implements AuthStrategy {

    /** The scopes jira-bridge asks for; offline_access brings the refresh token. */
    public static final List<String> SCOPES = List.of("read:jira-work", "write:jira-work", "read:jira-user",
            "manage:jira-webhook", "read:field:jira", "offline_access");

    private final String clientId;
    private final String clientSecret;
    private final String cloudId;
    private final OAuthTokenClient tokens;
    private final TokenStore store;
    private final AccessTokenCache cache;

    public OAuth2ThreeLeggedAuth(String clientId, String clientSecret, String cloudId, OAuthTokenClient tokens,
                                 TokenStore store, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.cloudId = cloudId;
        this.tokens = tokens;
        this.store = store;
        this.cache = new AccessTokenCache(clock, this::renew);
    }

    @Override
    public AuthType type() {
        return AuthType.OAUTH2;
    }

    @Override
    public String apiBaseUrl(String siteUrl) {
        if (cloudId == null || cloudId.isBlank()) {
            throw new CredentialsException("no Jira site is chosen for this OAuth 2.0 grant: pick one with "
                    + "GET /api/v1/integrations/{id}/sites and PUT …/site", false);
        }
        return tokens.hosts().jiraGateway(cloudId);
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

    private OAuthTokenClient.TokenResponse renew() {
        OAuthTokenClient.TokenResponse[] granted = new OAuthTokenClient.TokenResponse[1];
        try {
            store.rotateRefreshToken(current -> {
                if (current == null || current.isBlank()) {
                    throw new CredentialsException("this integration is not authorized yet (or its grant was lost):"
                            + " open GET /api/v1/integrations/{id}/oauth/authorize in a browser and accept", false);
                }
                granted[0] = tokens.refresh(clientId, clientSecret, current);
                // Atlassian always rotates; should an answer lack a new token, the one used stays valid
                return granted[0].refreshToken() != null ? granted[0].refreshToken() : current;
            });
        } catch (CredentialsException e) {
            if (e.grantLost()) {
                // revoked, expired or reused: the stored token can never work again
                store.forgetRefreshToken();
            }
            throw e;
        }
        return granted[0];
    }

    @Override
    public String toString() {
        return "OAuth2ThreeLeggedAuth[clientId=" + clientId + ", cloudId=" + cloudId + ", secrets=******]";
    }
}
