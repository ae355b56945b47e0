package org.jirabridge.sync;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.observe.Metrics;
import org.jirabridge.store.SyncRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Quartz poll route per integration with a {@code sync.pollCron}, made from the {@code sync-poll} route
 * template of routes/sync.camel.yaml: added when an integration gets a cron, replaced when its cron changes, removed
 * when it loses it or is deleted. Runs at start and then every {@code sync.reconcile-interval-ms}, so edits through
 * the integrations API take effect without a restart. Bound as bean {@code syncPolling}.
 */
public final class SyncPolling {

    private static final Logger LOG = LoggerFactory.getLogger(SyncPolling.class);
    static final String TEMPLATE = "sync-poll";
    static final String ROUTE_PREFIX = "sync-poll-";

    private final Integrations integrations;
    private final SyncRepository store;
    private final Metrics metrics;
    private final Map<String, String> cronByIntegration = new HashMap<>();

    public SyncPolling(Integrations integrations, SyncRepository store, Metrics metrics) {
        this.integrations = integrations;
        this.store = store;
        this.metrics = metrics;
    }

    public synchronized void reconcile(Exchange exchange) throws Exception {
        CamelContext context = exchange.getContext();
        Map<String, String> wanted = new HashMap<>();
        for (Integration integration : integrations.list()) {
            String cron = SyncSettings.of(integration).pollCron();
            if (cron != null) {
                wanted.put(integration.id(), cron);
            }
        }
        Set<String> running = new HashSet<>(cronByIntegration.keySet());
        for (String id : running) {
            if (!wanted.getOrDefault(id, "").equals(cronByIntegration.get(id))) {
                remove(context, id);
            }
        }
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            if (!cronByIntegration.containsKey(entry.getKey())) {
                add(context, entry.getKey(), entry.getValue());
            }
        }
    }

    /** The integrations being polled now, with their cron. */
    public synchronized Map<String, String> polled() {
        return Map.copyOf(cronByIntegration);
    }

    private void add(CamelContext context, String integrationId, String cron) {
        TemplatedRouteBuilder.builder(context, TEMPLATE)
                .routeId(ROUTE_PREFIX + integrationId)
                .parameter("integrationId", integrationId)
                .parameter("cron", cron)
                .add();
        cronByIntegration.put(integrationId, cron);
        metrics.watchPollLag(integrationId, () -> store.lastPolled(integrationId).map(OffsetDateTime::toInstant));
        LOG.info("polling Jira for integration {} on cron '{}'", integrationId, cron);
    }

    private void remove(CamelContext context, String integrationId) throws Exception {
        String routeId = ROUTE_PREFIX + integrationId;
        context.getRouteController().stopRoute(routeId);
        context.removeRoute(routeId);
        cronByIntegration.remove(integrationId);
        metrics.unwatchPollLag(integrationId);
        LOG.info("stopped polling Jira for integration {}", integrationId);
    }
}
