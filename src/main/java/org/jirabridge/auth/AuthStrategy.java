package org.jirabridge.auth;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * How requests to one Jira site are authenticated. One implementation per {@link AuthType}.
 * Implementations never expose their secrets, not even through {@code toString()}.
 */
public interface AuthStrategy {

    AuthType type();

    /** Base URL that REST paths are appended to: the site itself, or the API gateway for OAuth 2.0 and scoped tokens. */
    default String apiBaseUrl(String siteUrl) {
        return siteUrl;
    }

    /** Headers that authenticate one request; OAuth 1.0a and Connect sign the method and the full URI. */
    Map<String, String> authorizationHeaders(String method, URI uri);

    /** Called once after a 401; returns true when fresh credentials were obtained and the request may be retried. */
    default boolean refreshAfterUnauthorized() {
        return false;
    }

    /** OAuth scopes granted with the current access token (empty when the type has none or none was obtained yet). */
    default List<String> grantedScopes() {
        return List.of();
    }
}
