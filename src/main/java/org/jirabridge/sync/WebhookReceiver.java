package org.jirabridge.sync;

import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.api.OpenPathLimits;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.observe.LogText;
import org.jirabridge.observe.Metrics;
import org.jirabridge.store.Json;
import org.jirabridge.store.WebhookEventRepository;
import org.jirabridge.sync.ReportSyncResource.WebhookEvent;
import org.jirabridge.sync.ReportSyncResource.WebhookEventList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /webhooks/jira/{integrationId}: verifies the call (signature or URL token by {@link WebhookVerifier}, an app's
 * JWT by the {@link AppWebhookVerifier}), stores the delivery durably (once per delivery id) and answers 202 at once;
 * {@link WebhookEventProcessor} applies it. An unverifiable call is a 401 and stores nothing.
 * Bound as bean {@code webhookReceiver}.
 */
public final class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    /** Atlassian's id of one delivery: the same on every retry of it. */
    public static final String DELIVERY_ID_HEADER = "X-Atlassian-Webhook-Identifier";
    public static final String SIGNATURE_HEADER = "X-Hub-Signature";

    /** Where this endpoint lives: the path a Connect JWT's qsh covers (relative to the service's base URL). */
    public static final String PATH = "/webhooks/jira/";
    /** Most deliveries kept as REFUSED per integration: unverified calls must not be able to fill the database. */
    static final int MAX_REFUSED_KEPT = 1000;

    private final Integrations integrations;
    private final WebhookEventRepository events;
    private final AppWebhookVerifier appVerifier;
    private final Metrics metrics;

    public WebhookReceiver(Integrations integrations, WebhookEventRepository events, AppWebhookVerifier appVerifier,
                           Metrics metrics) {
        this.metrics = metrics;
        this.integrations = integrations;
        this.events = events;
        this.appVerifier = appVerifier;
    }

    public void receiveHttp(Exchange exchange) {
        Message message = exchange.getMessage();
        String integrationId = message.getHeader("integrationId", String.class);
        Integration integration = integrations.findRecent(integrationId).orElse(null);
        if (integration == null) {
            // the same 401 as a bad signature: the endpoint does not tell which integration ids exist
            LOG.warn("webhook for unknown integration {} refused", LogText.quote(integrationId));
            throw new ApiException(401, "unauthorized", OpenPathLimits.WEBHOOK_REFUSED);
        }
        byte[] raw = message.getBody(byte[].class);
        if (raw == null) {
            raw = new byte[0];
        }
        SyncSettings settings = SyncSettings.of(integration);
        String secret = integrations.webhookSecretRecent(integrationId).orElse(null);
        if (settings.verification() != SyncSettings.WebhookVerification.JWT && (secret == null || secret.isEmpty())) {
            keepUntilSecretIsSet(integrationId, raw, settings, message);
        }
        WebhookVerifier.Verdict verdict = settings.verification() == SyncSettings.WebhookVerification.JWT
                ? appVerifier.refusal(integrationId, "POST", PATH + integrationId,
                        message.getHeader(Exchange.HTTP_RAW_QUERY, String.class),
                        message.getHeader("Authorization", String.class))
                        .map(WebhookVerifier.Verdict::refused).orElse(WebhookVerifier.Verdict.OK)
                : WebhookVerifier.verify(settings.verification(), secret, raw,
                        message.getHeader(SIGNATURE_HEADER, String.class), message.getHeader("token", String.class),
                        message.getHeader("Authorization", String.class));
        if (!verdict.verified()) {
            // the reason goes to the log only: the answer must not tell a known id from an unknown one
            LOG.warn("webhook for integration {} refused: {}", LogText.quote(integrationId), verdict.reason());
            throw new ApiException(401, "unauthorized", OpenPathLimits.WEBHOOK_REFUSED);
        }
        JsonNode payload = readObject(raw);
        String deliveryId = deliveryId(message, raw);
        String eventType = eventType(payload);
        boolean stored = events.store(integrationId, deliveryId, eventType,
                new String(raw, java.nio.charset.StandardCharsets.UTF_8));
        // counted only once verified: unverified calls could otherwise invent integration tags
        metrics.webhookReceived(integrationId, !stored);
        LOG.debug("webhook {} for integration {}: {} ({})", deliveryId, integrationId, eventType,
                stored ? "stored" : "duplicate");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", true);
        body.put("duplicate", !stored);
        ApiResponses.json(exchange, 202, body);
    }

    /**
     * A delivery for an integration without a webhook secret cannot be verified, so it is not applied; it is kept as
     * REFUSED (with the reason) and verified once the secret is set ({@link #verifyRefused}), so a change made in Jira
     * meanwhile is not lost. The caller still gets the 401.
     */
    private void keepUntilSecretIsSet(String integrationId, byte[] raw, SyncSettings settings, Message message) {
        JsonNode payload = readObject(raw);
        String reason = "the integration has no webhook secret (sync.webhookSecret); kept as REFUSED and applied"
                + " once the secret is set, if the call's " + (settings.verification()
                == SyncSettings.WebhookVerification.TOKEN ? "token" : "signature") + " matches it";
        boolean kept = events.storeRefused(integrationId, deliveryId(message, raw), eventType(payload),
                new String(raw, java.nio.charset.StandardCharsets.UTF_8),
                WebhookVerifier.proof(settings.verification(), message.getHeader(SIGNATURE_HEADER, String.class),
                        message.getHeader("token", String.class)), reason, MAX_REFUSED_KEPT);
        LOG.warn("webhook for integration {} refused: it has no webhook secret; {}", integrationId, kept
                ? "kept as REFUSED until one is set (PATCH its sync.webhookSecret)"
                : "not kept (already kept, or " + MAX_REFUSED_KEPT + " refused deliveries are waiting)");
        throw new ApiException(401, "unauthorized", "the webhook call could not be verified: " + reason);
    }

    /**
     * Verifies the deliveries kept as REFUSED for an integration against its current secret: those that match are
     * queued to be applied; the rest stay REFUSED with the reason. Runs whenever the integration is saved.
     */
    public void verifyRefused(String integrationId) {
        List<WebhookEventRepository.RefusedDelivery> refused = events.refused(integrationId);
        if (refused.isEmpty()) {
            return;
        }
        Integration integration = integrations.find(integrationId).orElse(null);
        String secret = integrations.webhookSecret(integrationId).orElse(null);
        if (integration == null || secret == null || secret.isEmpty()) {
            return;
        }
        SyncSettings.WebhookVerification mode = SyncSettings.of(integration).verification();
        int queued = 0;
        for (WebhookEventRepository.RefusedDelivery delivery : refused) {
            WebhookVerifier.Verdict verdict = WebhookVerifier.verifyProof(mode, secret,
                    delivery.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8), delivery.proof());
            if (verdict.verified()) {
                events.queueRefused(delivery.id(), "verified with the webhook secret set after it arrived");
                queued++;
            } else {
                events.keepRefused(delivery.id(), "still refused with the webhook secret set since: "
                        + verdict.reason());
            }
        }
        LOG.info("integration {} has a webhook secret now: {} of {} refused webhook deliveries verified and queued",
                integrationId, queued, refused.size());
    }

    private static String deliveryId(Message message, byte[] raw) {
        String deliveryId = message.getHeader(DELIVERY_ID_HEADER, String.class);
        if (deliveryId == null || deliveryId.isBlank()) {
            // without Atlassian's id, identical bodies are the same delivery (each event has its own timestamp)
            deliveryId = "sha256:" + HexFormat.of().formatHex(WebhookVerifier.sha256(raw));
        }
        return deliveryId.strip();
    }

    private static String eventType(JsonNode payload) {
        return payload.path("webhookEvent").isTextual() ? payload.get("webhookEvent").asText() : null;
    }

    /** The latest 200 deliveries (of one integration, or all when integrationId is null or blank) and their fate. */
    public WebhookEventList list(String integrationId) {
        return new WebhookEventList(events.recent(integrationId == null || integrationId.isBlank() ? null
                : integrationId, 200).stream().map(WebhookReceiver::view).toList());
    }

    private static WebhookEvent view(WebhookEventRepository.WebhookEvent event) {
        return new WebhookEvent(event.id(), event.integrationId(), event.deliveryId(), event.eventType(),
                event.state(), event.outcome(), event.attempts(), event.receivedAt().toString());
    }

    private static JsonNode readObject(byte[] raw) {
        try {
            JsonNode node = Json.MAPPER.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "invalid_webhook", "the webhook body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "the webhook body is not valid JSON");
        }
    }
}
