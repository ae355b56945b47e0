package org.jirabridge.sync;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.auth.AuthType;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Json;
import org.jirabridge.store.WebhookEventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code dynamic-webhooks} routes, run every {@code sync.dynamic-webhooks-interval-ms} for each OAuth
 * 2.0 and Connect integration that syncs by webhook ({@code webhookVerification: jwt}) and is authorized/installed:
 * <ol>
 *   <li>reads Jira's clock ({@code serverInfo.serverTime}: expiry is Jira's to judge) and the app's webhooks;</li>
 *   <li>registers the integration's webhook (its project's JQL, every synced event, our receiver URL) when Jira has
 *   none, or refreshes it once fewer than {@link DynamicWebhooks#REFRESH_WHEN_LEFT} of its 30 days are left;</li>
 *   <li>Connect: pages through {@code GET /rest/api/3/webhook/failed} from the last failure seen and stores each
 *   failed delivery like a received one (same delivery id, so never twice), for the normal apply path. Atlassian
 *   lets only Connect apps list failures, so for OAuth 2.0 integrations without polling the run ends with one
 *   catch-up poll instead, which finds what failed deliveries missed.</li>
 * </ol>
 * Bound as bean {@code dynamicWebhooks}.
 */
public final class DynamicWebhookMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicWebhookMaintenance.class);
    private static final String WEBHOOKS_PATH = "/rest/api/3/webhook";
    private static final int FAILED_PAGE = 100;

    private final Integrations integrations;
    private final WebhookEventRepository events;
    private final Predicate<String> canHaveWebhooks;
    private final String publicUrl;
    private final Clock clock;
    /** Per integration: the failure time of the last failed delivery stored (a restart reads the last 72 hours). */
    private final Map<String, Long> failedAfter = new ConcurrentHashMap<>();

    /**
     * @param canHaveWebhooks whether an integration holds what its app needs (a Connect installation, an OAuth 2.0
     *                        grant on a chosen site)
     * @param publicUrl       where Jira reaches this service (service.public-url)
     */
    public DynamicWebhookMaintenance(Integrations integrations, WebhookEventRepository events,
                                     Predicate<String> canHaveWebhooks, String publicUrl, Clock clock) {
        this.integrations = integrations;
        this.events = events;
        this.canHaveWebhooks = canHaveWebhooks;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = clock;
    }

    /** Body out: the ids of the integrations whose dynamic webhooks are looked after now. */
    public List<String> due() {
        List<String> due = new ArrayList<>();
        for (Integration integration : integrations.list()) {
            if (wantsWebhooks(integration) && canHaveWebhooks.test(integration.id())) {
                due.add(integration.id());
            }
        }
        return due;
    }

    /** Apps syncing by webhook: OAuth 2.0 or Connect, jwt verification, something to sync, a project to watch. */
    static boolean wantsWebhooks(Integration integration) {
        if (!DynamicWebhooks.applies(integration) || integration.target() == null
                || integration.target().projectKey() == null) {
            return false;
        }
        SyncSettings settings = SyncSettings.of(integration);
        return settings.verification() == SyncSettings.WebhookVerification.JWT
                && (settings.status() || settings.comments() || settings.priority());
    }

    /** Where Jira sends the integration's webhooks. */
    public String receiverUrl(String integrationId) {
        return publicUrl + WebhookReceiver.PATH + integrationId;
    }

    /** Body in: serverInfo. Remembers Jira's time, by which the webhooks' expiry is judged. */
    @SuppressWarnings("unchecked")
    public void rememberJiraTime(Exchange exchange) {
        Map<String, Object> serverInfo = exchange.getMessage().getBody(Map.class);
        Instant jiraNow = serverInfo == null ? null : DynamicWebhooks.expiry(serverInfo.get("serverTime"));
        exchange.setProperty(BridgeHeaders.JIRA_NOW, jiraNow == null ? clock.instant() : jiraNow);
    }

    /** Asks for the app's webhooks (one page of 100: an integration has one, an app a few). */
    public void listRequest(Exchange exchange) {
        request(exchange.getMessage(), "GET", WEBHOOKS_PATH + "?startAt=0&maxResults=100", null);
    }

    /** Body in: the app's webhooks. Sets {@link #BridgeHeaders.DYNAMIC_WEBHOOK_ACTION} and the registration or refresh request. */
    @SuppressWarnings("unchecked")
    public void plan(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Integration integration = integrations.find(id).orElseThrow();
        Map<String, Object> page = message.getBody(Map.class);
        String projectKey = integration.target().projectKey();
        Optional<DynamicWebhooks.Registered> ours = DynamicWebhooks.ours(
                DynamicWebhooks.registered(page == null ? Map.of() : page), receiverUrl(id), projectKey);
        Instant jiraNow = exchange.getProperty(BridgeHeaders.JIRA_NOW, Instant.class);
        if (ours.isEmpty()) {
            message.setHeader(BridgeHeaders.DYNAMIC_WEBHOOK_ACTION, "register");
            request(message, "POST", WEBHOOKS_PATH, DynamicWebhooks.registration(receiverUrl(id), projectKey));
        } else if (DynamicWebhooks.needsRefresh(ours.get().expiresAt(), jiraNow)) {
            message.setHeader(BridgeHeaders.DYNAMIC_WEBHOOK_ACTION, "refresh");
            request(message, "PUT", WEBHOOKS_PATH + "/refresh", DynamicWebhooks.refresh(List.of(ours.get().id())));
        } else {
            message.setHeader(BridgeHeaders.DYNAMIC_WEBHOOK_ACTION, "none");
        }
        boolean connect = integration.connection().authType() == AuthType.CONNECT;
        message.setHeader(BridgeHeaders.FETCH_FAILED, connect);
        message.setHeader(BridgeHeaders.FAILED_MORE, connect);
        message.setHeader(BridgeHeaders.SYNC_CATCH_UP, !connect && SyncSettings.of(integration).pollCron() == null);
    }

    /** Body in: Jira's answer to the registration or refresh; a registration Jira refused fails with its errors. */
    @SuppressWarnings("unchecked")
    public void done(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Map<String, Object> answer = message.getBody(Map.class);
        if ("register".equals(message.getHeader(BridgeHeaders.DYNAMIC_WEBHOOK_ACTION, String.class))) {
            LOG.info("integration {}: dynamic webhook {} registered for {}", id,
                    DynamicWebhooks.createdIds(answer == null ? Map.of() : answer), receiverUrl(id));
        } else {
            LOG.info("integration {}: dynamic webhook refreshed until {}", id,
                    answer == null ? null : DynamicWebhooks.expiry(answer.get("expirationDate")));
        }
    }

    /** Asks for the next page of failed deliveries (Connect). */
    public void failedRequest(Exchange exchange) {
        String id = exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Long after = failedAfter.get(id);
        request(exchange.getMessage(), "GET", WEBHOOKS_PATH + "/failed?maxResults=" + FAILED_PAGE
                + (after == null ? "" : "&after=" + after), null);
    }

    /**
     * Body in: a page of failed deliveries. Each is stored as a delivery of this integration (once per id), then the
     * cursor moves past the page; {@link #BridgeHeaders.FAILED_MORE} says whether another page may follow.
     */
    @SuppressWarnings("unchecked")
    public void storeFailed(Exchange exchange) {
        Message message = exchange.getMessage();
        String id = message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        Map<String, Object> page = message.getBody(Map.class);
        page = page == null ? Map.of() : page;
        int stored = 0;
        for (DynamicWebhooks.FailedDelivery failure : DynamicWebhooks.failed(page)) {
            if (events.store(id, failure.deliveryId(), eventType(failure.body()), failure.body())) {
                stored++;
            }
        }
        Object values = page.get("values");
        int count = values instanceof List<?> list ? list.size() : 0;
        Long next = DynamicWebhooks.nextFailedAfter(page);
        if (next != null) {
            failedAfter.put(id, next);
        }
        if (stored > 0) {
            LOG.info("integration {}: {} failed webhook deliveries fetched from Jira and queued", id, stored);
        }
        message.setHeader(BridgeHeaders.FAILED_MORE, next != null && count >= FAILED_PAGE);
    }

    private static String eventType(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body.getBytes(StandardCharsets.UTF_8));
            return node != null && node.path("webhookEvent").isTextual() ? node.get("webhookEvent").asText() : null;
        } catch (java.io.IOException e) {
            // stored all the same: the apply step records why it cannot be used
            return null;
        }
    }

    private static void request(Message message, String method, String path, Object body) {
        message.setHeader(JiraRestConstants.JIRA_METHOD, method);
        message.setHeader(JiraRestConstants.JIRA_PATH, path);
        message.setBody(body);
    }
}
