package org.jirabridge.auth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jirabridge.auth.AuthDescriptor.Fields;

/**
 * The descriptor of every authentication type. Adding a type means: its {@link AuthType} constant, one descriptor
 * here, one {@link AuthStrategy} class, and the sandbox's side of it (docs/auth.md, "Adding an authentication type").
 */
public final class AuthDescriptors {

    /** Cloud: e-mail address and API token; Server/DC: user name and password. The token goes in as the password. */
    static final AuthDescriptor BASIC = new AuthDescriptor(AuthType.BASIC,
            Map.of("cloud", new Fields(List.of("email", "apiToken"), List.of()),
                    "server", new Fields(List.of("username", "password"), List.of())),
            Set.of("apiToken", "password"),
            (stated, options) -> options.username(first(stated, "email", "username"))
                    .password(first(stated, "apiToken", "password")),
            (options, clock, hosts) -> {
                String user = require(options.username(), "username", AuthType.BASIC);
                // Cloud users tend to think of the API token as a token, so accept it under either name
                String secret = options.password() != null ? options.password() : options.accessToken();
                return new BasicAuth(user, require(secret, "password", AuthType.BASIC));
            });

    /** Server/DC personal access token, sent as a Bearer token. */
    static final AuthDescriptor PAT = new AuthDescriptor(AuthType.PAT,
            Map.of("server", new Fields(List.of("token"), List.of())),
            Set.of("token"),
            (stated, options) -> options.accessToken(stated.get("token")),
            (options, clock, hosts) -> new PersonalAccessTokenAuth(
                    require(options.accessToken(), "accessToken", AuthType.PAT)));

    /** OAuth 2.0 (3LO): a person authorizes once; the refresh token rotates in the vault. */
    static final AuthDescriptor OAUTH2 = new AuthDescriptor(AuthType.OAUTH2,
            Map.of("cloud", new Fields(List.of("clientId", "clientSecret"), List.of("cloudId"))),
            Set.of("clientSecret"),
            (stated, options) -> options.client(stated.get("clientId"), stated.get("clientSecret")),
            (options, clock, hosts) -> new OAuth2ThreeLeggedAuth(
                    require(options.clientId(), "clientId", AuthType.OAUTH2),
                    require(options.clientSecret(), "clientSecret", AuthType.OAUTH2), options.cloudId(),
                    new OAuthTokenClient(hosts), options.tokenStore() != null ? options.tokenStore()
                            : TokenStore.inMemory(options.accessToken()), clock));

    /** OAuth 2.0 client credentials of a service account. */
    static final AuthDescriptor OAUTH2_CLIENT_CREDENTIALS = new AuthDescriptor(AuthType.OAUTH2_CLIENT_CREDENTIALS,
            Map.of("cloud", new Fields(List.of("clientId", "clientSecret"), List.of("cloudId"))),
            Set.of("clientSecret"),
            (stated, options) -> options.client(stated.get("clientId"), stated.get("clientSecret")),
            (options, clock, hosts) -> new OAuth2ClientCredentialsAuth(
                    require(options.clientId(), "clientId", AuthType.OAUTH2_CLIENT_CREDENTIALS),
                    require(options.clientSecret(), "clientSecret", AuthType.OAUTH2_CLIENT_CREDENTIALS),
                    options.cloudId(), new OAuthTokenClient(hosts), clock));

    /** A scoped API token, sent through Atlassian's API gateway. */
    static final AuthDescriptor SCOPED_API_TOKEN = new AuthDescriptor(AuthType.SCOPED_API_TOKEN,
            Map.of("cloud", new Fields(List.of("email", "apiToken"), List.of("cloudId"))),
            Set.of("apiToken"),
            (stated, options) -> options.username(first(stated, "email", "username"))
                    .password(first(stated, "apiToken", "password")),
            (options, clock, hosts) -> new ScopedApiTokenAuth(
                    require(options.username(), "username", AuthType.SCOPED_API_TOKEN),
                    require(options.password() != null ? options.password() : options.accessToken(), "password",
                            AuthType.SCOPED_API_TOKEN), options.cloudId(), new OAuthTokenClient(hosts)));

    /** OAuth 1.0a through an application link; the key pair and the access token come from the flow. */
    static final AuthDescriptor OAUTH1 = new AuthDescriptor(AuthType.OAUTH1,
            Map.of("server", new Fields(List.of("consumerKey"), List.of())),
            Set.of(),
            (stated, options) -> options.oauth1(stated.get("consumerKey"), stated.get("oauth1PrivateKey"),
                    stated.get("oauth1AccessToken")),
            (options, clock, hosts) -> new OAuth1Auth(require(options.consumerKey(), "consumerKey", AuthType.OAUTH1),
                    OAuth1Signer.decodePrivateKey(require(options.privateKey(), "privateKey", AuthType.OAUTH1)),
                    options.accessToken(), clock));

    /** An Atlassian Connect app: JWTs signed with the shared secret its install callback sent. */
    static final AuthDescriptor CONNECT = new AuthDescriptor(AuthType.CONNECT,
            Map.of("cloud", new Fields(List.of(), List.of())),
            Set.of(),
            (stated, options) -> options.connect(stated.get("appKey"), stated.get("connectSharedSecret")),
            (options, clock, hosts) -> new ConnectJwtAuth(require(options.appKey(), "appKey", AuthType.CONNECT),
                    options.sharedSecret(), require(options.siteUrl(), "siteUrl", AuthType.CONNECT), clock));

    private static final Map<AuthType, AuthDescriptor> BY_TYPE = new EnumMap<>(AuthType.class);

    static {
        for (AuthDescriptor descriptor : List.of(BASIC, PAT, OAUTH2, OAUTH2_CLIENT_CREDENTIALS, SCOPED_API_TOKEN,
                OAUTH1, CONNECT)) {
            BY_TYPE.put(descriptor.type(), descriptor);
        }
        // a type without a descriptor would fail at the first request; fail at start instead
        if (BY_TYPE.size() != AuthType.values().length) {
            throw new IllegalStateException("an AuthType has no descriptor: " + BY_TYPE.keySet());
        }
    }

    private AuthDescriptors() {
    }

    public static AuthDescriptor of(AuthType type) {
        return BY_TYPE.get(type);
    }

    /** Every descriptor, in the order of {@link AuthType}. */
    public static List<AuthDescriptor> all() {
        return List.copyOf(BY_TYPE.values());
    }

    static String require(String value, String option, AuthType type) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Option " + option + " is required for authType " + type);
        }
        return value;
    }

    private static String first(Map<String, String> stated, String name, String otherwise) {
        return stated.get(name) != null ? stated.get(name) : stated.get(otherwise);
    }
}
