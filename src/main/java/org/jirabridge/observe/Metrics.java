package org.jirabridge.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jirabridge.component.jira.JiraRestObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own meters, all named {@code jirabridge_*} in the Prometheus text at {@code /observe/metrics}
 * (docs/observability.md lists them). Tags are integration ids, channels and Jira hosts only: never report ids,
 * issue keys or anything a sender controls. Bound as bean {@code metrics}; also the {@link JiraRestObserver} the
 * {@code jirarest} component finds in the registry, so the component counts 429s without knowing Micrometer.
 */
public final class Metrics implements JiraRestObserver {

    /** The bean name under which the configuration binds the service's metrics. */
    public static final String BEAN = "metrics";

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Gauge> pollLags = new ConcurrentHashMap<>();

    public Metrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        // shown from the start (at 0), so an alert on its increase has a series to watch
        queueRejectedCounter();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * A new report was stored (not a repeated externalId).
     *
     * @param channel {@code http}, {@code queue} or {@code demo}
     */
    public void received(String integration, String channel) {
        counter("jirabridge.reports.received", "Reports accepted and stored, by intake channel",
                "integration", tag(integration), "channel", channel).increment();
        // the outcomes of this integration's reports show as 0 until they happen, so increase() sees the first one
        forwardedCounter(integration);
        retriedCounter(integration);
        deadLetteredCounter(integration);
        parkedCounter(integration);
    }

    /** A report reached Jira: its issue exists and every attachment went up. */
    /** A queue message that was no valid report, moved to the dead-letter queue. */
    public void queueRejected() {
        queueRejectedCounter().increment();
    }

    private Counter queueRejectedCounter() {
        return counter("jirabridge.queue.rejected", "Queue messages that were no valid report, moved to the"
                + " dead-letter queue");
    }

    public void forwarded(String integration) {
        forwardedCounter(integration).increment();
    }

    /** A failed outbox task (forward or priority push) will be redelivered. */
    public void retried(String integration) {
        retriedCounter(integration).increment();
    }

    /** An outbox task was given up: rejected by Jira or out of retries; a dead letter keeps it. */
    public void deadLettered(String integration) {
        deadLetteredCounter(integration).increment();
    }

    /** Jira refused the credential: the task waits for a fixed one. */
    public void parked(String integration) {
        parkedCounter(integration).increment();
    }

    /** A verified webhook delivery was received; {@code duplicate} when its delivery id was already stored. */
    public void webhookReceived(String integration, boolean duplicate) {
        counter("jirabridge.webhook.events.received", "Verified webhook deliveries received from Jira",
                "integration", tag(integration)).increment();
        Counter duplicates = counter("jirabridge.webhook.events.duplicate",
                "Webhook deliveries dropped as repeats of a stored one", "integration", tag(integration));
        if (duplicate) {
            duplicates.increment();
        }
    }

    @Override
    public void rateLimited(String integration, String site) {
        counter("jirabridge.jira.rate.limited", "Jira answers 429 Too Many Requests",
                "integration", tag(integration), "site", tag(site)).increment();
    }

    /** Gauge of the outbox rows waiting or being worked on; read at each scrape. */
    public void watchOutbox(LongSupplier depth) {
        Gauge.builder("jirabridge.outbox.depth", () -> read(depth::getAsLong))
                .description("Outbox tasks pending or claimed (forwards and priority pushes)")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Gauge of how far polling of one integration lags: seconds since its last successful poll moved the cursor on,
     * or, before any, since polling started here.
     */
    public void watchPollLag(String integration, Supplier<Optional<Instant>> lastPoll) {
        Instant started = clock.instant();
        pollLags.computeIfAbsent(integration, id -> Gauge.builder("jirabridge.sync.poll.lag",
                        () -> read(() -> Duration.between(lastPoll.get().orElse(started), clock.instant()).toMillis()
                                / 1000.0))
                .description("Seconds since the integration's last successful Jira poll")
                .baseUnit("seconds")
                .tag("integration", id)
                .strongReference(true)
                .register(registry));
    }

    /** Polling of the integration stopped: its lag is no longer reported. */
    public void unwatchPollLag(String integration) {
        Gauge gauge = pollLags.remove(integration);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    private Counter forwardedCounter(String integration) {
        return counter("jirabridge.reports.forwarded", "Reports forwarded to Jira", "integration", tag(integration));
    }

    private Counter retriedCounter(String integration) {
        return counter("jirabridge.forward.retries", "Redeliveries of outbox tasks after a retryable failure",
                "integration", tag(integration));
    }

    private Counter deadLetteredCounter(String integration) {
        return counter("jirabridge.dead.letters", "Outbox tasks that became dead letters",
                "integration", tag(integration));
    }

    private Counter parkedCounter(String integration) {
        return counter("jirabridge.reports.awaiting.credentials",
                "Outbox tasks parked awaiting credentials (Jira answered 401)", "integration", tag(integration));
    }

    /**
     * Gauges of one Jira site's health (docs/outage.md): 1 while it is up, 0 while it is down or probed; the epoch
     * second its current up or down phase began; how many outbox tasks wait for it.
     */
    public void watchJiraSite(String site, Supplier<Number> up, Supplier<Number> sinceEpochSecond,
                              Supplier<Number> waiting) {
        Gauge.builder("jirabridge.jira.site.up", () -> read(up))
                .description("1 while the Jira site takes requests, 0 while it is marked down or being probed")
                .tag("site", site).strongReference(true).register(registry);
        Gauge.builder("jirabridge.jira.site.state.since", () -> read(sinceEpochSecond))
                .description("When the site's current up or down phase began (epoch seconds)")
                .baseUnit("seconds").tag("site", site).strongReference(true).register(registry);
        Gauge.builder("jirabridge.jira.site.waiting", () -> read(waiting))
                .description("Outbox tasks waiting for the site to come back (WAITING_FOR_JIRA)")
                .tag("site", site).strongReference(true).register(registry);
    }

    /** The registry keeps one counter per name and tags: asking again returns the same one. */
    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** A gauge that cannot be read now (the database is down) shows NaN instead of failing the scrape. */
    private static double read(Supplier<Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException e) {
            LOG.debug("gauge not readable now: {}", e.getMessage());
            return Double.NaN;
        }
    }

    /** Micrometer refuses null tag values; an endpoint without an integration is "none". */
    private static String tag(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
