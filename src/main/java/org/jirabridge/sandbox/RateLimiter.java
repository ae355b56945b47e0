package org.jirabridge.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Jira Cloud's burst limit in miniature: at most {@code requestsPerSecond} REST requests in any sliding
 * second; the next one gets 429 with Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining,
 * X-RateLimit-Reset (yyyy-MM-ddTHH:mmZ) and RateLimit-Reason: jira-burst-based. Zero switches it off. Thread-safe.
 */
final class RateLimiter {

    private static final DateTimeFormatter RESET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final long WINDOW_MS = 1000;

    private final Clock clock;
    private final Deque<Long> admitted = new ArrayDeque<>();
    private int requestsPerSecond;

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    synchronized void limit(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must not be negative");
        }
        this.requestsPerSecond = requestsPerSecond;
        admitted.clear();
    }

    synchronized int limit() {
        return requestsPerSecond;
    }

    /** Admits a request (null) or answers the 429 it gets instead. */
    synchronized SandboxResponse admit() {
        if (requestsPerSecond == 0) {
            return null;
        }
        long now = clock.millis();
        while (!admitted.isEmpty() && admitted.peekFirst() <= now - WINDOW_MS) {
            admitted.pollFirst();
        }
        if (admitted.size() < requestsPerSecond) {
            admitted.addLast(now);
            return null;
        }
        long waitMs = admitted.peekFirst() + WINDOW_MS - now;
        long retryAfter = Math.max(1, (waitMs + 999) / 1000);
        return SandboxResponse.errorMessage(429, "Rate limit exceeded.")
                .header("Retry-After", String.valueOf(retryAfter))
                .header("X-RateLimit-Limit", String.valueOf(requestsPerSecond))
                .header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Reset", RESET.format(Instant.ofEpochMilli(now).plusSeconds(retryAfter)))
                .header("RateLimit-Reason", "jira-burst-based");
    }

    /**
     * An injected burst 429 (fault injection): Retry-After, reset time and reason as the limiter's own 429, but a
     * limit only while one is set. A made-up limit would tell clients to pace at a rate no limiter enforces.
     */
    synchronized SandboxResponse injected429() {
        SandboxResponse response = SandboxResponse.errorMessage(429, "Rate limit exceeded.")
                .header("Retry-After", "1")
                .header("X-RateLimit-Reset", RESET.format(Instant.ofEpochMilli(clock.millis()).plusSeconds(1)))
                .header("RateLimit-Reason", "jira-burst-based");
        if (requestsPerSecond > 0) {
            response.header("X-RateLimit-Limit", String.valueOf(requestsPerSecond)).header("X-RateLimit-Remaining", "0");
        }
        return response;
    }

    /** Headers every admitted response carries while a limit is set. */
    synchronized void decorate(SandboxResponse response) {
        if (requestsPerSecond > 0 && response.status() != 429) {
            response.header("X-RateLimit-Limit", String.valueOf(requestsPerSecond))
                    .header("X-RateLimit-Remaining", String.valueOf(Math.max(0, requestsPerSecond - admitted.size())));
        }
    }
}
