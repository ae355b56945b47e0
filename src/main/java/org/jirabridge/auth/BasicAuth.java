package org.jirabridge.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/** Basic auth: Cloud email + API token, or Server/DC username + password. */
public final class BasicAuth implements AuthStrategy {

    private final String user;
    private final String header;

    public BasicAuth(String user, String secret) {
        this.user = Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        this.header = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public AuthType type() {
        return AuthType.BASIC;
    }

    @Override
    public Map<String, String> authorizationHeaders(String method, URI uri) {
        return Map.of("Authorization", header);
    }

    public String user() {
        return user;
    }

    @Override
    public String toString() {
        return "BasicAuth[user=" + user + ", secret=******]";
    }
}
