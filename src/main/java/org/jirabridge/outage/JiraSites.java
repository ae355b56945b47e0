package org.jirabridge.outage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraConnectionResolver;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.component.jira.JiraSiteGuard;
import org.jirabridge.observe.Metrics;
import org.jirabridge.routing.BridgeHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of each Jira site, as a resilience4j circuit breaker per site (the integration's site URL; integrations
 * on one site share it). Outbound tasks (forwards, priority pushes) report how each attempt ended; after repeated
 * transient failures (I/O, timeouts, 5xx) the site is DOWN: the component's guard refuses its requests, so tasks wait
 * in the outbox instead of burning attempts and polls pause. After a wait that grows with each failed probe the site
 * is PROBING: exactly one task may try it; its success makes the site UP again, its failure DOWN for longer. The log
 * says it once when a site goes down and once when it is back. Bound as bean {@code jiraSites}; other parts (polling,
 * ingestion) ask {@link #isDown(String)}.
 */
public final class JiraSites implements JiraSiteGuard {

    /** A site's state as health and metrics show it. */
    public enum State {
        /** requests go as usual */
        UP,
        /** requests are refused without being sent; tasks wait */
        DOWN,
        /** one probe may go; the rest still wait */
        PROBING
    }

    /** The probe slot taken by the watch itself rather than by a task. */
    private static final long WATCH_PROBE = -1;

    private static final Logger LOG = LoggerFactory.getLogger(JiraSites.class);

    /** How to read a site's breaker, plus what the breaker does not keep: since when, who probes, what waits. */
    private static final class Site {
        final CircuitBreaker breaker;
        final Set<String> integrations = ConcurrentHashMap.newKeySet();
        volatile Instant since;
        volatile Long probeTask;
        volatile Instant probeReleasedAt;
        volatile boolean recovered;
        volatile int waiting;

        Site(CircuitBreaker breaker, Instant since) {
            this.breaker = breaker;
            this.since = since;
        }
    }

    /** One site as health and metrics show it. */
    public record SiteView(String site, State state, Instant since, int waiting, List<String> integrations) {
    }

    private final JiraConnectionResolver connections;
    private final Function<Exchange, Long> taskOf;
    private final Metrics metrics;
    private final Clock clock;
    private final CircuitBreakerRegistry registry;
    private final Map<String, Site> sites = new ConcurrentHashMap<>();

    /**
     * @param connections   resolves an integration to its Jira site
     * @param taskOf        the outbox task an exchange works on, or null (polls, setup calls)
     * @param settings      thresholds and waits ({@code jira-site.*} in application.properties)
     */
    public JiraSites(JiraConnectionResolver connections, Function<Exchange, Long> taskOf, Settings settings,
                     Metrics metrics, Clock clock) {
        this.connections = connections;
        this.taskOf = taskOf;
        this.metrics = metrics;
        this.clock = clock;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.window())
                .failureRateThreshold(settings.failureRatePercent())
                // each failed probe doubles the wait, up to the cap
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(settings.firstProbeAfter(),
                        2.0, settings.maxProbeInterval()))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                // a probe that never reports back (its process died) does not keep the site PROBING for ever
                .maxWaitDurationInHalfOpenState(settings.probeTimeout())
                .writableStackTraceEnabled(false)
                .build());
    }

    /**
     * Settings of every site's breaker.
     *
     * @param window             attempts looked at
     * @param failureRatePercent share of them that must have failed for the site to be marked down
     * @param firstProbeAfter    wait before the first probe; doubled after each failed probe
     * @param maxProbeInterval   the longest wait between probes
     * @param probeTimeout       how long a probe may take before the site counts as down again
     */
    public record Settings(int window, float failureRatePercent, Duration firstProbeAfter, Duration maxProbeInterval,
                           Duration probeTimeout) {
    }

    @Override
    public void beforeRequest(Exchange exchange, String integrationId) {
        Site site = siteOf(integrationId).orElse(null);
        if (site == null || site.breaker.getState() == CircuitBreaker.State.CLOSED) {
            return;
        }
        Long task = taskOf.apply(exchange);
        if (task != null && task.equals(site.probeTask)
                || Boolean.TRUE.equals(exchange.getProperty(BridgeHeaders.SITE_PROBE, Boolean.class))) {
            return;
        }
        if (task != null && site.breaker.getState() == CircuitBreaker.State.HALF_OPEN && site.probeTask == null
                && site.breaker.tryAcquirePermission()) {
            // this task is the probe: it may send every request of its attempt
            site.probeTask = task;
            return;
        }
        throw siteDown(site.breaker.getName());
    }

    /**
     * How an outbox task's attempt ended: null when Jira took it. A transient failure (I/O, timeout, 5xx) counts
     * against the site; any other answer from Jira (4xx, 429) shows the site is there.
     */
    public void recordOutcome(String integrationId, Long taskId, Throwable failure) {
        Site site = siteOf(integrationId).orElse(null);
        if (site == null) {
            return;
        }
        boolean probe = taskId != null && taskId.equals(site.probeTask);
        if (failure instanceof JiraRestException jira && jira.failure() == JiraRestException.Failure.SITE_DOWN) {
            return;
        }
        if (failure == null || failure instanceof JiraRestException) {
            if (isSiteFailure(failure)) {
                site.breaker.onError(0, TimeUnit.MILLISECONDS, failure);
            } else {
                site.breaker.onSuccess(0, TimeUnit.MILLISECONDS);
            }
        } else if (probe) {
            // our own failure (database, bug) says nothing about Jira: the next task may probe
            site.breaker.releasePermission();
        }
        if (probe) {
            site.probeTask = null;
        }
    }

    /** Result of the watch's own probe (a light request when no task waits to probe with). */
    public void recordProbe(String site, Throwable failure) {
        Site known = sites.get(site);
        if (known == null) {
            return;
        }
        if (isSiteFailure(failure)) {
            known.breaker.onError(0, TimeUnit.MILLISECONDS, failure);
        } else {
            known.breaker.onSuccess(0, TimeUnit.MILLISECONDS);
        }
        known.probeTask = null;
    }

    /** True for failures that say the site is not answering: no answer at all, or a 5xx. */
    static boolean isSiteFailure(Throwable failure) {
        return failure instanceof JiraRestException jira && jira.isRetryable() && jira.getHttpResponseCode() != 429;
    }

    /** Whether the integration's site is marked down (DOWN or PROBING): for parts that decide whether to call Jira. */
    public boolean isDown(String integrationId) {
        return siteOf(integrationId).map(site -> site.breaker.getState() != CircuitBreaker.State.CLOSED)
                .orElse(false);
    }

    /** The site of an integration (its breaker created on first use), empty when the integration cannot resolve. */
    Optional<Site> siteOf(String integrationId) {
        String url;
        try {
            url = connections.resolve(integrationId).siteUrl();
        } catch (RuntimeException unresolvable) {
            // not ours to judge: the request fails on its own
            return Optional.empty();
        }
        Site site = sites.computeIfAbsent(url, this::newSite);
        site.integrations.add(integrationId);
        return Optional.of(site);
    }

    /** The site URL of an integration, or null when it cannot resolve. */
    public String siteUrl(String integrationId) {
        return siteOf(integrationId).map(site -> site.breaker.getName()).orElse(null);
    }

    private Site newSite(String url) {
        CircuitBreaker breaker = registry.circuitBreaker(url);
        Site site = new Site(breaker, clock.instant());
        breaker.getEventPublisher().onStateTransition(event -> transitioned(url, site, event.getStateTransition()));
        metrics.watchJiraSite(url, () -> state(site) == State.UP ? 1 : 0,
                () -> site.since.getEpochSecond(), () -> site.waiting);
        return site;
    }

    private void transitioned(String url, Site site, CircuitBreaker.StateTransition transition) {
        switch (transition) {
            case CLOSED_TO_OPEN -> {
                site.since = clock.instant();
                LOG.warn("Jira site {} is DOWN after repeated failures: its reports wait as WAITING_FOR_JIRA and no"
                        + " requests go to it; a probe asks again from time to time", url);
            }
            case HALF_OPEN_TO_OPEN -> {
                site.probeTask = null;
                LOG.debug("Jira site {}: the probe failed, waiting longer", url);
            }
            case OPEN_TO_HALF_OPEN -> {
                site.probeReleasedAt = null;
                LOG.debug("Jira site {}: probing", url);
            }
            case HALF_OPEN_TO_CLOSED -> {
                site.probeTask = null;
                site.recovered = true;
            }
            default -> LOG.debug("Jira site {}: {}", url, transition);
        }
    }

    private static State state(Site site) {
        return switch (site.breaker.getState()) {
            case OPEN, FORCED_OPEN -> State.DOWN;
            case HALF_OPEN -> State.PROBING;
            default -> State.UP;
        };
    }

    /** Every site seen so far. */
    public List<SiteView> view() {
        return sites.values().stream().map(site -> new SiteView(site.breaker.getName(), state(site), site.since,
                site.waiting, site.integrations.stream().sorted().toList())).sorted(
                java.util.Comparator.comparing(SiteView::site)).toList();
    }

    /** The state of a site seen so far (UP when unknown). */
    public State stateOf(String site) {
        Site known = sites.get(site);
        return known == null ? State.UP : state(known);
    }

    /** Since when the site is in its current UP or DOWN phase (probing counts as down). */
    public Instant since(String site) {
        Site known = sites.get(site);
        return known == null ? null : known.since;
    }

    /** The integrations seen on a site. */
    public Collection<String> integrationsOf(String site) {
        Site known = sites.get(site);
        return known == null ? List.of() : Set.copyOf(known.integrations);
    }

    /** Stores how many tasks wait for each site (counted by the watch), for health and metrics. */
    public void waiting(String site, int count) {
        Site known = sites.get(site);
        if (known != null) {
            known.waiting = count;
        }
    }

    /**
     * True when the site is PROBING and nobody probes it: no task holds the probe, and none was released for it
     * within {@code claimWithin} (a released task still has to be claimed).
     */
    public boolean wantsProbe(String site, Duration claimWithin) {
        Site known = sites.get(site);
        if (known == null || known.breaker.getState() != CircuitBreaker.State.HALF_OPEN || known.probeTask != null) {
            return false;
        }
        Instant released = known.probeReleasedAt;
        return released == null || released.plus(claimWithin).isBefore(clock.instant());
    }

    /** A waiting task was released to probe the site. */
    public void probeReleased(String site) {
        Site known = sites.get(site);
        if (known != null) {
            known.probeReleasedAt = clock.instant();
        }
    }

    /** Takes the probe slot for the watch's own request; false when a task holds it or the site is not PROBING. */
    public boolean startWatchProbe(String site) {
        Site known = sites.get(site);
        if (known == null || known.probeTask != null || !known.breaker.tryAcquirePermission()) {
            return false;
        }
        known.probeTask = WATCH_PROBE;
        return true;
    }

    /** True once for each recovery (PROBING to UP), so the watch logs it and resumes what waits exactly once. */
    public boolean takeRecovered(String site) {
        Site known = sites.get(site);
        if (known == null || !known.recovered) {
            return false;
        }
        known.recovered = false;
        return true;
    }

    /** Marks the recovery time as the start of the UP phase; returns how long the site was down. */
    public Duration markUp(String site) {
        Site known = sites.get(site);
        Instant downSince = known.since;
        known.since = clock.instant();
        return Duration.between(downSince, known.since);
    }

    private static JiraRestException siteDown(String site) {
        return new JiraRestException("Jira site " + site + " is marked down after repeated failures; not sent",
                JiraRestException.Failure.SITE_DOWN, 0, null, null, null, null, null);
    }
}
