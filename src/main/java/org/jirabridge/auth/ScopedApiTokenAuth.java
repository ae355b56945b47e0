package org.jirabridge.auth;

import java.net.URI;
import java.util.Map;

/**
 * A scoped API token of a service account, Jira Cloud: Basic {@code email:token} like a classic API token, but
 * accepted only through the gateway {@code {apiBase}/ex/jira/{cloudId}} (the site URL answers 401).
 */
public final class ScopedApiTokenAuth implements AuthStrategy {

    private final BasicAuth basic;
    private final OAuthTokenClient tokens;
    private final CloudIdHolder cloudId;

    public ScopedApiTokenAuth(String email, String token, String cloudId, OAuthTokenClient tokens) {
        this.basic = new BasicAuth(email, token);
        this.tokens = tokens;
        this.cloudId = new CloudIdHolder(cloudId, tokens);
    }

    @Override
    public AuthType type() {
        return AuthType.SCOPED_API_TOKEN;
    }

    @Override
    public String apiBaseUrl(String siteUrl) {
        return tokens.hosts().jiraGateway(cloudId.get(siteUrl));
    }

    @Override
    public Map<String, String> authorizationHeaders(String method, URI uri) {
        return basic.authorizationHeaders(method, uri);
    }

    @Override
    public String toString() {
        return "ScopedApiTokenAuth[user=" + basic.user() + ", token=******]";
    }
}
