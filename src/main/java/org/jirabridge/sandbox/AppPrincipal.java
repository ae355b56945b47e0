package org.jirabridge.sandbox;

/**
 * The app behind a request, for the operations only apps may use (dynamic webhooks): an OAuth 2.0 (3LO) app, named by
 * its client id, acting for {@code userId}; or a Connect app, named by its app key, acting as its app user. Requests
 * with Basic credentials, personal access tokens, service accounts or scoped tokens have none.
 */
record AppPrincipal(Kind kind, String key, String userId) {

    enum Kind { OAUTH2, CONNECT }

    static AppPrincipal oauth2(String clientId, String userId) {
        return new AppPrincipal(Kind.OAUTH2, clientId, userId);
    }

    static AppPrincipal connect(String appKey, String appUserId) {
        return new AppPrincipal(Kind.CONNECT, appKey, appUserId);
    }

    /** Whether two principals are the same app (an OAuth app is the same app whichever user it acts for). */
    boolean sameApp(AppPrincipal other) {
        return other != null && kind == other.kind && key.equals(other.key);
    }
}
