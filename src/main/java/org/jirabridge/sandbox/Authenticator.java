package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the Authorization header the way each flavour does. Cloud: Basic email + API token only
 * (Bearer PATs and account passwords are refused). Server: Basic username + password, or Bearer
 * personal access token. A header that is present but wrong fails on every endpoint, anonymous ones
 * included, as Seraph does; a revoked credential counts as wrong.
 */
final class Authenticator {

    static final String NOT_AUTHENTICATED = "You are not authenticated. Authentication required to perform this operation.";
    static final String CLOUD_REJECTED = "Client must be authenticated to access this resource.";
    static final String CLOUD_PASSWORD_DEPRECATED = "Basic authentication with passwords is deprecated.  For more information, see: "
            + "https://confluence.atlassian.com/cloud/deprecation-of-basic-authentication-with-passwords-for-jira-and-confluence-apis-972355348.html";
    static final String LOGIN_REASON = "X-Seraph-LoginReason";

    /** Who is calling: nobody (no header), a user (and the app acting for it, if any), or a failure to answer as it is. */
    record Outcome(SandboxUser user, SandboxResponse failure, AppPrincipal app) {
        Outcome(SandboxUser user, SandboxResponse failure) {
            this(user, failure, null);
        }

        boolean anonymous() {
            return user == null && failure == null;
        }
    }

    private final SandboxState state;
    private final AtlassianServices services;

    Authenticator(SandboxState state, AtlassianServices services) {
        this.state = state;
        this.services = services;
    }

    Outcome authenticate(SandboxRequest request) {
        String header = request.header("Authorization");
        if (header == null || header.isBlank()) {
            return new Outcome(null, null);
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String credentials = space < 0 ? "" : header.substring(space + 1).trim();
        // Connect JWTs (Cloud) and OAuth 1.0a signatures (Server) are checked by the services that issued them
        Outcome other = services == null ? null : services.authenticate(scheme, credentials, request);
        if (other != null) {
            return other;
        }
        Optional<SandboxUser> user = switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic" -> basic(credentials);
            case "bearer" -> bearer(credentials);
            default -> Optional.empty();
        };
        if (user.isPresent()) {
            return new Outcome(user.get(), null);
        }
        return new Outcome(null, rejection(scheme, credentials));
    }

    private Optional<SandboxUser> basic(String encoded) {
        String[] loginAndSecret = decode(encoded);
        if (loginAndSecret == null || state.isRevoked(loginAndSecret[1])) {
            return Optional.empty();
        }
        String secret = loginAndSecret[1];
        return state.userByLogin(loginAndSecret[0]).filter(SandboxUser::active).filter(u -> state.flavour() == Flavour.CLOUD
                ? u.apiTokens().contains(secret)
                : secret.equals(u.password()));
    }

    private Optional<SandboxUser> bearer(String token) {
        // Cloud sites take no personal access tokens: Bearer is for OAuth 2.0 through the API gateway
        if (state.flavour() == Flavour.CLOUD || token.isEmpty() || state.isRevoked(token)) {
            return Optional.empty();
        }
        return state.userByPersonalAccessToken(token).filter(SandboxUser::active);
    }

    private static String[] decode(String encoded) {
        try {
            String text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return colon < 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private SandboxResponse rejection(String scheme, String credentials) {
        if (state.flavour() == Flavour.CLOUD) {
            String[] loginAndSecret = scheme.equalsIgnoreCase("basic") ? decode(credentials) : null;
            boolean password = loginAndSecret != null && !state.isRevoked(loginAndSecret[1])
                    && state.userByLogin(loginAndSecret[0]).map(u -> loginAndSecret[1].equals(u.password())).orElse(false);
            return SandboxResponse.text(401, "text/plain;charset=UTF-8", password ? CLOUD_PASSWORD_DEPRECATED : CLOUD_REJECTED)
                    .header(LOGIN_REASON, "AUTHENTICATED_FAILED");
        }
        // Jira Server answers a failed login with its HTML error page, not JSON
        return SandboxResponse.text(401, "text/html;charset=UTF-8", "<!DOCTYPE html><html><head><title>Unauthorized (401)</title></head>"
                        + "<body><h1>Unauthorized (401)</h1><p>Encountered a &quot;401 - Unauthorized&quot; error while loading this page.</p>"
                        + "<p>Basic Authentication Failure - Reason : AUTHENTICATED_FAILED</p></body></html>")
                .header(LOGIN_REASON, "AUTHENTICATED_FAILED");
    }

    /** The answer to an anonymous call on an endpoint that needs a user. */
    static SandboxResponse authenticationRequired() {
        return SandboxResponse.errorMessage(401, NOT_AUTHENTICATED);
    }
}
