package org.jirabridge.auth;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth 1.0a through a Jira Server/Data Center application link: every request is signed with RSA-SHA1 using the
 * link's consumer key, jira-bridge's private key and the access token the user approved.
 */
public final class OAuth1Auth implements AuthStrategy {

    private final String consumerKey;
    private final PrivateKey privateKey;
    private final String accessToken;
    private final Clock clock;

    public OAuth1Auth(String consumerKey, PrivateKey privateKey, String accessToken, Clock clock) {
        this.consumerKey = Objects.requireNonNull(consumerKey, "consumerKey");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.accessToken = accessToken;
        this.clock = clock;
    }

    @Override
    public AuthType type() {
        return AuthType.OAUTH1;
    }

    @Override
    public Map<String, String> authorizationHeaders(String method, URI uri) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new CredentialsException("this integration has no OAuth 1.0a access token yet: register the "
                    + "application link, then open GET /api/v1/integrations/{id}/oauth/authorize in a browser", false);
        }
        return Map.of("Authorization", OAuth1Signer.authorizationHeader(method, uri,
                Map.of("oauth_consumer_key", consumerKey, "oauth_token", accessToken), privateKey,
                clock.instant().getEpochSecond()));
    }

    @Override
    public String toString() {
        return "OAuth1Auth[consumerKey=" + consumerKey + ", privateKey=******, accessToken=******]";
    }
}
