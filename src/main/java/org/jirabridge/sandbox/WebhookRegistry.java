package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin webhooks registered with the sandbox and the fan-out of events to them. An event reaches a webhook
 * that is enabled, lists the event and whose JQL filter (if any) matches the issue. Cloud and Data Center 10+ sign
 * bodies of webhooks with a secret (X-Hub-Signature: sha256=HMAC-SHA256 of the body); Server before 10 cannot.
 * Guarded by the state's monitor like the rest of {@link SandboxState}.
 */
final class WebhookRegistry {

    private final Map<Long, SandboxWebhook> webhooks = new LinkedHashMap<>();
    private long nextId = 1;
    private long nextChangelogId = 10000;
    private WebhookDispatcher dispatcher;

    void dispatchTo(WebhookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    WebhookDispatcher dispatcher() {
        return dispatcher;
    }

    void clear() {
        webhooks.clear();
        nextId = 1;
    }

    long nextId() {
        return nextId++;
    }

    void put(SandboxWebhook webhook) {
        webhooks.put(webhook.id(), webhook);
    }

    Optional<SandboxWebhook> find(long id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    boolean remove(long id) {
        return webhooks.remove(id) != null;
    }

    List<SandboxWebhook> all() {
        return new ArrayList<>(webhooks.values());
    }

    /** Renders the event for every webhook it concerns and hands the deliveries to the dispatcher. */
    void publish(WebhookEvent event, SandboxState state, String baseUrl) {
        if (dispatcher == null || webhooks.isEmpty()) {
            return;
        }
        long changelogId = event.changelog() == null ? 0 : nextChangelogId++;
        List<WebhookDispatcher.Delivery> deliveries = new ArrayList<>();
        for (SandboxWebhook webhook : webhooks.values()) {
            if (!webhook.enabled() || !webhook.events().contains(event.name()) || !matches(webhook, event, state)) {
                continue;
            }
            byte[] body = webhook.excludeBody() ? new byte[0]
                    : Json.bytes(WebhookPayloads.render(event, webhook.id(), changelogId, state, baseUrl));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=UTF-8");
            headers.put("User-Agent", "Atlassian Webhook HTTP Client");
            // one identifier per delivery, kept on every retry of it
            String identifier = UUID.randomUUID().toString();
            headers.put("X-Atlassian-Webhook-Identifier", identifier);
            if (webhook.secret() != null && signs(state)) {
                headers.put("X-Hub-Signature", "sha256=" + HexFormat.of().formatHex(hmac(webhook.secret(), body)));
            }
            deliveries.add(new WebhookDispatcher.Delivery(identifier, webhook.id(), event.name(), webhook.url(), body,
                    headers));
        }
        dispatcher.submit(deliveries);
    }

    /** Cloud signs; Server/Data Center only from version 10 on. */
    static boolean signs(SandboxState state) {
        return state.flavour() == Flavour.CLOUD || state.serverMajorVersion() >= 10;
    }

    private static boolean matches(SandboxWebhook webhook, WebhookEvent event, SandboxState state) {
        if (webhook.jql() == null || webhook.jql().isBlank()) {
            return true;
        }
        return !Jql.parse(webhook.jql(), state).run(List.of(event.issue())).isEmpty();
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
