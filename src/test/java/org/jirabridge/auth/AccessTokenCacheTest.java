package org.jirabridge.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Access tokens are renewed shortly before they expire, and once (not once per failed request) after a 401. */
class AccessTokenCacheTest {

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void renewsBeforeExpiryAndOnceAfterAnUnauthorizedAnswer() {
        MovableClock clock = new MovableClock();
        AtomicInteger issued = new AtomicInteger();
        AccessTokenCache cache = new AccessTokenCache(clock, () -> new OAuthTokenClient.TokenResponse(
                "token-" + issued.incrementAndGet(), 3600, null, List.of("read:jira-work")));

        assertThat(cache.current()).isEqualTo("token-1");
        clock.now = clock.now.plus(Duration.ofMinutes(58));
        assertThat(cache.current()).isEqualTo("token-1");
        // inside the last minute the token is not handed out any more
        clock.now = clock.now.plus(Duration.ofSeconds(61));
        assertThat(cache.current()).isEqualTo("token-2");

        // this thread sent token-2 and got a 401: renew
        assertThat(cache.renewAfterUnauthorized()).isTrue();
        assertThat(cache.current()).isEqualTo("token-3");
        assertThat(cache.scopes()).containsExactly("read:jira-work");
    }

    @Test
    void aSecondThreadFailingWithTheOldTokenDoesNotRenewAgain() throws Exception {
        MovableClock clock = new MovableClock();
        AtomicInteger issued = new AtomicInteger();
        AccessTokenCache cache = new AccessTokenCache(clock, () -> new OAuthTokenClient.TokenResponse(
                "token-" + issued.incrementAndGet(), 3600, null, List.of()));
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch renewed = new java.util.concurrent.CountDownLatch(1);
        String[] other = new String[2];
        Thread otherRequest = new Thread(() -> {
            other[0] = cache.current();
            sent.countDown();
            try {
                renewed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // its request also failed with token-1: the token was replaced meanwhile, so no second renewal
            cache.renewAfterUnauthorized();
            other[1] = cache.current();
        });
        otherRequest.start();
        sent.await();
        assertThat(cache.current()).isEqualTo("token-1");
        assertThat(cache.renewAfterUnauthorized()).isTrue();
        renewed.countDown();
        otherRequest.join(10_000);
        assertThat(other).containsExactly("token-1", "token-2");
        assertThat(issued.get()).isEqualTo(2);
    }
}
