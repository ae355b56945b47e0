package org.jirabridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;

/**
 * Dynamic webhooks, the way OAuth 2.0 and Connect apps get Jira Cloud's events (admin webhooks need a Jira admin):
 * the bodies and answers of {@code GET|POST /rest/api/3/webhook}, {@code PUT /rest/api/3/webhook/refresh} and
 * {@code GET /rest/api/3/webhook/failed}. Pure; {@link DynamicWebhookMaintenance} calls them from the
 * {@code dynamic-webhooks} route.
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
                "jqlFilter", jqlFilter(projectKey))));
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

    /** A webhook of the app as {@code GET /rest/api/3/webhook} lists it. */
    public record Registered(long id, String url, String jqlFilter, List<String> events, Instant expiresAt) {
    }

    /** The webhooks of one {@code GET /rest/api/3/webhook} page. */
    @SuppressWarnings("unchecked")
    public static List<Registered> registered(Map<String, Object> page) {
        List<Registered> webhooks = new ArrayList<>();
        Object values = page.get("values");
        for (Object value : values instanceof List<?> list ? list : List.of()) {
            Map<String, Object> webhook = (Map<String, Object>) value;
            List<String> events = new ArrayList<>();
            if (webhook.get("events") instanceof List<?> names) {
                names.forEach(name -> events.add(String.valueOf(name)));
            }
            webhooks.add(new Registered(((Number) webhook.get("id")).longValue(), (String) webhook.get("url"),
                    (String) webhook.get("jqlFilter"), events, expiry(webhook.get("expirationDate"))));
        }
        return webhooks;
    }

    /** The integration's own webhook among the app's: its URL, its project's filter, every synced event. */
    public static java.util.Optional<Registered> ours(List<Registered> webhooks, String receiverUrl,
                                                      String projectKey) {
        return webhooks.stream().filter(w -> receiverUrl.equals(w.url())
                        && jqlFilter(projectKey).equals(w.jqlFilter()) && w.events().containsAll(JiraEvents.SYNCED))
                .findFirst();
    }

    /**
     * An expirationDate: epoch milliseconds as Atlassian's schema says, or the date text its examples show
     * ("2019-06-01T12:42:30.000+0000"); null when absent.
     */
    public static Instant expiry(Object value) {
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        if (value instanceof String text && !text.isBlank()) {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text))
                    : JiraTimes.parse(text);
        }
        return null;
    }

    public static Map<String, Object> refresh(List<Long> webhookIds) {
        return Map.of("webhookIds", List.copyOf(webhookIds));
    }

    public static boolean needsRefresh(Instant expiresAt, Instant now) {
        return expiresAt == null || !now.plus(REFRESH_WHEN_LEFT).isBefore(expiresAt);
    }

    /** The JQL filter of an integration's webhook: its project only. */
    public static String jqlFilter(String projectKey) {
        return "project = \"" + projectKey.replace("\"", "") + "\"";
    }

    /**
     * The failures of one {@code webhook/failed} page that carry a body (Jira omits it for some). A failure's id is the
     * X-Atlassian-Webhook-Identifier the delivery was sent with, so it is the delivery id: a failure whose delivery did
     * reach us after all, or one fetched twice, is stored once.
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
                failures.add(new FailedDelivery(String.valueOf(failure.get("id")), body, at));
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
