package org.jirabridge.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time the sandbox's token lifetimes and signatures are judged by: real time plus an offset that tests move
 * forward ({@code POST /_sandbox/clock {"advanceSeconds": N}}) to expire tokens without waiting. Reset sets it back.
 */
final class SandboxClock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    SandboxClock(Clock base) {
        this.base = base;
    }

    Instant now() {
        return base.instant().plus(offset);
    }

    /** Real time, for what compares two machines' clocks (OAuth 1.0a timestamps) rather than token lifetimes. */
    Instant realNow() {
        return base.instant();
    }

    void advance(Duration by) {
        offset = offset.plus(by);
    }

    void reset() {
        offset = Duration.ZERO;
    }
}
