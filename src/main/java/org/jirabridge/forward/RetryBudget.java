package org.jirabridge.forward;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.LongFunction;

import io.github.resilience4j.core.IntervalFunction;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.routing.BridgeHeaders;

/**
 * How long and how often a transient failure (I/O, timeout, 5xx, 429) is retried: by time, not by count. Delays grow
 * exponentially from {@code forward.initial-delay-ms} up to {@code forward.max-delay-ms}, each randomised (jitter, so
 * tasks that failed together do not come back together), never shorter than Jira's Retry-After; retries go on until
 * the task has been queued for {@code forward.retry-budget-seconds} (a day by default), then it is a dead letter.
 * The forwarding error handler asks {@link #matches} before each redelivery (its {@code retryWhileRef}). Bound as
 * bean {@code forwardRetries}.
 */
public final class RetryBudget implements Predicate {


    private final IntervalFunction backOff;
    private final long unsureDelayMs;
    private final int maxRedeliveries;
    private final Duration budget;
    private final LongFunction<OffsetDateTime> queuedAt;
    private final Clock clock;

    /**
     * @param maxRedeliveries an extra cap on the number of retries; negative: only the time budget counts
     * @param queuedAt        when an outbox task was queued, by its id
     */
    public RetryBudget(long initialDelayMs, long maxDelayMs, long unsureDelayMs, int maxRedeliveries, Duration budget,
                       LongFunction<OffsetDateTime> queuedAt, Clock clock) {
        // full doubling with ±50% jitter, capped
        this.backOff = IntervalFunction.ofExponentialRandomBackoff(initialDelayMs, 2.0, 0.5, maxDelayMs);
        this.unsureDelayMs = unsureDelayMs;
        this.maxRedeliveries = maxRedeliveries;
        this.budget = budget;
        this.queuedAt = queuedAt;
        this.clock = clock;
    }

    /** True while a failed task should be tried again: a transient failure, within the budget (and count cap). */
    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof JiraRestException jira && !jira.isRetryable()) {
            return false;
        }
        int failures = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        if (maxRedeliveries >= 0 && failures > maxRedeliveries) {
            return false;
        }
        return clock.instant().isBefore(queuedAt(exchange).toInstant().plus(budget));
    }

    /** When the exchange's task was queued (now for an exchange without a task). */
    OffsetDateTime queuedAt(Exchange exchange) {
        OffsetDateTime known = exchange.getProperty(BridgeHeaders.QUEUED_AT, OffsetDateTime.class);
        if (known == null) {
            Long outboxId = exchange.getMessage().getHeader(BridgeHeaders.OUTBOX_ID, Long.class);
            known = outboxId == null ? OffsetDateTime.now(clock) : queuedAt.apply(outboxId);
            exchange.setProperty(BridgeHeaders.QUEUED_AT, known);
        }
        return known;
    }

    /**
     * The wait before retry number {@code failures} (1 after the first failure): the jittered back-off, at least
     * Jira's Retry-After, and after a request that got no answer at least the unsure delay (the retry looks the
     * issue up first, so it must come after Jira surely finished the first request).
     */
    public long delayMs(Throwable failure, int failures) {
        long delay = backOff.apply(Math.max(1, Math.min(failures, 30)));
        if (failure instanceof JiraRestException jira && jira.retryAfter() != null) {
            delay = Math.max(delay, jira.retryAfter().toMillis());
        }
        if (failure instanceof JiraRestException jira && jira.getHttpResponseCode() == 0) {
            delay = Math.max(delay, unsureDelayMs);
        }
        return delay;
    }
}
