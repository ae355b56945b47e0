package org.jirabridge.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.routing.BridgeHeaders;

/**
 * The one way Java code calls Jira: typed calls through the {@code jirarest} component (so every paginated answer is
 * read to the end, and the site's pacing, breaker and auth apply), answering Jira's own JSON as maps. Routes call
 * {@code jirarest:} themselves; beans that must ask Jira (setup's pickers, save-time check, connection check and test
 * issue; the outage watch's probe) come here. Works for saved integrations and, through {@link #withUnsaved}, for one
 * that is being checked before it is saved. A failed call throws what the component threw
 * ({@code JiraRestException} as a rule).
 */
public final class JiraGateway {

    private final CamelContext context;
    private final Integrations integrations;
    private final ProducerTemplate template;

    public JiraGateway(CamelContext context, Integrations integrations) {
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

        /** GET /serverInfo: deploymentType, version, baseUrl, serverTime. */
        public Map<String, Object> serverInfo() {
            return single("serverInfo", Map.of(), null);
        }

        /** The outage watch's probe: serverInfo let through a PROBING site; the failure, or null when Jira answered. */
        public Exception probe() {
            return send("serverInfo", Map.of(), BridgeHeaders.SITE_PROBE).getException();
        }

        /** GET /myself: who the integration's credentials authenticate as. */
        public Map<String, Object> myself() {
            return single("myself", Map.of(), null);
        }

        /** A GET of a REST path of the site (e.g. {@code /rest/api/2/project/DEMO}). */
        public Map<String, Object> get(String path) {
            return single("request", Map.of(JiraRestConstants.JIRA_PATH, path), null);
        }

        /** GET /mypermissions for a project: {"permissions": {KEY: {"havePermission": …}}}. */
        public Map<String, Object> myPermissions(String projectKey, List<String> permissions) {
            return single("myPermissions", Map.of(JiraRestConstants.ISSUE_PROJECT_KEY, projectKey,
                    JiraRestConstants.PERMISSIONS, String.join(",", permissions)), null);
        }

        /** Creates an issue from a create payload; answers Jira's key and id, and the issue's browse URL. */
        public Created createIssue(Map<String, Object> payload) {
            Exchange answer = send("addIssue", Map.of(), null, payload);
            Map<String, Object> created = single(answer);
            return new Created(String.valueOf(created.get("key")), String.valueOf(created.get("id")),
                    answer.getMessage().getHeader(JiraRestConstants.ISSUE_URL, String.class));
        }

        /** Cloud or Server, as the last call found out (each call sets it). */
        public Deployment deployment() {
            return deployment;
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> call(String operation, Map<String, Object> headers) {
            Exchange answer = answered(send(operation, headers, null));
            List<Map<String, Object>> items = new ArrayList<>();
            for (Object item : answer.getMessage().getBody(List.class)) {
                items.add((Map<String, Object>) item);
            }
            return items;
        }

        private Map<String, Object> single(String operation, Map<String, Object> headers, String property) {
            return single(send(operation, headers, property));
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> single(Exchange answer) {
            return answered(answer).getMessage().getBody(Map.class);
        }

        private Exchange send(String operation, Map<String, Object> headers, String property) {
            return send(operation, headers, property, null);
        }

        private Exchange send(String operation, Map<String, Object> headers, String property, Object body) {
            // one endpoint per operation: the integration travels in the header the component reads
            return template.request("jirarest:" + operation, exchange -> {
                exchange.getMessage().setHeaders(new LinkedHashMap<>(headers));
                exchange.getMessage().setHeader(BridgeHeaders.INTEGRATION_ID, integrationId);
                exchange.getMessage().setBody(body);
                if (property != null) {
                    exchange.setProperty(property, true);
                }
            });
        }

        /** The answer when Jira gave one; the component's failure thrown as it is (checked ones wrapped). */
        private Exchange answered(Exchange answer) {
            Exception failure = answer.getException();
            if (failure != null) {
                throw failure instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(failure.getMessage(), failure);
            }
            String deploymentName = answer.getMessage().getHeader(JiraRestConstants.DEPLOYMENT, String.class);
            if (deploymentName != null) {
                deployment = Deployment.valueOf(deploymentName);
            }
            return answer;
        }
    }

    /** What Jira answered to a create. */
    public record Created(String key, String id, String url) {
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
        }
    }
}
