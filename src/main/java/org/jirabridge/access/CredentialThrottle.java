package org.jirabridge.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@code limit} wrong credentials from one address within {@code window}, every request
 * from that address that sends a credential is answered 429 (with Retry-After) until the window ends, without the
 * credential being looked at. The address is the connection's, never a header a client can set.
 */
public final class CredentialThrottle {

    // beyond this many tracked addresses, ended windows are dropped first (memory stays bounded under a spray)
    private static final int MAX_TRACKED = 10_000;

    private record Failures(Instant start, int count) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    public CredentialThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** How long the address must wait, when it has used up its wrong attempts. */
    public Optional<Duration> wait(String address) {
        Failures failures = byAddress.get(address);
        if (failures == null || failures.count() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), failures.start().plus(window));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** Counts a wrong credential from the address (a well-formed one: a malformed header cannot be a guess). */
    public void failed(String address) {
        Instant now = clock.instant();
        if (byAddress.size() >= MAX_TRACKED) {
            byAddress.values().removeIf(f -> !f.start().plus(window).isAfter(now));
        }
        byAddress.merge(address, new Failures(now, 1), (before, one) -> before.start().plus(window).isAfter(now)
                ? new Failures(before.start(), before.count() + 1) : one);
    }
}
