package org.jirabridge.setup;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Json;

/** /api/v1/integrations: create, list, read, edit (PUT whole, PATCH as a merge patch), delete. Secrets go in, never out. Bound as {@code integrationsApi}. */
public final class IntegrationsApi {

    /** RFC 7396's media type; plain application/json is taken as the same. */
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final Integrations integrations;
    // checks target and mapping against Jira before a save; null saves without asking Jira
    private final TargetValidator targetValidator;

    public IntegrationsApi(Integrations integrations) {
        this(integrations, null);
    }

    public IntegrationsApi(Integrations integrations, TargetValidator targetValidator) {
        this.integrations = integrations;
        this.targetValidator = targetValidator;
    }

    public void createHttp(Exchange exchange) {
        IntegrationRequests.Parsed parsed = IntegrationRequests.parse(body(exchange), null, null, Map.of());
        if (integrations.find(parsed.integration().id()).isPresent()) {
            throw new ApiException(409, "already_exists", "an integration with id " + parsed.integration().id()
                    + " exists; edit it with PUT /api/v1/integrations/" + parsed.integration().id());
        }
        saveChecked(exchange, 201, parsed);
        exchange.getMessage().setHeader("Location", "/api/v1/integrations/" + parsed.integration().id());
    }

    /** Editing keeps the integration's id, so its reports and sync state stay with it. */
    public void updateHttp(Exchange exchange) {
        String id = pathId(exchange);
        Integration existing = integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
        Map<String, String> stored = integrations.secrets(id);
        IntegrationRequests.Parsed parsed = IntegrationRequests.parse(body(exchange), id, existing, stored);
        saveChecked(exchange, 200, parsed);
    }

    /**
     * PATCH: a JSON merge patch (RFC 7396) onto the integration as GET shows it. Fields left out stay as they are
     * (secrets included: the patch starts from their masks), {@code null} removes a field; the result is checked and
     * saved like a PUT.
     */
    public void patchHttp(Exchange exchange) {
        String id = pathId(exchange);
        Integration existing = integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
        Map<String, String> stored = integrations.secrets(id);
        JsonNode patch = readJson(ApiResponses.jsonBody(exchange, "merge patch", MERGE_PATCH));
        if (!patch.isObject()) {
            throw new ApiException(400, "invalid_integration", "a merge patch of an integration is a JSON object");
        }
        JsonNode merged = JsonMergePatch.apply(Json.MAPPER.valueToTree(IntegrationRequests.toApi(existing, stored)),
                patch);
        saveChecked(exchange, 200, IntegrationRequests.parse(Json.write(merged), id, existing, stored));
    }

    public void getHttp(Exchange exchange) {
        String id = pathId(exchange);
        Integration integration = integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
        ApiResponses.json(exchange, 200, IntegrationRequests.toApi(integration, integrations.secrets(id)));
    }

    public void listHttp(Exchange exchange) {
        ApiResponses.json(exchange, 200, Map.of("integrations", integrations.list().stream()
                .map(integration -> IntegrationRequests.toApi(integration, integrations.secrets(integration.id())))
                .toList()));
    }

    public void deleteHttp(Exchange exchange) {
        String id = pathId(exchange);
        integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
        if (!integrations.delete(id)) {
            throw new ApiException(409, "in_use", "integration " + id
                    + " has reports; edit it instead (its reports would lose their Jira connection)");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    /**
     * Saves an integration's connection alone, for the web page's first wizard step (pickers, the connection check
     * and OAuth consent need a saved integration). {@code body} is {"id","name","connection"}. A new integration
     * gets no target yet and does not forward on its own until its setup is saved (sync.autoForward false); an
     * existing one keeps its target, mapping, sync, the secrets that are sent back masked or left out, and the site
     * of its OAuth 2.0 grant while the authentication type and client stay. Not
     * checked against Jira here: the connection check does that next. Answers the integration as the API shows it.
     */
    public Map<String, Object> saveConnection(String id, String body) {
        Integration existing = integrations.find(id).orElse(null);
        Map<String, String> stored = existing == null ? Map.of() : integrations.secrets(id);
        Map<String, Object> request = new java.util.LinkedHashMap<>(org.jirabridge.store.Json.readMap(body));
        // parse wants a target: a stand-in that is never saved; the real one comes with the setup step
        request.put("target", Map.of("projectKey", "-", "issueType", "-"));
        request.remove("sync");
        request.remove("mapping");
        IntegrationRequests.Parsed parsed = IntegrationRequests.parse(org.jirabridge.store.Json.write(request), id,
                existing, stored);
        Map<String, String> secrets = new java.util.HashMap<>(parsed.secrets());
        Integration.Sync sync;
        Integration.Target target;
        Integration.Mapping mapping;
        if (existing == null) {
            target = new Integration.Target(null, null, null);
            mapping = Integration.Mapping.defaults();
            sync = new Integration.Sync(false, null, null, null, null, null);
        } else {
            target = existing.target();
            mapping = existing.mapping();
            sync = existing.sync();
            if (stored.containsKey("webhookSecret")) {
                secrets.put("webhookSecret", stored.get("webhookSecret"));
            }
        }
        Integration.Connection connection = parsed.integration().connection();
        if (existing != null && connection.cloudId() == null && existing.connection().cloudId() != null
                && existing.connection().authType() == connection.authType()
                && java.util.Objects.equals(existing.connection().clientId(), connection.clientId())) {
            // the site picked after consent belongs to the grant, which this save keeps
            connection = new Integration.Connection(connection.deployment(), connection.baseUrl(),
                    connection.authType(), connection.email(), connection.username(), connection.clientId(),
                    existing.connection().cloudId(), connection.consumerKey(), connection.tokenExpiresAt());
        }
        Integration integration = new Integration(id, parsed.integration().name(), parsed.integration().isDefault(),
                connection, target, mapping, sync);
        integrations.save(integration, secrets);
        return IntegrationRequests.toApi(integration, secrets);
    }

    /** Saves what the target check accepts (entries get their field types) and answers with the check's outcome. */
    private void saveChecked(Exchange exchange, int status, IntegrationRequests.Parsed parsed) {
        // the URL policy decides before the check sends anything (with the credential) to the new URL
        integrations.requireAllowedUrl(parsed.integration());
        TargetValidator.Checked checked = targetValidator == null ? null
                : targetValidator.check(parsed.integration(), parsed.secrets());
        Integration integration = checked == null ? parsed.integration() : checked.integration();
        integrations.save(integration, parsed.secrets());
        Map<String, Object> body = new java.util.LinkedHashMap<>(IntegrationRequests.toApi(integration, parsed.secrets()));
        if (checked != null) {
            body.put("targetCheck", checked.toApi());
        }
        ApiResponses.json(exchange, status, body);
    }

    private static JsonNode readJson(String body) {
        try {
            return Json.MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String pathId(Exchange exchange) {
        return exchange.getMessage().getHeader("id", String.class);
    }

    private static String body(Exchange exchange) {
        return ApiResponses.jsonBody(exchange, "integration");
    }
}
