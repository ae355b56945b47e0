package org.jirabridge.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.jirabridge.api.ApiException;
import org.jirabridge.setup.IntegrationsApi;
import org.jirabridge.setup.IntegrationsResource;
import org.jirabridge.store.Json;

/**
 * The web page's actions that are more than one API operation: saving the wizard's first step (the connection
 * alone, through {@link IntegrationsApi#saveConnection}) and replaying every dead letter of an integration.
 */
final class WizardActions {

    private final CamelContext context;
    private final ApiOperations api;

    WizardActions(CamelContext context, ApiOperations api) {
        this.context = context;
        this.api = api;
    }

    ApiOperations api() {
        return api;
    }

    /** {@code creating}: the wizard of a new integration, which must not take over an existing one's id. */
    IntegrationsResource.IntegrationView saveConnection(String id, String body, boolean creating) {
        if (creating && api.call("GET", "/api/v1/integrations/" + id, Map.of(), null).ok()) {
            throw new ApiException(409, "already_exists", "an integration with id " + id + " exists",
                    List.of(ApiException.fieldProblem("id", "is taken by an existing integration; choose another,"
                            + " or edit that one")));
        }
        IntegrationsApi integrations = context.getRegistry().lookupByNameAndType("integrationsApi",
                IntegrationsApi.class);
        return integrations.saveConnection(id, body == null ? "{}" : body);
    }

    /** Replays each dead letter (not yet replayed) whose report belongs to the integration; answers the outcomes. */
    Map<String, Object> replayAll(String integrationId) {
        JsonNode letters = read(api.call("GET", "/api/v1/dead-letters", Map.of(), null)).path("deadLetters");
        List<Map<String, Object>> replayed = new ArrayList<>();
        for (JsonNode letter : letters) {
            String reportId = letter.path("reportId").asText();
            JsonNode report = read(api.call("GET", "/api/v1/reports/" + reportId, Map.of(), null));
            if (!integrationId.equals(report.path("integrationId").asText())) {
                continue;
            }
            ApiOperations.Answer answer = api.call("POST", "/api/v1/dead-letters/" + letter.path("id").asText()
                    + "/replay", Map.of(), null);
            replayed.add(Map.of("deadLetterId", letter.path("id").asLong(), "reportId", reportId,
                    "status", answer.status()));
        }
        return Map.of("integrationId", integrationId, "replayed", replayed);
    }

    static JsonNode read(ApiOperations.Answer answer) {
        try {
            return Json.MAPPER.readTree(answer.body() == null ? "{}" : answer.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the API answered no JSON", e);
        }
    }
}
