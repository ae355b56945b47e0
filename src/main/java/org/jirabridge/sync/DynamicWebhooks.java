package org.jirabridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jirabridge.admin.Integration;
import org.jirabridge.auth.AuthType;

/**
 * Dynamic webhooks, the way OAuth 2.0 and Connect apps get Jira Cloud's events (admin webhooks need a Jira admin):
 * the bodies and answers of {@code POST /rest/api/3/webhook}, {@code PUT /rest/api/3/webhook/refresh} and
 * {@code GET /rest/api/3/webhook/failed}. Pure; the routes that call them for OAuth 2.0 and Connect integrations
 * come with those authentication types (the authentication issue): until then such integrations sync by polling.
 */
public final class DynamicWebhooks {

    /** Jira Cloud stops sending a dynamic webhook 30 days after it was registered or last refreshed. */
    public static final Duration LIFETIME = Duration.ofDays(30);
    /** Refreshed once less than this is left: well before expiry, even after days of downtime. */
    public static final Duration REFRESH_WHEN_LEFT = Duration.ofDays(20);

    /** A delivery Jira gave up on, to be stored and applied like any webhook. */
    public record FailedDelivery(String deliveryId, String body, Instant failedAt) {
    }

    private DynamicWebhooks() {
    }

    /** True for the authentication types that register dynamic webhooks instead of admin ones. */
    public static boolean applies(Integration integration) {
        AuthType type = integration.connection() == null ? null : integration.connection().authType();
        return type == AuthType.OAUTH2 || type == AuthType.CONNECT;
    }

    /** The registration body: the synced events of the integration's project only. */
    public static Map<String, Object> registration(String receiverUrl, String projectKey) {
        return Map.of("url", receiverUrl, "webhooks", List.of(Map.of(
                "events", List.copyOf(JiraEvents.SYNCED.stream().sorted().toList()),
                "jqlFilter", "project = \"" + projectKey.replace("\"", "") + "\"")));
    }

    /** The ids Jira created; a registration Jira refused (e.g. an unsupported JQL clause) fails with its errors. */
    @SuppressWarnings("unchecked")
    public static List<Long> createdIds(Map<String, Object> answer) {
        List<Long> ids = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Object results = answer.get("webhookRegistrationResult");
        for (Object result : results instanceof List<?> list ? list : List.of()) {
            Map<String, Object> entry = (Map<String, Object>) result;
            if (entry.get("createdWebhookId") instanceof Number id) {
                ids.add(id.longValue());
            } else if (entry.get("errors") instanceof List<?> messages) {
                messages.forEach(m -> errors.add(String.valueOf(m)));
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Jira refused the webhook registration: " + String.join("; ", errors));
        }
        return ids;
    }

    public static Map<String, Object> refresh(List<Long> webhookIds) {
        return Map.of("webhookIds", List.copyOf(webhookIds));
    }

    public static boolean needsRefresh(Instant expiresAt, Instant now) {
        return expiresAt == null || !now.plus(REFRESH_WHEN_LEFT).isBefore(expiresAt);
    }

    /**
     * The failures of one {@code webhook/failed} page that carry a body (Jira omits it for some); each gets the
     * delivery id "failed:&lt;id&gt;", so fetching a failure twice stores it once.
     */
    @SuppressWarnings("unchecked")
    public static List<FailedDelivery> failed(Map<String, Object> page) {
        List<FailedDelivery> failures = new ArrayList<>();
        Object values = page.get("values");
        for (Object value : values instanceof List<?> list ? list : List.of()) {
            Map<String, Object> failure = (Map<String, Object>) value;
            if (failure.get("body") instanceof String body && !body.isBlank()) {
                Instant at = failure.get("failureTime") instanceof Number time ? Instant.ofEpochMilli(time.longValue())
                        : null;
                failures.add(new FailedDelivery("failed:" + failure.get("id"), body, at));
            }
        }
        return failures;
    }

    /** The failedAfter value of the next page, or null on the last page. */
    public static Long nextFailedAfter(Map<String, Object> page) {
        Object next = page.get("next");
        if (!(next instanceof String url)) {
            return null;
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("[?&]failedAfter=(\\d+)").matcher(url);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : null;
    }
}
