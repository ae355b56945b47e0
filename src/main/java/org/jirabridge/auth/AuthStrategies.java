package org.jirabridge.auth;

/**
 * Builds the {@link AuthStrategy} for explicitly stated credentials (the {@code jirarest:} URI form without an
 * integration). Producers never see this class: they only use {@link AuthStrategy}, so a new authentication type
 * means one new strategy class plus one case here.
 */
public final class AuthStrategies {

    private AuthStrategies() {
    }

    /**
     * @throws IllegalArgumentException      when credentials required by the type are missing or no type can be inferred
     * @throws UnsupportedOperationException for types this build does not implement yet
     */
    public static AuthStrategy fromOptions(AuthOptions options) {
        AuthType type = options.type() != null ? options.type() : infer(options);
        return switch (type) {
            case BASIC -> basic(options);
            case PAT -> new PersonalAccessTokenAuth(require(options.accessToken(), "accessToken", type));
            default -> throw new UnsupportedOperationException(
                    "Authentication type " + type + " is not available yet; use BASIC or PAT");
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
