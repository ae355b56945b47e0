package org.jirabridge.auth;

import java.util.function.UnaryOperator;

/**
 * Where a strategy keeps the secrets it obtains itself (OAuth 2.0 refresh tokens), so {@code auth} needs no database.
 * Implemented in {@code admin} on top of the secrets vault.
 */
public interface TokenStore {

    /** The stored refresh token, read fresh (another node or an earlier strategy instance may have rotated it). */
    String refreshToken();

    /**
     * Rotates the refresh token atomically: while holding a lock on the stored value (no one else can rotate it
     * meanwhile), {@code exchange} is called with the current token and returns the new one, which is stored before
     * this method returns. When {@code exchange} throws, nothing is stored.
     *
     * @return the new refresh token as stored
     */
    String rotateRefreshToken(UnaryOperator<String> exchange);

    /** The grant is gone for good (revoked, expired, reused): forget the refresh token so a new consent is asked. */
    void forgetRefreshToken();

    /** No persistence: a token held in memory only, for tests and the explicit URI form. */
    static TokenStore inMemory(String refreshToken) {
        return new TokenStore() {
            private String token = refreshToken;

            @Override
            public synchronized String refreshToken() {
                return token;
            }

            @Override
            public synchronized String rotateRefreshToken(UnaryOperator<String> exchange) {
                token = exchange.apply(token);
                return token;
            }

            @Override
            public synchronized void forgetRefreshToken() {
                token = null;
            }

            @Override
            public String toString() {
                return "TokenStore[in memory, token=******]";
            }
        };
    }
}
