package org.jirabridge.auth;

import java.time.Clock;

/**
 * Builds the {@link AuthStrategy} for stated credentials (a stored integration, or the {@code jirarest:} URI form
 * without an integration). Producers never see this class: they only use {@link AuthStrategy}, so a new
 * authentication type means one new strategy class plus one case here.
 */
public final class AuthStrategies {

    private AuthStrategies() {
    }

    /** @throws IllegalArgumentException when credentials required by the type are missing or no type can be inferred */
    public static AuthStrategy fromOptions(AuthOptions options) {
        AuthType type = options.type() != null ? options.type() : infer(options);
        Clock clock = options.clock() != null ? options.clock() : Clock.systemUTC();
        AtlassianHosts hosts = options.hosts() != null ? options.hosts() : AtlassianHosts.ATLASSIAN;
        return switch (type) {
            case BASIC -> basic(options);
            case PAT -> new PersonalAccessTokenAuth(require(options.accessToken(), "accessToken", type));
            case OAUTH2 -> new OAuth2ThreeLeggedAuth(require(options.clientId(), "clientId", type),
                    require(options.clientSecret(), "clientSecret", type), options.cloudId(),
                    new OAuthTokenClient(hosts), options.tokenStore() != null ? options.tokenStore()
                            : TokenStore.inMemory(options.accessToken()), clock);
            case OAUTH2_CLIENT_CREDENTIALS -> new OAuth2ClientCredentialsAuth(
                    require(options.clientId(), "clientId", type),
                    require(options.clientSecret(), "clientSecret", type), options.cloudId(),
                    new OAuthTokenClient(hosts), clock);
            case SCOPED_API_TOKEN -> new ScopedApiTokenAuth(require(options.username(), "username", type),
                    require(options.password() != null ? options.password() : options.accessToken(), "password",
                            type), options.cloudId(), new OAuthTokenClient(hosts));
            case OAUTH1 -> new OAuth1Auth(require(options.consumerKey(), "consumerKey", type),
                    OAuth1Signer.decodePrivateKey(require(options.privateKey(), "privateKey", type)),
                    options.accessToken(), clock);
            case CONNECT -> new ConnectJwtAuth(require(options.appKey(), "appKey", type), options.sharedSecret(),
                    require(options.siteUrl(), "siteUrl", type), clock);
        };
    }

    private static AuthStrategy basic(AuthOptions options) {
        String user = require(options.username(), "username", AuthType.BASIC);
        // Cloud users tend to think of the API token as a token, so accept it under either name
        String secret = options.password() != null ? options.password() : options.accessToken();
        return new BasicAuth(user, require(secret, "password", AuthType.BASIC));
    }

    private static AuthType infer(AuthOptions options) {
        if (options.username() != null) {
            return AuthType.BASIC;
        }
        if (options.accessToken() != null) {
            return AuthType.PAT;
        }
        throw new IllegalArgumentException("No credentials given: set username and password (BASIC) or accessToken (PAT)");
    }

    private static String require(String value, String option, AuthType type) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Option " + option + " is required for authType " + type);
        }
        return value;
    }
}
