package org.jirabridge.auth;

import java.time.Clock;

/**
 * Credentials as an endpoint URI, a configuration file or a stored integration states them, before they become an
 * {@link AuthStrategy}. Which components matter depends on the type; the rest are null.
 *
 * @param type         the authentication type; null means "infer from what is given" (BASIC or PAT)
 * @param username     Cloud e-mail address or Server/DC user name (BASIC, SCOPED_API_TOKEN)
 * @param password     Cloud API token, Server/DC password, or a scoped API token (BASIC, SCOPED_API_TOKEN)
 * @param accessToken  personal access token (PAT), OAuth 1.0a access token (OAUTH1); for BASIC it stands in for a
 *                     missing password
 * @param clientId     OAuth 2.0 client id (OAUTH2, OAUTH2_CLIENT_CREDENTIALS)
 * @param clientSecret OAuth 2.0 client secret (OAUTH2, OAUTH2_CLIENT_CREDENTIALS)
 * @param cloudId      the site's cloud id for gateway calls; looked up when absent (except OAUTH2: chosen site)
 * @param consumerKey  OAuth 1.0a consumer key of the application link (OAUTH1)
 * @param privateKey   OAuth 1.0a RSA private key, base64 PKCS#8 (OAUTH1)
 * @param appKey       Connect app key, the JWT issuer (CONNECT)
 * @param sharedSecret Connect shared secret from the install callback (CONNECT)
 * @param siteUrl      the Jira site (CONNECT: qsh paths are relative to it)
 * @param hosts        Atlassian's authorization server and API gateway; null means Atlassian's own
 * @param tokenStore   where rotated OAuth 2.0 refresh tokens are kept (OAUTH2)
 * @param clock        time for token expiry and signatures; null means the system clock
 */
public record AuthOptions(AuthType type, String username, String password, String accessToken, String clientId,
                          String clientSecret, String cloudId, String consumerKey, String privateKey, String appKey,
                          String sharedSecret, String siteUrl, AtlassianHosts hosts, TokenStore tokenStore,
                          Clock clock) {

    /** Basic or personal access token credentials (the explicit {@code jirarest:} URI form). */
    public AuthOptions(AuthType type, String username, String password, String accessToken) {
        this(type, username, password, accessToken, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Builder builder(AuthType type) {
        return new Builder(type);
    }

    @Override
    public String toString() {
        // secrets are never printed, only whether they were given
        return "AuthOptions[type=" + type + ", username=" + username + ", password=" + given(password)
                + ", accessToken=" + given(accessToken) + ", clientId=" + clientId + ", clientSecret="
                + given(clientSecret) + ", cloudId=" + cloudId + ", consumerKey=" + consumerKey + ", privateKey="
                + given(privateKey) + ", appKey=" + appKey + ", sharedSecret=" + given(sharedSecret) + "]";
    }

    private static String given(String secret) {
        return secret == null ? "null" : "******";
    }

    /** Builds options component by component. */
    public static final class Builder {
        private final AuthType type;
        private String username;
        private String password;
        private String accessToken;
        private String clientId;
        private String clientSecret;
        private String cloudId;
        private String consumerKey;
        private String privateKey;
        private String appKey;
        private String sharedSecret;
        private String siteUrl;
        private AtlassianHosts hosts;
        private TokenStore tokenStore;
        private Clock clock;

        private Builder(AuthType type) {
            this.type = type;
        }

        public Builder username(String value) {
            username = value;
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder accessToken(String value) {
            accessToken = value;
            return this;
        }

        public Builder client(String id, String secret) {
            clientId = id;
            clientSecret = secret;
            return this;
        }

        public Builder cloudId(String value) {
            cloudId = value;
            return this;
        }

        public Builder oauth1(String consumer, String privateKeyBase64, String token) {
            consumerKey = consumer;
            privateKey = privateKeyBase64;
            accessToken = token;
            return this;
        }

        public Builder connect(String key, String secret) {
            appKey = key;
            sharedSecret = secret;
            return this;
        }

        public Builder siteUrl(String value) {
            siteUrl = value;
            return this;
        }

        public Builder hosts(AtlassianHosts value) {
            hosts = value;
            return this;
        }

        public Builder tokenStore(TokenStore value) {
            tokenStore = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public AuthOptions build() {
            return new AuthOptions(type, username, password, accessToken, clientId, clientSecret, cloudId,
                    consumerKey, privateKey, appKey, sharedSecret, siteUrl, hosts, tokenStore, clock);
        }
    }
}
