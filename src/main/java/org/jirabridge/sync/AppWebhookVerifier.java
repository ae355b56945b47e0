package org.jirabridge.sync;

import java.util.Optional;

/**
 * Checks the JWT an app's webhook delivery carries (verification mode {@code jwt}): a Connect app's {@code JWT …}
 * signed with the shared secret of its installation and bound to this request by its qsh, or an OAuth 2.0 app's
 * {@code Bearer …} signed with its client secret. Implemented where the secrets are ({@code admin}) and bound in
 * JiraBridgeConfiguration, so sync needs no more of admin than it had.
 */
@FunctionalInterface
public interface AppWebhookVerifier {

    /**
     * @param path          the request's path relative to the app's base URL, as the qsh covers it
     * @param rawQuery      the request's query as received, or null
     * @param authorization the Authorization header, or null
     * @return empty when the call is verified, else why not (safe to show: never a token or a secret)
     */
    Optional<String> refusal(String integrationId, String method, String path, String rawQuery, String authorization);
}
