package org.jirabridge.sync;

import java.util.Locale;
import java.util.Map;

import org.jirabridge.admin.Integration;
import org.jirabridge.auth.AuthType;

/**
 * An integration's {@code sync} switches as the sync reads them. {@code status}, {@code comments} and
 * {@code priority} are on unless set to false; no {@code pollCron} means no polling; the webhook verification mode
 * is {@code webhookVerification}, by default {@code jwt} for Connect integrations and {@code signature} otherwise.
 */
public record SyncSettings(boolean status, boolean comments, boolean priority, String pollCron,
                           WebhookVerification verification) {

    /** How a webhook call proves it comes from the integration's Jira. */
    public enum WebhookVerification {
        /** Admin webhooks with a secret: X-Hub-Signature: sha256=HMAC-SHA256(secret, raw body). */
        SIGNATURE,
        /** Server/Data Center before 10 cannot sign: the secret travels in the URL as ?token=…. */
        TOKEN,
        /** Connect apps: a JWT in the Authorization header. */
        JWT;

        public static WebhookVerification parse(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static SyncSettings of(Integration integration) {
        Map<String, Object> sync = integration.sync() == null ? Map.of() : integration.sync();
        Object cron = sync.get("pollCron");
        Object mode = sync.get("webhookVerification");
        WebhookVerification verification;
        if (mode instanceof String text && !text.isBlank()) {
            verification = WebhookVerification.parse(text);
        } else {
            boolean connect = integration.connection() != null
                    && integration.connection().authType() == AuthType.CONNECT;
            verification = connect ? WebhookVerification.JWT : WebhookVerification.SIGNATURE;
        }
        return new SyncSettings(!Boolean.FALSE.equals(sync.get("status")),
                !Boolean.FALSE.equals(sync.get("comments")), !Boolean.FALSE.equals(sync.get("priority")),
                cron instanceof String text && !text.isBlank() ? text.strip() : null, verification);
    }
}
