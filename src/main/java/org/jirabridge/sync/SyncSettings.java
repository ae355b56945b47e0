package org.jirabridge.sync;

import java.util.Locale;
import java.util.Map;

import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;

/**
 * An integration's {@code sync} switches as the sync reads them. {@code status}, {@code comments} and
 * {@code priority} are on unless set to false; no {@code pollCron} means no polling; the webhook verification mode
 * is {@code webhookVerification}, by default {@code jwt} for Connect and OAuth 2.0 integrations (apps, whose dynamic
 * webhooks carry a JWT) and {@code signature} otherwise.
 */
public record SyncSettings(boolean status, boolean comments, boolean priority, String pollCron,
                           WebhookVerification verification) {

    /** How a webhook call proves it comes from the integration's Jira. */
    public enum WebhookVerification {
        /** Admin webhooks with a secret: X-Hub-Signature: sha256=HMAC-SHA256(secret, raw body). */
        SIGNATURE,
        /** Server/Data Center before 10 cannot sign: the secret travels in the URL as ?token=…. */
        TOKEN,
        /** Apps' dynamic webhooks: a JWT in the Authorization header (Connect: shared secret; OAuth 2.0: client secret). */
        JWT;

        public static WebhookVerification parse(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static SyncSettings of(Integration integration) {
        Integration.Sync sync = integration.sync() == null
                ? new Integration.Sync(null, null, null, null, null, null) : integration.sync();
        String cron = sync.pollCron();
        String mode = sync.webhookVerification();
        WebhookVerification verification;
        if (mode != null && !mode.isBlank()) {
            verification = WebhookVerification.parse(mode);
        } else {
            AuthType type = integration.connection() == null ? null : integration.connection().authType();
            // apps get dynamic webhooks, which carry the app's JWT and cannot be given a secret
            verification = type == AuthType.CONNECT || type == AuthType.OAUTH2 ? WebhookVerification.JWT
                    : WebhookVerification.SIGNATURE;
        }
        return new SyncSettings(!Boolean.FALSE.equals(sync.status()), !Boolean.FALSE.equals(sync.comments()),
                !Boolean.FALSE.equals(sync.priority()), cron != null && !cron.isBlank() ? cron.strip() : null,
                verification);
    }
}
