package org.jirabridge.component.jira.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces the requests to one Jira site so that forwarding runs near the allowed rate without storms of 429s.
 * Requests leave evenly spaced at the current rate. The ceiling is the configured maximum, lowered to 95% of the
 * X-RateLimit-Limit Jira announces (treated as requests per second, as Cloud's burst limit is). The rejected
 * request itself waits its Retry-After (the route's redelivery does that). Beyond it, a 429 cuts the site's rate by
 * 30% (once per second however many arrive), or, while no pace is known yet, holds the whole site for the
 * Retry-After. Cloud's per-issue write limit concerns one issue only and leaves the site alone.
 * X-RateLimit-NearLimit trims the rate by 10%; successes raise it again, about 35% a second. Thread-safe.
 */
public final class RequestPacer {

    /** What a response says about the rate limit. */
    public record Signal(int status, Long retryAfterMillis, Integer announcedLimit, boolean nearLimit,
                         String reason) {
    }

    /** RateLimit-Reason of Cloud's per-issue write limit: only that issue is limited. */
    public static final String PER_ISSUE_REASON = "jira-per-issue-on-write";
    /** RateLimit-Reason of Cloud's burst limit: the site is limited. */
    public static final String BURST_REASON = "jira-burst-based";

    private static final double HEADROOM = 0.95;
    private static final double DECREASE = 0.7;
    private static final double NEAR_LIMIT_DECREASE = 0.9;
    private static final double MIN_RATE = 1;
    // each success adds this much: at rate r there are r successes a second, so the rate grows ~35% a second
    private static final double INCREASE_PER_SUCCESS = 0.35;
    // beyond this, with no ceiling known, pacing has nothing left to protect
    private static final double UNPACED_ABOVE = 1000;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long CUT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final double configuredCeiling;
    private double ceiling;
    private double rate;
    private long nextSlot;
    private long pausedUntil;
    private long lastCut = System.nanoTime() - CUT_WINDOW_NANOS;

    /** @param maxRequestsPerSecond the most this site gets; 0 means no limit until Jira announces or enforces one */
    public RequestPacer(double maxRequestsPerSecond) {
        this.configuredCeiling = maxRequestsPerSecond > 0 ? maxRequestsPerSecond : Double.POSITIVE_INFINITY;
        this.ceiling = configuredCeiling;
        this.rate = ceiling;
        this.nextSlot = System.nanoTime();
    }

    /** Blocks until this request may leave. */
    public void acquire() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, Math.max(nextSlot, pausedUntil));
            nextSlot = Double.isInfinite(rate) ? start : start + (long) (NANOS_PER_SECOND / rate);
            wait = start - now;
        }
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Learns from one response. */
    public synchronized void observe(Signal signal) {
        if (signal.announcedLimit() != null && signal.announcedLimit() > 0) {
            ceiling = Math.min(configuredCeiling, signal.announcedLimit() * HEADROOM);
            rate = Math.min(rate, ceiling);
        } else {
            // a limit Jira no longer announces no longer holds: the rate may grow back to the configured maximum
            ceiling = configuredCeiling;
        }
        if (signal.status() == 429) {
            if (PER_ISSUE_REASON.equals(signal.reason())) {
                return;
            }
            long now = System.nanoTime();
            if (Double.isInfinite(rate)) {
                // no known pace yet: hold the whole site for Retry-After (the rejected request waits it anyway)
                long pause = signal.retryAfterMillis() != null ? signal.retryAfterMillis() : 1000;
                pausedUntil = Math.max(pausedUntil, now + TimeUnit.MILLISECONDS.toNanos(pause));
                return;
            }
            // 429s that arrive close together are one event, not several: cut once per window
            if (now >= lastCut + CUT_WINDOW_NANOS) {
                rate = Math.max(MIN_RATE, rate * DECREASE);
                lastCut = now;
            }
        } else if (signal.nearLimit() && !Double.isInfinite(rate)) {
            rate = Math.max(MIN_RATE, rate * NEAR_LIMIT_DECREASE);
        } else if (signal.status() < 400 && !Double.isInfinite(rate)) {
            rate = Math.min(ceiling, rate + INCREASE_PER_SUCCESS);
            if (Double.isInfinite(ceiling) && rate > UNPACED_ABOVE) {
                rate = Double.POSITIVE_INFINITY;
            }
        }
    }

    /** True while the site is held back: paused for a Retry-After, or paced below its ceiling after a 429. */
    public synchronized boolean isHoldingBack() {
        return System.nanoTime() < pausedUntil || rate < ceiling;
    }

    /** The current rate in requests per second (infinite while unpaced). */
    public synchronized double rate() {
        return rate;
    }
}
