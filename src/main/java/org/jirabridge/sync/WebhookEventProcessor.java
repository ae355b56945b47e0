package org.jirabridge.sync;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Json;
import org.jirabridge.store.WebhookEventRepository.WebhookEvent;
import org.jirabridge.store.WebhookEventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies stored webhook deliveries, oldest first. A delivery whose apply fails for a passing reason (database) is
 * tried again with back-off; one that cannot be read is FAILED with the reason. A delivery is marked done in the
 * commit that applies it; a crash before that commit leaves it claimed until its lease runs out, then it is applied
 * again (the apply rules make that harmless). Bound as bean
 * {@code webhookEvents}.
 */
public final class WebhookEventProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEventProcessor.class);
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final WebhookEventRepository events;
    private final Integrations integrations;
    private final SyncApplier applier;
    private final int batchSize;
    private final Duration lease;
    private final Duration retention;
    private volatile Instant nextPrune = Instant.now().plus(PRUNE_EVERY);
    // other consumers of Jira's events (the data import marks deleted issues); they see every readable delivery
    private volatile java.util.function.BiConsumer<String, JsonNode> observer = (integrationId, payload) -> { };

    public WebhookEventProcessor(WebhookEventRepository events, Integrations integrations, SyncApplier applier,
                                 int batchSize, Duration lease, Duration retention) {
        this.events = events;
        this.integrations = integrations;
        this.applier = applier;
        this.batchSize = batchSize;
        this.lease = lease;
        this.retention = retention;
    }

    /** Also hands every readable delivery (integration id, payload) to {@code observer}, before the apply rules. */
    public void observe(java.util.function.BiConsumer<String, JsonNode> observer) {
        this.observer = observer;
    }

    /** Claims and applies one batch of due deliveries; returns how many were handled. */
    public int applyDue() {
        pruneNowAndThen();
        List<WebhookEvent> due = events.claim(batchSize, lease);
        for (WebhookEvent event : due) {
            apply(event);
        }
        return due.size();
    }

    void apply(WebhookEvent event) {
        try {
            Optional<Integration> integration = integrations.findRecent(event.integrationId());
            if (integration.isEmpty()) {
                events.finish(event.id(), "IGNORED", "integration " + event.integrationId() + " no longer exists");
                return;
            }
            JsonNode payload;
            try {
                payload = Json.MAPPER.readTree(event.payload());
            } catch (IOException e) {
                events.finish(event.id(), "FAILED", "the stored body is not JSON");
                return;
            }
            observer.accept(event.integrationId(), payload);
            JiraEvents.Parsed parsed = JiraEvents.parse(payload);
            if (parsed.ignoredBecause() != null) {
                events.finish(event.id(), "IGNORED", parsed.ignoredBecause());
                LOG.debug("webhook {} ignored: {}", event.deliveryId(), parsed.ignoredBecause());
                return;
            }
            SyncApplier.Outcome outcome = applier.apply(integration.get(), parsed.changes(), (c, applied) ->
                    events.finish(c, event.id(), applied.matched() ? "APPLIED" : "IGNORED", applied.summary()));
            if (outcome.changed() > 0) {
                LOG.info("webhook {} ({}): {}", parsed.type(), parsed.issue(), outcome.summary());
            }
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (event.attempts() >= MAX_ATTEMPTS) {
                events.finish(event.id(), "FAILED", "gave up after " + event.attempts() + " attempts: " + reason);
                LOG.error("webhook {} failed for good: {}", event.deliveryId(), reason);
            } else {
                Duration delay = Duration.ofMillis(Math.min(60_000L, 250L << Math.min(event.attempts(), 10)));
                events.retryLater(event.id(), delay, reason);
                LOG.warn("webhook {} could not be applied ({}); next try in {} ms", event.deliveryId(), reason,
                        delay.toMillis());
            }
        }
    }

    private void pruneNowAndThen() {
        if (Instant.now().isAfter(nextPrune)) {
            nextPrune = Instant.now().plus(PRUNE_EVERY);
            int pruned = events.prune(retention);
            if (pruned > 0) {
                LOG.info("forgot {} webhook deliveries older than {}", pruned, retention);
            }
        }
    }
}
