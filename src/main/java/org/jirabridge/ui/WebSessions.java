package org.jirabridge.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers of the web page, kept in memory: a session is a random 256-bit id (the HttpOnly cookie) with
 * its own CSRF token, which every state-changing request must echo in a header. A session ends at sign-out, after
 * {@code idle} without a request, or {@code maxAge} after sign-in, whichever comes first. A restart signs everyone
 * out, which is the safe direction for an admin page.
 */
public final class WebSessions {

    /** A signed-in browser. */
    public record Session(String id, String csrfToken, Instant signedInAt, Instant lastSeen) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;
    private final Duration maxAge;

    public WebSessions(Clock clock, Duration idle, Duration maxAge) {
        this.clock = clock;
        this.idle = idle;
        this.maxAge = maxAge;
    }

    public Session open() {
        Instant now = clock.instant();
        // expired sessions go when someone signs in, so the map cannot grow without bound
        sessions.values().removeIf(session -> expired(session, now));
        Session session = new Session(randomToken(), randomToken(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of this id, its idle time restarted; empty when unknown or expired (which ends it). */
    public Optional<Session> touch(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session found = sessions.get(id);
        if (found == null) {
            return Optional.empty();
        }
        if (expired(found, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(found.id(), found.csrfToken(), found.signedInAt(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Constant-time comparison of the CSRF token a request sent with the session's. */
    public static boolean csrfMatches(Session session, String sent) {
        return sent != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    public Duration idle() {
        return idle;
    }

    private boolean expired(Session session, Instant now) {
        return session.lastSeen().plus(idle).isBefore(now) || session.signedInAt().plus(maxAge).isBefore(now);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
