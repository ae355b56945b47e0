package org.jirabridge.auth;

/**
 * Credentials as an endpoint URI or a configuration file states them, before they become an {@link AuthStrategy}.
 * Later authentication types add their own components here (client id, private key, shared secret, cloud id...);
 * callers that build from options keep working because they only pass this record along.
 *
 * @param type        the authentication type; null means "infer from what is given"
 * @param username    Cloud e-mail address or Server/DC user name (Basic)
 * @param password    Cloud API token or Server/DC password (Basic)
 * @param accessToken personal access token (PAT); for Basic it stands in for a missing password
 */
public record AuthOptions(AuthType type, String username, String password, String accessToken) {

    @Override
    public String toString() {
        // secrets are never printed, only whether they were given
        return "AuthOptions[type=" + type + ", username=" + username
                + ", password=" + (password == null ? "null" : "******")
                + ", accessToken=" + (accessToken == null ? "null" : "******") + "]";
    }
}
