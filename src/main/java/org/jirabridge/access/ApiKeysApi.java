package org.jirabridge.access;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.access.ApiKeysResource.ApiKey;
import org.jirabridge.access.ApiKeysResource.ApiKeyList;
import org.jirabridge.access.ApiKeysResource.ApiKeyRequest;
import org.jirabridge.access.ApiKeysResource.CreatedApiKey;
import org.jirabridge.api.ApiException;
import org.jirabridge.store.ApiKeyRepository.StoredApiKey;
import org.jirabridge.store.Json;

/**
 * /api/v1/api-keys (admin only): create (the key is in this one answer and nowhere else), list (never a key or
 * hash), revoke. The API's adapter is {@link ApiKeysResource}.
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

    /**
     * The request of a new key, checked: every unknown field, a missing or too long name, integrations that are not
     * a non-empty list of existing ids are named in one 400 {@code invalid_api_key}. The name comes stripped, the
     * integrations sorted and once each.
     */
    public ApiKeyRequest read(String body) {
        JsonNode root = readObject(body);
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
        return new ApiKeyRequest(name, List.copyOf(integrations));
    }

    /** Creates a key for a request {@link #read} checked; the answer is the only place the key is ever shown. */
    public CreatedApiKey create(ApiKeyRequest request) {
        ApiKeys.Created created = keys.create(request.name(), new TreeSet<>(request.integrations()));
        ApiKey listed = view(created.stored());
        // the only time the key is shown: it is stored as a hash
        return new CreatedApiKey(listed.id(), listed.name(), listed.prefix(), listed.integrations(),
                listed.createdAt(), listed.revokedAt(), listed.lastUsedAt(), created.key());
    }

    public ApiKeyList list() {
        return new ApiKeyList(keys.list().stream().map(ApiKeysApi::view).toList());
    }

    /** Revokes; revoking a revoked key again changes nothing and answers the same. An unknown id is a 404. */
    public void revoke(String id) {
        if (!keys.revoke(id)) {
            throw ApiException.notFound("API key", id);
        }
    }

    private static ApiKey view(StoredApiKey key) {
        return new ApiKey(key.id(), key.name(), key.keyPrefix(), List.copyOf(new TreeSet<>(key.integrations())),
                key.createdAt().toString(), key.revokedAt() == null ? null : key.revokedAt().toString(),
                key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
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
