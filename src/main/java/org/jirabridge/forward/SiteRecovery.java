package org.jirabridge.forward;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.jirabridge.gateway.JiraGateway;
import org.jirabridge.outage.JiraSites;
import org.jirabridge.store.Database;
import org.jirabridge.store.DeadLetterRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.SiteWaitRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch over tasks waiting for their Jira site (timer route {@code jira-site-watch}, routes/outage.camel.yaml).
 * Each run: a PROBING site gets one waiting task back in the queue as its probe (or, when no task of the site waits,
 * is queued or under way, a light serverInfo request); a site that is UP gets every waiting task back, in order, and
 * on its recovery the dead letters that transient failures caused are replayed (jira-site.replay-dead-letters); a
 * task that waited longer than the retry budget becomes a dead letter. Bound as bean {@code siteRecovery}.
 */
public final class SiteRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SiteRecovery.class);

    private final JiraSites sites;
    private final SiteWaitRepository waits;
    private final DeadLetters deadLetters;
    private final Database database;
    private final DeadLetterRepository deadLetterRows;
    private final ReportRepository reports;
    private final Duration budget;
    private final Duration probeClaimTimeout;
    private final boolean replayDeadLetters;
    private JiraGateway jira;

    /**
     * @param budget            a task queued longer ago than this is a dead letter, waiting or not
     * @param probeClaimTimeout how long a task released as a probe may take to be claimed before another is released
     * @param replayDeadLetters replay dead letters of transient failures when their site recovers
     */
    public SiteRecovery(JiraSites sites, SiteWaitRepository waits, DeadLetters deadLetters, Database database,
                        DeadLetterRepository deadLetterRows, ReportRepository reports, Duration budget,
                        Duration probeClaimTimeout, boolean replayDeadLetters) {
        this.sites = sites;
        this.waits = waits;
        this.deadLetters = deadLetters;
        this.database = database;
        this.deadLetterRows = deadLetterRows;
        this.reports = reports;
        this.budget = budget;
        this.probeClaimTimeout = probeClaimTimeout;
        this.replayDeadLetters = replayDeadLetters;
    }

    /** One run of the watch. */
    public void watch(Exchange exchange) {
        Map<String, Integer> waitingByIntegration = waits.countByIntegration();
        Set<String> known = new HashSet<>();
        for (JiraSites.SiteView site : sites.view()) {
            known.add(site.site());
        }
        for (String integration : waitingByIntegration.keySet()) {
            // after a restart the breakers are new: sites of waiting tasks become known here
            String site = sites.siteUrl(integration);
            if (site != null) {
                known.add(site);
            }
        }
        for (String site : known) {
            Collection<String> integrations = sites.integrationsOf(site);
            int waiting = integrations.stream().mapToInt(id -> waitingByIntegration.getOrDefault(id, 0)).sum();
            sites.waiting(site, waiting);
            switch (sites.stateOf(site)) {
                case UP -> resume(site, integrations, waiting);
                case PROBING -> probe(jira(exchange), site, integrations, waiting);
                default -> {
                    // DOWN: the breaker decides when to probe
                }
            }
        }
        expire();
    }

    private JiraGateway jira(Exchange exchange) {
        if (jira == null) {
            // bound by the wiring after this bean: looked up at the first probe
            jira = exchange.getContext().getRegistry().lookupByNameAndType("jiraGateway", JiraGateway.class);
        }
        return jira;
    }

    private void resume(String site, Collection<String> integrations, int waiting) {
        boolean recovered = sites.takeRecovered(site);
        int resumed = waiting > 0 ? waits.resume(integrations) : 0;
        if (recovered) {
            Duration down = sites.markUp(site);
            int replayed = replayDeadLetters ? replay(integrations) : 0;
            LOG.info("Jira site {} is UP again after {} s down: {} waiting tasks resume{}", site, down.toSeconds(),
                    resumed, replayDeadLetters ? ", " + replayed + " dead letters of transient failures replayed" : "");
            sites.waiting(site, 0);
        } else if (resumed > 0) {
            // tasks left waiting by an earlier run of the service, or parked just as the site came back
            LOG.info("Jira site {} is up: {} waiting tasks resume", site, resumed);
            sites.waiting(site, 0);
        }
    }

    private void probe(JiraGateway jira, String site, Collection<String> integrations, int waiting) {
        if (!sites.wantsProbe(site, probeClaimTimeout)) {
            return;
        }
        if (waiting > 0 && waits.releaseOldest(integrations)) {
            // the oldest waiting task goes first; when it gets through, the site is up
            sites.probeReleased(site);
            return;
        }
        if (integrations.isEmpty() || isBusy(integrations) || !sites.startWatchProbe(site)) {
            // tasks under way (a retry pending) will probe with a real request; a read would prove too little
            return;
        }
        sites.recordProbe(site, jira.site(integrations.iterator().next()).probe());
    }

    private boolean isBusy(Collection<String> integrations) {
        Map<String, Integer> busy = waits.busyByIntegration();
        return integrations.stream().anyMatch(busy::containsKey);
    }

    private int replay(Collection<String> integrations) {
        int replayed = 0;
        for (long id : waits.transientDeadLetters(integrations)) {
            if (deadLetters.replay(id)) {
                replayed++;
            }
        }
        return replayed;
    }

    /** Waiting tasks past the budget become dead letters (replayed by themselves when their site recovers). */
    private void expire() {
        List<SiteWaitRepository.Expired> expired = new ArrayList<>(waits.expired(budget));
        for (SiteWaitRepository.Expired task : expired) {
            String message = "its Jira site was down longer than the retry budget (" + budget.toMinutes() + " min)";
            boolean dead = database.inTransaction(c -> {
                if (!waits.stopWaiting(c, task.outboxId())) {
                    return false;
                }
                deadLetterRows.insert(c, task.reportId(), task.outboxId(), "RETRIES_EXHAUSTED", null, message, null);
                if (task.kind() == null || "FORWARD".equals(task.kind())) {
                    reports.updateStatus(c, task.reportId(), ReportStatus.FAILED, message);
                } else {
                    reports.setLastError(c, task.reportId(), message);
                }
                return true;
            });
            if (dead) {
                LOG.error("report {} -> dead letter (RETRIES_EXHAUSTED): {}", task.reportId(), message);
            }
        }
    }
}
