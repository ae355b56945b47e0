package org.jirabridge.auth;

/**
 * Fresh credentials could not be obtained: the authorization server refused the grant (wrong client secret, revoked or
 * expired refresh token, no consent yet) or could not be reached. Messages name what is wrong and what to do; they
 * never contain a secret.
 */
public class CredentialsException extends RuntimeException {

    private final boolean retryable;
    private final String oauthError;

    public CredentialsException(String message, boolean retryable) {
        this(message, retryable, (String) null);
    }

    /** @param oauthError the OAuth error code the authorization server gave ({@code invalid_grant}, …), or null */
    public CredentialsException(String message, boolean retryable, String oauthError) {
        super(message);
        this.retryable = retryable;
        this.oauthError = oauthError;
    }

    public CredentialsException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.oauthError = null;
    }

    /** True when the grant itself is dead (revoked, expired, reused refresh token): only a new consent helps. */
    public boolean grantLost() {
        return "invalid_grant".equals(oauthError);
    }

    /** True when trying again later may help (the authorization server was unreachable or answered 5xx/429). */
    public boolean retryable() {
        return retryable;
    }
}
