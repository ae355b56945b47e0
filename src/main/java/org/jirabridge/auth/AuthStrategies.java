package org.jirabridge.auth;

import java.time.Clock;

/**
 * Builds the {@link AuthStrategy} for stated credentials (a stored integration, or the {@code jirarest:} URI form
 * without an integration) through the type's {@link AuthDescriptor}. Producers never see this class: they only use
 * {@link AuthStrategy}.
 */
public final class AuthStrategies {

    private AuthStrategies() {
    }

    /** @throws IllegalArgumentException when credentials required by the type are missing or no type can be inferred */
    public static AuthStrategy fromOptions(AuthOptions options) {
        AuthType type = options.type() != null ? options.type() : infer(options);
        Clock clock = options.clock() != null ? options.clock() : Clock.systemUTC();
        AtlassianHosts hosts = options.hosts() != null ? options.hosts() : AtlassianHosts.ATLASSIAN;
        return AuthDescriptors.of(type).signer().strategy(options, clock, hosts);
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
}
