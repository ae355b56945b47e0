package org.jirabridge.access;

import java.util.List;

import org.apache.camel.Exchange;
import org.jirabridge.api.ApiResponses;

/**
 * The HTTP adapter of /api/v1/api-keys, and its JSON shapes: the body (read with the API's checks, then bound to
 * {@link ApiKeyRequest}) and path parameters in, the domain's records out with their status. Bound as
 * {@code apiKeysResource}.
 */
public final class ApiKeysResource {

    private final ApiKeysApi apiKeys;

    public ApiKeysResource(ApiKeysApi apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** POST /api-keys: 201 with the key, shown this once, and its Location (binding off: the body is read here). */
    public void create(Exchange exchange) {
        CreatedApiKey created = apiKeys.create(apiKeys.read(ApiResponses.jsonBody(exchange, "API key")));
        exchange.getMessage().setHeader("Location", "/api/v1/api-keys/" + created.id());
        ApiResponses.json(exchange, 201, created);
    }

    /** GET /api-keys */
    public void list(Exchange exchange) {
        ApiResponses.bound(exchange, 200, apiKeys.list());
    }

    /** DELETE /api-keys/{id}: 204 */
    public void revoke(Exchange exchange) {
        apiKeys.revoke(exchange.getMessage().getHeader("id", String.class));
        ApiResponses.bound(exchange, 204, null);
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
        /** Never the key, wherever a record is printed. */
        @Override
        public String toString() {
            return "CreatedApiKey[" + id + "]";
        }
    }

    public record ApiKeyList(List<ApiKey> apiKeys) {
    }
}
