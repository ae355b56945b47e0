package org.jirabridge.auth;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/** Personal access token (Server/DC 8.14+), sent as a Bearer token. */
public final class PersonalAccessTokenAuth implements AuthStrategy {

    private final String header;

    public PersonalAccessTokenAuth(String token) {
        this.header = "Bearer " + Objects.requireNonNull(token, "token");
    }

    @Override
    public AuthType type() {
        return AuthType.PAT;
    }

    @Override
    public Map<String, String> authorizationHeaders(String method, URI uri) {
        return Map.of("Authorization", header);
    }

    @Override
    public String toString() {
        return "PersonalAccessTokenAuth[token=******]";
    }
}
