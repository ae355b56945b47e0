package org.jirabridge.auth;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Atlassian Connect add-on (legacy), Jira Cloud: every request carries {@code Authorization: JWT <token>}, an HS256
 * JWT signed with the shared secret Jira sent to the install callback, issued by the app key, with the request's
 * {@code qsh}.
 */
public final class ConnectJwtAuth implements AuthStrategy {

    private final String appKey;
    private final String sharedSecret;
    private final String siteUrl;
    private final Clock clock;

    /** @param siteUrl the installation's baseUrl: qsh paths are relative to it (its context path is removed) */
    public ConnectJwtAuth(String appKey, String sharedSecret, String siteUrl, Clock clock) {
        this.appKey = Objects.requireNonNull(appKey, "appKey");
        this.sharedSecret = sharedSecret;
        this.siteUrl = siteUrl;
        this.clock = clock;
    }

    @Override
    public AuthType type() {
        return AuthType.CONNECT;
    }

    @Override
    public Map<String, String> authorizationHeaders(String method, URI uri) {
        if (sharedSecret == null || sharedSecret.isBlank()) {
            throw new CredentialsException("the Connect app is not installed on this site yet (no shared secret): "
                    + "install it from GET /connect/{id}/atlassian-connect.json", false);
        }
        String contextPath = URI.create(siteUrl).getRawPath();
        String path = uri.getRawPath();
        if (contextPath != null && !contextPath.isEmpty() && !contextPath.equals("/") && path.startsWith(contextPath)) {
            path = path.substring(contextPath.length());
        }
        return Map.of("Authorization", "JWT " + ConnectJwt.sign(appKey, sharedSecret, method, path, uri.getRawQuery(),
                clock.instant()));
    }

    @Override
    public String toString() {
        return "ConnectJwtAuth[appKey=" + appKey + ", sharedSecret=******]";
    }
}
