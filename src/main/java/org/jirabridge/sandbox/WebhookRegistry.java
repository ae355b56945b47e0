package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * The webhooks registered with the sandbox and the fan-out of events to them: admin webhooks
 * (/rest/webhooks/1.0/webhook) and apps' dynamic webhooks (/rest/api/3/webhook, Cloud). An event reaches a webhook
 * that is enabled (dynamic: not expired), lists the event and whose JQL filter (if any) matches the issue. Cloud and
 * Data Center 10+ sign bodies of admin webhooks with a secret (X-Hub-Signature: sha256=HMAC-SHA256 of the body);
 * Server before 10 cannot. Dynamic webhooks carry the app's JWT instead. Deliveries to apps that fail after every
 * retry are kept 72 hours for {@code GET /rest/api/3/webhook/failed}. Guarded by the state's monitor like the rest of
 * {@link SandboxState}, except the failure list, which the dispatcher's threads add to under its own lock.
 */
final class WebhookRegistry {

    /** Jira Cloud stops sending a dynamic webhook 30 days after its registration or last refresh. */
    static final Duration APP_WEBHOOK_LIFETIME = Duration.ofDays(30);
    /** Failed deliveries "may no longer be returned" after 72 hours. */
    static final Duration FAILURE_RETENTION = Duration.ofHours(72);

    /** A delivery to an app that failed after every retry, as GET /webhook/failed lists it. */
    record FailedDelivery(String id, AppPrincipal app, String url, byte[] body, Instant failedAt) {
    }

    private final Clock clock;
    private final Map<Long, SandboxWebhook> webhooks = new LinkedHashMap<>();
    private final Map<Long, AppWebhook> appWebhooks = new LinkedHashMap<>();
    private final List<FailedDelivery> failures = new ArrayList<>();
    private long nextId = 1;
    private long nextAppWebhookId = 10000;
    private long nextChangelogId = 10000;
    private WebhookDispatcher dispatcher;
    private AppWebhookSigner appSigner;

    WebhookRegistry(Clock clock) {
        this.clock = clock;
    }

    void dispatchTo(WebhookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        dispatcher.onGaveUp(this::recordFailure);
    }

    /** Who signs deliveries to apps (the sandbox's Atlassian services); without one, apps get nothing. */
    void signAppDeliveriesWith(AppWebhookSigner signer) {
        this.appSigner = signer;
    }

    AppWebhookSigner appSigner() {
        return appSigner;
    }

    WebhookDispatcher dispatcher() {
        return dispatcher;
    }

    void clear() {
        webhooks.clear();
        nextId = 1;
        appWebhooks.clear();
        nextAppWebhookId = 10000;
        if (dispatcher != null) {
            dispatcher.failNextAttempts(0);
        }
        synchronized (failures) {
            failures.clear();
        }
    }

    long nextId() {
        return nextId++;
    }

    /** The ids a registry hands out next (a data dir keeps them). */
    record NextIds(long webhook, long appWebhook, long changelog) {
    }

    NextIds nextIds() {
        return new NextIds(nextId, nextAppWebhookId, nextChangelogId);
    }

    /** Continues numbering after restored counters (never below the current ones). */
    void continueIds(long webhookId, long appWebhookId, long changelogId) {
        nextId = Math.max(nextId, webhookId);
        nextAppWebhookId = Math.max(nextAppWebhookId, appWebhookId);
        nextChangelogId = Math.max(nextChangelogId, changelogId);
    }

