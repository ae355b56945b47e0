package org.jirabridge.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * A dynamic webhook: registered by an app through {@code POST /rest/api/3/webhook}, for issue and comment events
 * matching its JQL filter (and, for issue updates, touching one of {@code fieldIds} when given). It stops firing at
 * {@code expiresAt}, 30 days after registration or the last refresh. Carries no secret: deliveries are authenticated
 * with a JWT of the app's (client secret for OAuth 2.0 apps, shared secret for Connect apps).
 */
record AppWebhook(long id, AppPrincipal app, String url, List<String> events, String jql, List<String> fieldIds,
                  Instant expiresAt) {

    AppWebhook {
        events = List.copyOf(events);
        fieldIds = fieldIds == null ? List.of() : List.copyOf(fieldIds);
    }

    AppWebhook refreshedUntil(Instant until) {
        return new AppWebhook(id, app, url, events, jql, fieldIds, until);
    }

    boolean activeAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
