package org.jirabridge.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jirabridge.api.ApiException;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;

/**
 * What the setup needs to know from an integration's Jira, asked through the {@code jirarest} component (so every
 * paginated answer is read to the end): projects, a project's issue types, the create fields of an issue type,
 * priorities and assignable users. Works for saved integrations and, through {@link #withUnsaved}, for one that is
 * being checked before it is saved.
 */
public final class JiraLookup {

    private final CamelContext context;
    private final Integrations integrations;
    private final ProducerTemplate template;

    public JiraLookup(CamelContext context, Integrations integrations) {
        this.context = context;
        this.integrations = integrations;
        this.template = context.createProducerTemplate();
    }

    /** One integration's Jira: the calls, each answering a list of Jira's own JSON objects as maps. */
    public final class Site {
        private final String integrationId;
        private Deployment deployment;

        private Site(String integrationId) {
            this.integrationId = integrationId;
        }

        public List<Map<String, Object>> projects() {
            return call("projects", Map.of());
        }

        /** The issue types an issue can be created with in the project (create metadata). */
        public List<Map<String, Object>> issueTypes(String project) {
            return call("issueTypes", Map.of(JiraRestConstants.ISSUE_PROJECT_KEY, project));
        }

        /** The create screen of an issue type: fieldId, name, required, hasDefaultValue, schema, allowedValues. */
        public List<Map<String, Object>> createFields(String project, String issueTypeId) {
            return call("fields", Map.of(JiraRestConstants.ISSUE_PROJECT_KEY, project,
                    JiraRestConstants.ISSUE_TYPE_ID, issueTypeId));
        }

        /** Every priority of the site (GET /priority). */
        public List<Map<String, Object>> priorities() {
            return call("priorities", Map.of());
        }

        public List<Map<String, Object>> assignableUsers(String project) {
            return call("assignableUsers", Map.of(JiraRestConstants.ISSUE_PROJECT_KEY, project));
        }

        /** Cloud or Server, as the last call found out (each call sets it). */
        public Deployment deployment() {
            return deployment;
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> call(String operation, Map<String, Object> headers) {
            Exchange answer = template.request("jirarest:" + operation + "?integration=" + integrationId,
                    exchange -> exchange.getMessage().setHeaders(new LinkedHashMap<>(headers)));
            if (answer.getException() != null) {
                throw answer.getException() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(answer.getException());
            }
            String deploymentName = answer.getMessage().getHeader(JiraRestConstants.DEPLOYMENT, String.class);
            if (deploymentName != null) {
                deployment = Deployment.valueOf(deploymentName);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (Object item : answer.getMessage().getBody(List.class)) {
                items.add((Map<String, Object>) item);
            }
            return items;
        }
    }

    /** A saved integration's Jira. */
    public Site site(String integrationId) {
        return new Site(integrationId);
    }

    /** Runs {@code work} against an integration that is not saved yet; its connection is forgotten afterwards. */
    public <T> T withUnsaved(Integration integration, Map<String, String> secrets, Function<Site, T> work) {
        String unsavedId = integrations.registerUnsaved(integration, secrets);
        try {
            return work.apply(new Site(unsavedId));
        } finally {
            integrations.forgetUnsaved(unsavedId);
            // the endpoints named after the one-off id would otherwise stay in the endpoint registry
            for (org.apache.camel.Endpoint endpoint : List.copyOf(context.getEndpoints())) {
                if (endpoint.getEndpointUri().contains(unsavedId)) {
                    try {
                        context.removeEndpoint(endpoint);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not remove the endpoint of a finished check", e);
                    }
                }
            }
        }
    }

    /** Jira's failure as an API answer: what Jira said, never our stack trace. */
    public static ApiException asApiError(JiraRestException failure, String what) {
        List<Map<String, Object>> details = new ArrayList<>();
        failure.errorMessages().forEach(message -> details.add(ApiException.fieldProblem("jira", message)));
        failure.errors().forEach((field, message) -> details.add(ApiException.fieldProblem("jira." + field, message)));
        int status = failure.getHttpResponseCode();
        return switch (failure.failure()) {
            case NOT_FOUND -> new ApiException(404, "jira_not_found", "Jira has no " + what
                    + " (or the integration's user may not see it)", details);
            case INVALID -> new ApiException(400, "jira_rejected", "Jira refused the request for " + what, details);
            case AUTHENTICATION -> new ApiException(502, "jira_authentication", "Jira refused the integration's"
                    + " credentials (401); fix them with PUT /api/v1/integrations/{id}", details);
            case PERMISSION -> new ApiException(502, "jira_permission", "Jira does not let the integration's user"
                    + " read " + what + " (403)", details);
            case SITE_DOWN -> new ApiException(503, "jira_site_down", "The integration's Jira site is marked down"
                    + " after repeated failures; jira-bridge asks again by itself and resumes when it answers", details);
            default -> new ApiException(502, "jira_unavailable", "Jira could not answer for " + what
                    + (status == 0 ? " (no connection)" : " (HTTP " + status + ")"), details);
        };
    }
}
