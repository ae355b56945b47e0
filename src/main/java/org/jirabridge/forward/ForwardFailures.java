package org.jirabridge.forward;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.mapping.FieldErrors;
import org.jirabridge.observe.Metrics;
import org.jirabridge.outage.JiraSites;
import org.jirabridge.outbox.Outbox;
import org.jirabridge.routing.BridgeHeaders;
import org.jirabridge.store.Database;
import org.jirabridge.store.DeadLetterRepository;
import org.jirabridge.store.Json;
import org.jirabridge.store.OutboxRepository;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when an outbox task of any kind (a forward, a priority push) fails: each failed attempt is counted,
 * told to the site's breaker, and its redelivery delay comes from the {@link RetryBudget} (jittered back-off, never
 * sooner than Retry-After), the claim's lease kept alive over it; exhausted or rejected tasks become dead letters; a
 * bad credential parks the task. Only a FORWARD task changes its report's status. Bound as bean
 * {@code forwardFailures}; the error handler in routes/errors.camel.yaml calls it.
 */
public final class ForwardFailures implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardFailures.class);

    private final Database database;
    private final ReportRepository reports;
    private final OutboxRepository outbox;
    private final DeadLetterRepository deadLetters;
    private final Outbox tasks;
    private final RetryBudget retries;
    private final JiraSites sites;
    private final Metrics metrics;

    public ForwardFailures(Database database, ReportRepository reports, OutboxRepository outbox,
                           DeadLetterRepository deadLetters, Outbox tasks, RetryBudget retries, JiraSites sites,
                           Metrics metrics) {
        this.metrics = metrics;
        this.database = database;
        this.reports = reports;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.tasks = tasks;
        this.retries = retries;
        this.sites = sites;
    }

    /**
     * Runs as the error handler's onExceptionOccurred: counts the attempt, keeps the claim alive, and sets the
     * next redelivery delay to the exponential back-off or Jira's Retry-After, whichever is longer.
     */
    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reportId = exchange.getMessage().getHeader(BridgeHeaders.REPORT_ID, String.class);
        Long outboxId = exchange.getMessage().getHeader(BridgeHeaders.OUTBOX_ID, Long.class);
        if (reportId == null || failure == null || isSiteDown(failure)) {
            // a site marked down got no request: nothing was attempted, the task waits (SiteWaits)
            return;
        }
        reports.recordFailedAttempt(reportId, describe(failure, origins(exchange)));
        // the site's breaker hears of every attempt: 5xx and no answer count against it, other answers for it
        sites.recordOutcome(exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class), outboxId,
                failure);
        // Camel has already counted this failure: 1 after the first call failed
        int failures = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        if (!retries.matches(exchange)) {
            return;
        }
        long delay = retries.delayMs(failure, failures);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay);
        if (outboxId != null) {
            tasks.extendLease(outboxId, delay);
        }
        String integrationId = exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class);
        metrics.retried(integrationId);
        if (sites.isDown(integrationId)) {
            // the site's own down and up lines say it; a failed probe is not news for each report
            LOG.debug("report {} attempt {} failed while its site is down ({}); it waits", reportId, failures,
                    describe(failure));
            return;
        }
        LOG.warn("report {} attempt {} failed ({}); next try in {} ms", reportId, failures, describe(failure), delay);
    }

    /** Exhausted or rejected: the report is FAILED and its dead letter keeps Jira's answer. */
    public void deadLetter(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reportId = exchange.getMessage().getHeader(BridgeHeaders.REPORT_ID, String.class);
        long outboxId = exchange.getMessage().getHeader(BridgeHeaders.OUTBOX_ID, Long.class);
        String reason = failure instanceof JiraRestException jira && !jira.isRetryable()
                ? "REJECTED_" + jira.failure().name() : "RETRIES_EXHAUSTED";
        Integer status = failure instanceof JiraRestException jira ? jira.getHttpResponseCode() : null;
        Map<String, String> origins = origins(exchange);
        String jiraErrors = failure instanceof JiraRestException jira ? jiraErrors(jira, origins) : null;
        String description = describe(failure, origins);
        boolean forwarding = isForwarding(exchange);
        database.inTransaction(c -> {
            deadLetters.insert(c, reportId, outboxId, reason, status, description, jiraErrors);
            if (forwarding) {
                reports.updateStatus(c, reportId, ReportStatus.FAILED, description);
            } else {
                // a failed priority push: the report is still in Jira, only the push is dead
                reports.setLastError(c, reportId, description);
            }
            outbox.markDead(c, outboxId);
            return null;
        });
        metrics.deadLettered(exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class));
        LOG.error("report {} -> dead letter ({}): {}", reportId, reason, description);
    }

    /** 401: retrying cannot help until someone fixes the credential; the report waits, nothing is lost. */
    public void awaitCredentials(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reportId = exchange.getMessage().getHeader(BridgeHeaders.REPORT_ID, String.class);
        long outboxId = exchange.getMessage().getHeader(BridgeHeaders.OUTBOX_ID, Long.class);
        boolean forwarding = isForwarding(exchange);
        database.inTransaction(c -> {
            if (forwarding) {
                reports.updateStatus(c, reportId, ReportStatus.AWAITING_CREDENTIALS, describe(failure));
            } else {
                reports.setLastError(c, reportId, describe(failure));
            }
            outbox.park(c, outboxId);
            return null;
        });
        metrics.parked(exchange.getMessage().getHeader(BridgeHeaders.INTEGRATION_ID, String.class));
        LOG.warn("report {} awaits credentials: {}", reportId, describe(failure));
    }

    private static boolean isSiteDown(Throwable failure) {
        return failure instanceof JiraRestException jira && jira.failure() == JiraRestException.Failure.SITE_DOWN;
    }

    /** Forwarding tasks change the report's status when they fail; other kinds (priority pushes) do not. */
    private static boolean isForwarding(Exchange exchange) {
        String kind = exchange.getMessage().getHeader(BridgeHeaders.OUTBOX_KIND, String.class);
        return kind == null || OutboxRepository.FORWARD.equals(kind);
    }

    /** Jira's answer, plus where each refused field came from in the integration ("fieldOrigins"). */
    private static String jiraErrors(JiraRestException jira, Map<String, String> origins) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorMessages", jira.errorMessages());
        body.put("errors", jira.errors());
        Map<String, String> fieldOrigins = new LinkedHashMap<>();
        for (FieldErrors.Explained error : FieldErrors.explain(jira.errors(), origins)) {
            if (error.origin() != null) {
                fieldOrigins.put(error.field(), error.origin());
            }
        }
        if (!fieldOrigins.isEmpty()) {
            body.put("fieldOrigins", fieldOrigins);
        }
        return Json.write(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> origins(Exchange exchange) {
        return exchange.getProperty(BridgeHeaders.FIELD_ORIGINS, Map.class);
    }

    /** One line for lastError: the status and Jira's own messages, never a stack trace. */
    static String describe(Throwable failure) {
        return describe(failure, null);
    }

    /** As {@link #describe(Throwable)}, with each refused field traced to the mapping entry that produced it. */
    static String describe(Throwable failure, Map<String, String> origins) {
        if (failure == null) {
            return null;
        }
        if (failure instanceof JiraRestException jira) {
            StringBuilder text = new StringBuilder();
            text.append(jira.getHttpResponseCode() == 0 ? "I/O error" : "HTTP " + jira.getHttpResponseCode());
            if (origins != null && !jira.errors().isEmpty()) {
                // each refused field with the part of the integration that produced it
                text.append(": Jira refused ").append(FieldErrors.describe(jira.errors(), origins));
                jira.errorMessages().forEach(message -> text.append("; ").append(message));
                return text.toString();
            }
            text.append(": ").append(jira.getMessage());
            if (!jira.errors().isEmpty()) {
                text.append(" ").append(jira.errors());
            }
            return text.toString();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
