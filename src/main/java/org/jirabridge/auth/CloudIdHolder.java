package org.jirabridge.auth;

/** A site's cloud id: the configured one, else looked up once from the site's {@code /_edge/tenant_info}. */
final class CloudIdHolder {

    private final OAuthTokenClient tokens;
    private volatile String cloudId;

    CloudIdHolder(String configured, OAuthTokenClient tokens) {
        this.cloudId = configured == null || configured.isBlank() ? null : configured;
        this.tokens = tokens;
    }

    String get(String siteUrl) {
        String known = cloudId;
        if (known == null) {
            known = tokens.cloudIdOf(siteUrl);
            cloudId = known;
        }
        return known;
    }
}
