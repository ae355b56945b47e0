package org.jirabridge.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.gateway.JiraGateway;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.mapping.FieldType;

/**
 * GET /api/v1/integrations/{id}/projects|issuetypes|assignees|fields|priorities: what an integration's Jira offers,
 * to fill in {@code target} and {@code mapping}. Project and issue type default to the integration's target.
 * Bound as bean {@code pickers}.
 */
public final class Pickers {

    private final Integrations integrations;
    private final JiraGateway lookup;

    public Pickers(Integrations integrations, JiraGateway lookup) {
        this.integrations = integrations;
        this.lookup = lookup;
    }

    /** {"projects":[{"id","key","name"}]} */
    public void projectsHttp(Exchange exchange) {
        Integration integration = integration(exchange);
        List<Map<String, Object>> projects = new ArrayList<>();
        for (Map<String, Object> project : ask("projects", () -> lookup.site(integration.id()).projects())) {
            projects.add(pick(project, "id", "key", "name"));
        }
        ApiResponses.json(exchange, 200, Map.of("projects", projects));
    }

    /** {"project","issueTypes":[{"id","name","subtask"}]}: the types an issue can be created with. */
    public void issueTypesHttp(Exchange exchange) {
        Integration integration = integration(exchange);
        String project = project(exchange, integration);
        List<Map<String, Object>> types = new ArrayList<>();
        for (Map<String, Object> type : ask("project " + project,
                () -> lookup.site(integration.id()).issueTypes(project))) {
            types.add(pick(type, "id", "name", "subtask"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("issueTypes", types);
        ApiResponses.json(exchange, 200, body);
    }

    /** {"project","assignees":[{"assignee", "displayName", …}]}: "assignee" is the value for target.assignee. */
    public void assigneesHttp(Exchange exchange) {
        Integration integration = integration(exchange);
        String project = project(exchange, integration);
        JiraGateway.Site site = lookup.site(integration.id());
        List<Map<String, Object>> users = ask("project " + project, () -> site.assignableUsers(project));
        // Cloud knows people by accountId, Server/DC by user name
        String key = site.deployment() == Deployment.SERVER ? "name" : "accountId";
        List<Map<String, Object>> assignees = new ArrayList<>();
        for (Map<String, Object> user : users) {
            Map<String, Object> assignee = new LinkedHashMap<>();
            assignee.put("assignee", user.get(key));
            assignee.putAll(pick(user, "displayName", "emailAddress", "active"));
            assignees.add(assignee);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("assignees", assignees);
        ApiResponses.json(exchange, 200, body);
    }

    /**
     * {"project","issueType":{"id","name"},"fields":[{"id","name","required","hasDefaultValue","type","schema",
     * "allowedValues"}]}: the create screen; "type" is what a mapping entry's "type" would be, null when
     * jira-bridge cannot fill the field.
     */
    @SuppressWarnings("unchecked")
    public void fieldsHttp(Exchange exchange) {
        Integration integration = integration(exchange);
        String project = project(exchange, integration);
        JiraGateway.Site site = lookup.site(integration.id());
        Map<String, Object> type = issueType(exchange, integration, site, project);
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Map<String, Object> field : ask("the create screen of " + project + "/" + type.get("name"),
                () -> site.createFields(project, String.valueOf(type.get("id"))))) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", field.getOrDefault("fieldId", field.get("key")));
            view.putAll(pick(field, "name", "required", "hasDefaultValue"));
            Map<String, Object> schema = (Map<String, Object>) field.get("schema");
            view.put("type", FieldType.ofSchema(schema).map(FieldType::apiName).orElse(null));
            view.put("schema", schema);
            if (field.get("allowedValues") instanceof List<?> allowed) {
                view.put("allowedValues", choices((List<Map<String, Object>>) allowed));
            }
            fields.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("issueType", pick(type, "id", "name"));
        body.put("fields", fields);
        ApiResponses.json(exchange, 200, body);
    }

    /**
     * {"scope","priorities":[{"id","name"}],"default"}: the project's priority scheme as its create screen lists it
     * (scope "project"), else every priority of the site (scope "site").
     */
    @SuppressWarnings("unchecked")
    public void prioritiesHttp(Exchange exchange) {
        Integration integration = integration(exchange);
        String project = project(exchange, integration);
        JiraGateway.Site site = lookup.site(integration.id());
        Map<String, Object> type = issueType(exchange, integration, site, project);
        Map<String, Object> priorityField = ask("the create screen of " + project + "/" + type.get("name"),
                () -> site.createFields(project, String.valueOf(type.get("id")))).stream()
                .filter(f -> "priority".equals(f.getOrDefault("fieldId", f.get("key")))).findFirst().orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> priorities = new ArrayList<>();
        if (priorityField != null && priorityField.get("allowedValues") instanceof List<?> allowed) {
            body.put("scope", "project");
            body.put("project", project);
            ((List<Map<String, Object>>) allowed).forEach(p -> priorities.add(pick(p, "id", "name")));
            if (priorityField.get("defaultValue") instanceof Map<?, ?> defaultValue) {
                body.put("default", pick((Map<String, Object>) defaultValue, "id", "name"));
            }
        } else {
            body.put("scope", "site");
            ask("priorities", site::priorities).forEach(p -> priorities.add(pick(p, "id", "name")));
        }
        body.put("priorities", priorities);
        ApiResponses.json(exchange, 200, body);
    }

    private Integration integration(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
    }

    private static String project(Exchange exchange, Integration integration) {
        String project = exchange.getMessage().getHeader("project", String.class);
        if (project != null && !project.isBlank()) {
            return project.strip();
        }
        if (integration.target() == null || integration.target().projectKey() == null) {
            throw new ApiException(400, "invalid_request", "give ?project=<key>",
                    List.of(ApiException.fieldProblem("project", "is required")));
        }
        return integration.target().projectKey();
    }

    /** The issue type named or numbered by ?issuetype= (default: the target's) among the project's. */
    private static Map<String, Object> issueType(Exchange exchange, Integration integration, JiraGateway.Site site,
                                                 String project) {
        String wanted = exchange.getMessage().getHeader("issuetype", String.class);
        if (wanted == null || wanted.isBlank()) {
            wanted = integration.target() == null ? null : integration.target().issueType();
        }
        if (wanted == null) {
            throw new ApiException(400, "invalid_request", "give ?issuetype=<name or id>",
                    List.of(ApiException.fieldProblem("issuetype", "is required")));
        }
        String type = wanted.strip();
        List<Map<String, Object>> types = ask("project " + project, () -> site.issueTypes(project));
        return types.stream()
                .filter(t -> type.equals(String.valueOf(t.get("id"))) || type.equalsIgnoreCase(String.valueOf(t.get("name"))))
                .findFirst()
                .orElseThrow(() -> new ApiException(404, "not_found", "project " + project + " has no issue type '"
                        + type + "'; it has " + types.stream().map(t -> String.valueOf(t.get("name"))).toList()));
    }

    private static <T> T ask(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (JiraRestException e) {
            throw JiraAnswers.asApiError(e, what);
        }
    }

    /** Options, versions and components as {id, value|name[, children]}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> choices(List<Map<String, Object>> allowed) {
        List<Map<String, Object>> choices = new ArrayList<>();
        for (Map<String, Object> choice : allowed) {
            Map<String, Object> view = pick(choice, "id", "value", "name", "key");
            if (choice.get("children") instanceof List<?> children) {
                view.put("children", choices((List<Map<String, Object>>) children));
            }
            choices.add(view);
        }
        return choices;
    }

    private static Map<String, Object> pick(Map<String, Object> source, String... keys) {
        Map<String, Object> picked = new LinkedHashMap<>();
        for (String key : keys) {
            if (source.containsKey(key)) {
                picked.put(key, source.get(key));
            }
        }
        return picked;
    }
}
