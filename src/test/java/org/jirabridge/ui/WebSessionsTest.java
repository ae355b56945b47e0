package org.jirabridge.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions of the web page: idle and absolute expiry, sign-out, CSRF tokens per session. */
class WebSessionsTest {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
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
    };
    private final WebSessions sessions = new WebSessions(clock, Duration.ofMinutes(30), Duration.ofHours(12));

    @Test
    void aSessionEndsAfterItsIdleTimeButEachRequestRestartsIt() {
        WebSessions.Session session = sessions.open();
        now = now.plus(Duration.ofMinutes(29));
        assertThat(sessions.touch(session.id())).isPresent();
        now = now.plus(Duration.ofMinutes(29));
        assertThat(sessions.touch(session.id())).isPresent();
        now = now.plus(Duration.ofMinutes(31));
        assertThat(sessions.touch(session.id())).isEmpty();
        // and stays ended
        now = now.minus(Duration.ofMinutes(31));
        assertThat(sessions.touch(session.id())).isEmpty();
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverBusy() {
        WebSessions.Session session = sessions.open();
        for (int i = 0; i < 12 * 3; i++) {
            now = now.plus(Duration.ofMinutes(20));
            assertThat(sessions.touch(session.id())).as("after %d minutes", (i + 1) * 20).isPresent();
        }
        now = now.plus(Duration.ofMinutes(1));
        assertThat(sessions.touch(session.id())).isEmpty();
    }

    @Test
    void signOutEndsTheSessionAndTokensDifferPerSession() {
        WebSessions.Session first = sessions.open();
        WebSessions.Session second = sessions.open();
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.csrfToken()).isNotEqualTo(second.csrfToken()).isNotEqualTo(first.id()).hasSize(43);
        assertThat(WebSessions.csrfMatches(first, first.csrfToken())).isTrue();
        assertThat(WebSessions.csrfMatches(first, second.csrfToken())).isFalse();
        assertThat(WebSessions.csrfMatches(first, null)).isFalse();
        sessions.close(first.id());
        assertThat(sessions.touch(first.id())).isEmpty();
        assertThat(sessions.touch(second.id())).isPresent();
        assertThat(sessions.touch(null)).isEmpty();
        assertThat(sessions.touch("made-up")).isEmpty();
    }
}
