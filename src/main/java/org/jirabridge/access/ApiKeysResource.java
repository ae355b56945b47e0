package org.jirabridge.access;

import java.util.List;

/** The JSON shapes of /api/v1/api-keys. */
public final class ApiKeysResource {

    private ApiKeysResource() {
    }

    /** POST: a name (1 to 200 characters) and the integrations the key may send reports to. */
    public record ApiKeyRequest(String name, List<String> integrations) {
    }

    /** A key as listed: never the key or its hash; times as ISO-8601, lastUsedAt to the minute. */
    public record ApiKey(String id, String name, String prefix, List<String> integrations, String createdAt,
                         String revokedAt, String lastUsedAt) {
    }

    /** 201: the key as listed, plus the key itself, shown this once. */
    public record CreatedApiKey(String id, String name, String prefix, List<String> integrations, String createdAt,
                                String revokedAt, String lastUsedAt, String key) {
    }

    public record ApiKeyList(List<ApiKey> apiKeys) {
    }
}