    /** Replaces the admin webhooks with those read back from a data dir; numbering continues after them. */
    void restore(List<SandboxWebhook> restored) {
        webhooks.clear();
        restored.forEach(w -> {
            webhooks.put(w.id(), w);
            nextId = Math.max(nextId, w.id() + 1);
        });
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

    // ---- dynamic webhooks of apps

    AppWebhook registerAppWebhook(AppPrincipal app, String url, List<String> events, String jql,
                                  List<String> fieldIds) {
        AppWebhook webhook = new AppWebhook(nextAppWebhookId++, app, url, events, jql, fieldIds,
                clock.instant().plus(APP_WEBHOOK_LIFETIME));
        appWebhooks.put(webhook.id(), webhook);
        return webhook;
    }

    /** The app's webhooks, oldest first; an OAuth 2.0 app sees those its user registered. */
    List<AppWebhook> appWebhooks(AppPrincipal app) {
        return appWebhooks.values().stream().filter(w -> ownedBy(w, app)).toList();
    }

    /** Every app's webhooks (control API). */
    List<AppWebhook> allAppWebhooks() {
        return new ArrayList<>(appWebhooks.values());
    }

    /** Extends the app's webhooks among {@code ids} by 30 days from now; others' ids are ignored. */
    Instant refreshAppWebhooks(AppPrincipal app, List<Long> ids) {
        Instant until = clock.instant().plus(APP_WEBHOOK_LIFETIME);
        for (Long id : ids) {
            AppWebhook webhook = appWebhooks.get(id);
            if (webhook != null && ownedBy(webhook, app)) {
                appWebhooks.put(id, webhook.refreshedUntil(until));
            }
        }
        return until;
    }

    /** Removes the app's webhooks among {@code ids}; others' ids are ignored. */
    void removeAppWebhooks(AppPrincipal app, List<Long> ids) {
        for (Long id : ids) {
            AppWebhook webhook = appWebhooks.get(id);
            if (webhook != null && ownedBy(webhook, app)) {
                appWebhooks.remove(id);
            }
        }
    }

    private static boolean ownedBy(AppWebhook webhook, AppPrincipal app) {
        return webhook.app().sameApp(app) && (app.kind() == AppPrincipal.Kind.CONNECT
                || webhook.app().userId().equals(app.userId()));
    }

    /** The app's failed deliveries after {@code afterMillis}, oldest first; older than 72 hours are forgotten. */
    List<FailedDelivery> failures(AppPrincipal app, long afterMillis) {
        Instant horizon = clock.instant().minus(FAILURE_RETENTION);
        synchronized (failures) {
            failures.removeIf(f -> f.failedAt().isBefore(horizon));
            return failures.stream().filter(f -> f.app().sameApp(app) && f.failedAt().toEpochMilli() > afterMillis)
                    .sorted(java.util.Comparator.comparing(FailedDelivery::failedAt)).toList();
        }
    }

    List<FailedDelivery> allFailures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Called by the dispatcher when a delivery failed after every retry; only apps can list theirs. */
    private void recordFailure(WebhookDispatcher.Delivery delivery) {
        if (delivery.app() == null) {
            return;
        }
        synchronized (failures) {
            failures.add(new FailedDelivery(delivery.identifier(), delivery.app(), delivery.url(), delivery.body(),
                    clock.instant()));
        }
    }

    /** Renders the event for every webhook it concerns and hands the deliveries to the dispatcher. */
    void publish(WebhookEvent event, SandboxState state, String baseUrl) {
        if (dispatcher == null || webhooks.isEmpty() && appWebhooks.isEmpty()) {
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
                    headers, null));
        }
        Instant now = clock.instant();
        for (AppWebhook webhook : appWebhooks.values()) {
            if (!webhook.activeAt(now) || !webhook.events().contains(event.name()) || !touchesFields(webhook, event)
                    || !matches(webhook.jql(), event, state)) {
                continue;
            }
            String authorization = appSigner == null ? null : appSigner.authorization(webhook.app(), webhook.url());
            if (authorization == null) {
                continue;
            }
            byte[] body = Json.bytes(WebhookPayloads.render(event, webhook.id(), changelogId, state, baseUrl));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=UTF-8");
            headers.put("User-Agent", "Atlassian Webhook HTTP Client");
            String identifier = UUID.randomUUID().toString();
            headers.put("X-Atlassian-Webhook-Identifier", identifier);
            headers.put("Authorization", authorization);
            deliveries.add(new WebhookDispatcher.Delivery(identifier, webhook.id(), event.name(), webhook.url(), body,
                    headers, webhook.app()));
        }
        dispatcher.submit(deliveries);
    }

    /** fieldIdsFilter: an issue update is sent only when its changelog touches one of the fields. */
    private static boolean touchesFields(AppWebhook webhook, WebhookEvent event) {
        if (webhook.fieldIds().isEmpty() || !event.name().equals(WebhookEvent.ISSUE_UPDATED)) {
            return true;
        }
        if (event.changelog() == null) {
            return false;
        }
        for (com.fasterxml.jackson.databind.JsonNode item : event.changelog()) {
            String field = item.hasNonNull("fieldId") ? item.get("fieldId").asText() : item.path("field").asText();
            if (webhook.fieldIds().contains(field)) {
                return true;
            }
        }
        return false;
    }

    /** Cloud signs; Server/Data Center only from version 10 on. */
    static boolean signs(SandboxState state) {
        return state.flavour() == Flavour.CLOUD || state.serverMajorVersion() >= 10;
    }

    private static boolean matches(SandboxWebhook webhook, WebhookEvent event, SandboxState state) {
        return matches(webhook.jql(), event, state);
    }

    private static boolean matches(String jql, WebhookEvent event, SandboxState state) {
        if (jql == null || jql.isBlank()) {
            return true;
        }
        return !Jql.parse(jql, state).run(List.of(event.issue())).isEmpty();
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
