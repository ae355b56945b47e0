package org.jirabridge.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One cached OAuth 2.0 access token, renewed shortly before it expires and once after a 401. Remembers which token
 * each thread last sent, so that many requests failing with the same stale token cause one renewal, not many.
 */
final class AccessTokenCache {

    /** Renew this long before the expiry Atlassian announced, so no request leaves with a token about to die. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

    private final Clock clock;
    private final Supplier<OAuthTokenClient.TokenResponse> obtain;
    private final ThreadLocal<String> lastSent = new ThreadLocal<>();
    private String accessToken;
    private Instant expiresAt = Instant.MIN;
    private List<String> scopes = List.of();

    AccessTokenCache(Clock clock, Supplier<OAuthTokenClient.TokenResponse> obtain) {
        this.clock = clock;
        this.obtain = obtain;
    }

    /** A token valid for at least {@link #RENEW_BEFORE_EXPIRY}; obtains a new one when needed. */
    synchronized String current() {
        if (accessToken == null || !clock.instant().isBefore(expiresAt.minus(RENEW_BEFORE_EXPIRY))) {
            renew();
        }
        lastSent.set(accessToken);
        return accessToken;
    }

    /** After a 401: renews unless another thread already replaced the token this thread sent. */
    synchronized boolean renewAfterUnauthorized() {
        if (accessToken != null && !Objects.equals(lastSent.get(), accessToken)) {
            return true;
        }
        renew();
        return true;
    }

    synchronized List<String> scopes() {
        return scopes;
    }

    synchronized Instant expiresAt() {
        return expiresAt;
    }

    private void renew() {
        accessToken = null;
        OAuthTokenClient.TokenResponse response = obtain.get();
        accessToken = response.accessToken();
        expiresAt = clock.instant().plusSeconds(response.expiresInSeconds());
        scopes = List.copyOf(response.scopes());
    }
}
