package org.jirabridge.forward;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.outage.JiraSites;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.SiteWaitRepository;

/**
 * Outbox tasks (forwards, priority pushes) and the health of their Jira site: a task that got through is told to the
 * site's breaker; a task refused because its site is marked down waits in the outbox as WAITING, with no attempt
 * spent and no thread or memory held, until {@link SiteRecovery} finds the site back. Bound as bean
 * {@code siteTasks}; the task routes and routes/errors.camel.yaml call it.
 */
public final class SiteTasks {

    private final JiraSites sites;
    private final SiteWaitRepository waits;

    public SiteTasks(JiraSites sites, SiteWaitRepository waits) {
        this.sites = sites;
        this.waits = waits;
    }

    /** The task's Jira calls all succeeded (the last step of a task route). */
    public void succeeded(Exchange exchange) {
        Message message = exchange.getMessage();
        sites.recordOutcome(message.getHeader(BridgeHeaders.INTEGRATION_ID, String.class),
                message.getHeader(BridgeHeaders.OUTBOX_ID, Long.class), null);
    }

    /** The site is marked down: the task waits for it (a forwarding report shows WAITING_FOR_JIRA). */
    public void waitForSite(Exchange exchange) {
        Message message = exchange.getMessage();
        String kind = message.getHeader(BridgeHeaders.OUTBOX_KIND, String.class);
        waits.park(message.getHeader(BridgeHeaders.OUTBOX_ID, Long.class),
                message.getHeader(BridgeHeaders.REPORT_ID, String.class),
                kind == null || OutboxRepository.FORWARD.equals(kind));
    }
}
