package org.jirabridge.admin;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;

/** /api/v1/integrations: create, list, read, edit, delete. Secrets go in, never out. Bound as {@code integrationsApi}. */
public final class IntegrationsApi {

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

    private static String pathId(Exchange exchange) {
        return exchange.getMessage().getHeader("id", String.class);
    }

    private static String body(Exchange exchange) {
        return ApiResponses.jsonBody(exchange, "integration");
    }
}
