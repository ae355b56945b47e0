package org.jirabridge.sandbox;

/** How deliveries to apps are authenticated, and where an app may receive them; played by {@link AtlassianServices}. */
interface AppWebhookSigner {

    /**
     * The Authorization header of a delivery to {@code url} for the app's webhook, or null when the app can no longer
     * receive (uninstalled, secret revoked, consent withdrawn): Jira then sends nothing.
     */
    String authorization(AppPrincipal app, String url);

    /** A Connect app's base URL (its webhook URL must start with it); null for OAuth 2.0 apps, which may use any. */
    String baseUrl(AppPrincipal app);
}
