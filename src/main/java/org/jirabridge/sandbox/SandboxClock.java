package org.jirabridge.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The sandbox's time: real time plus an offset that tests move forward ({@code POST /_sandbox/clock
 * {"advanceSeconds": N}}) to expire tokens and dynamic webhooks without waiting. Issue times, webhook timestamps and
 * serverInfo's serverTime follow it too, so the sandbox never contradicts itself. Reset sets it back.
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

    /** This clock as a {@link Clock}, for the parts of the sandbox that take one (issue times, webhook expiry). */
    Clock asClock() {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return base.getZone();
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return base.withZone(zone);
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }
}
