package org.jirabridge.access;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.store.ApiKeyRepository.StoredApiKey;
import org.jirabridge.store.Json;

/**
 * /api/v1/api-keys (admin only): create (the key is in this one answer and nowhere else), list (never a key or
 * hash), revoke. Bound as {@code apiKeysApi}.
 */
public final class ApiKeysApi {

    private static final Set<String> FIELDS = Set.of("name", "integrations");
    private static final int MAX_NAME = 200;

    private final ApiKeys keys;
    private final Predicate<String> integrationExists;

    public ApiKeysApi(ApiKeys keys, Predicate<String> integrationExists) {
        this.keys = keys;
        this.integrationExists = integrationExists;
    }

    public void createHttp(Exchange exchange) {
        JsonNode root = readObject(ApiResponses.jsonBody(exchange, "API key"));
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(ApiException.fieldProblem(name, "is not a known field"));
            }
        }
        JsonNode nameNode = root.get("name");
        String name = nameNode != null && nameNode.isTextual() ? nameNode.asText().strip() : null;
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            problems.add(ApiException.fieldProblem("name", "is required: a text of 1 to " + MAX_NAME + " characters"));
        }
        Set<String> integrations = new TreeSet<>();
        JsonNode list = root.get("integrations");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(ApiException.fieldProblem("integrations",
                    "is required: a non-empty list of the integration ids this key may send reports to"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode id = list.get(i);
                if (!id.isTextual()) {
                    problems.add(ApiException.fieldProblem("integrations[" + i + "]", "must be an integration id"));
                } else if (!integrationExists.test(id.asText())) {
                    problems.add(ApiException.fieldProblem("integrations[" + i + "]",
                            "no integration with id " + id.asText()));
                } else {
                    integrations.add(id.asText());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_api_key", "the API key has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        ApiKeys.Created created = keys.create(name, integrations);
        Map<String, Object> body = toApi(created.stored());
        // the only time the key is shown: it is stored as a hash
        body.put("key", created.key());
        exchange.getMessage().setHeader("Location", "/api/v1/api-keys/" + created.stored().id());
        ApiResponses.json(exchange, 201, body);
    }

    public void listHttp(Exchange exchange) {
        ApiResponses.json(exchange, 200, Map.of("apiKeys", keys.list().stream().map(ApiKeysApi::toApi).toList()));
    }

    /** Revokes; revoking a revoked key again changes nothing and answers the same. */
    public void revokeHttp(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (!keys.revoke(id)) {
            throw ApiException.notFound("API key", id);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    private static Map<String, Object> toApi(StoredApiKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("prefix", key.keyPrefix());
        json.put("integrations", new TreeSet<>(key.integrations()));
        json.put("createdAt", key.createdAt().toString());
        json.put("revokedAt", key.revokedAt() == null ? null : key.revokedAt().toString());
        json.put("lastUsedAt", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
        return json;
    }

    private static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "malformed_json", "the body is empty; send {\"name\", \"integrations\"}");
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw new ApiException(400, "invalid_api_key", "the body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ApiException.malformedJson(e);
        }
    }
}
