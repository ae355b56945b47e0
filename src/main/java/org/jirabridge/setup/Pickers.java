package org.jirabridge.setup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jirabridge.api.ApiException;
import org.jirabridge.component.jira.Deployment;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.gateway.JiraGateway;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.mapping.FieldType;

/**
 * GET /api/v1/integrations/{id}/projects|issuetypes|assignees|fields|priorities: what an integration's Jira offers,
 * to fill in {@code target} and {@code mapping}. Project and issue type default to the integration's target.
 * Called by {@code IntegrationsResource}.
 */
public final class Pickers {

    private final Integrations integrations;
    private final JiraGateway lookup;

    public Pickers(Integrations integrations, JiraGateway lookup) {
        this.integrations = integrations;
        this.lookup = lookup;
    }

    /** {"projects":[{"id","key","name"}]} */
    public IntegrationsResource.ProjectChoices projects(String id) {
        Integration integration = integration(id);
        List<IntegrationsResource.ProjectChoice> projects = new ArrayList<>();
        for (Map<String, Object> project : ask("projects", () -> lookup.site(integration.id()).projects())) {
            projects.add(new IntegrationsResource.ProjectChoice(text(project, "id"), text(project, "key"),
                    text(project, "name")));
        }
        return new IntegrationsResource.ProjectChoices(projects);
    }

    /**
     * {"project","issueTypes":[{"id","name","subtask"}]}: the types an issue can be created with; {@code project}
     * (null: the target's) is a project key.
     */
    public IntegrationsResource.IssueTypeChoices issueTypes(String id, String project) {
        Integration integration = integration(id);
        String key = project(project, integration);
        List<IntegrationsResource.IssueTypeChoice> types = new ArrayList<>();
        for (Map<String, Object> type : ask("project " + key, () -> lookup.site(integration.id()).issueTypes(key))) {
            types.add(new IntegrationsResource.IssueTypeChoice(text(type, "id"), text(type, "name"),
                    (Boolean) type.get("subtask")));
        }
        return new IntegrationsResource.IssueTypeChoices(key, types);
    }

    /** {"project","assignees":[{"assignee", "displayName", …}]}: "assignee" is the value for target.assignee. */
    public IntegrationsResource.AssigneeChoices assignees(String id, String project) {
        Integration integration = integration(id);
        String key = project(project, integration);
        JiraGateway.Site site = lookup.site(integration.id());
        List<Map<String, Object>> users = ask("project " + key, () -> site.assignableUsers(key));
        // Cloud knows people by accountId, Server/DC by user name
        String assignee = site.deployment() == Deployment.SERVER ? "name" : "accountId";
        List<IntegrationsResource.AssigneeChoice> assignees = new ArrayList<>();
        for (Map<String, Object> user : users) {
            assignees.add(new IntegrationsResource.AssigneeChoice(text(user, assignee), text(user, "displayName"),
                    text(user, "emailAddress"), (Boolean) user.get("active")));
        }
        return new IntegrationsResource.AssigneeChoices(key, assignees);
    }

    /**
     * {"project","issueType":{"id","name"},"fields":[{"id","name","required","hasDefaultValue","type","schema",
     * "allowedValues"}]}: the create screen; "type" is what a mapping entry's "type" would be, null when
     * jira-bridge cannot fill the field. {@code issueType} (null: the target's) is an id or a name.
     */
    @SuppressWarnings("unchecked")
    public IntegrationsResource.FieldChoices fields(String id, String project, String issueType) {
        Integration integration = integration(id);
        String key = project(project, integration);
        JiraGateway.Site site = lookup.site(integration.id());
        Map<String, Object> type = issueType(issueType, integration, site, key);
        List<IntegrationsResource.FieldChoice> fields = new ArrayList<>();
        for (Map<String, Object> field : ask("the create screen of " + key + "/" + type.get("name"),
                () -> site.createFields(key, String.valueOf(type.get("id"))))) {
            Map<String, Object> schema = (Map<String, Object>) field.get("schema");
            Object fieldId = field.getOrDefault("fieldId", field.get("key"));
            fields.add(new IntegrationsResource.FieldChoice(fieldId == null ? null : String.valueOf(fieldId),
                    text(field, "name"), (Boolean) field.get("required"), (Boolean) field.get("hasDefaultValue"),
                    FieldType.ofSchema(schema).map(FieldType::apiName).orElse(null), schema,
                    field.get("allowedValues") instanceof List<?> allowed
                            ? choices((List<Map<String, Object>>) allowed) : null));
        }
        return new IntegrationsResource.FieldChoices(key, pick(type, "id", "name"), fields);
    }

    /**
     * {"scope","priorities":[{"id","name"}],"default"}: the project's priority scheme as its create screen lists it
     * (scope "project"), else every priority of the site (scope "site").
     */
    @SuppressWarnings("unchecked")
    public IntegrationsResource.PriorityChoices priorities(String id, String project, String issueType) {
        Integration integration = integration(id);
        String key = project(project, integration);
        JiraGateway.Site site = lookup.site(integration.id());
        Map<String, Object> type = issueType(issueType, integration, site, key);
        Map<String, Object> priorityField = ask("the create screen of " + key + "/" + type.get("name"),
                () -> site.createFields(key, String.valueOf(type.get("id")))).stream()
                .filter(f -> "priority".equals(f.getOrDefault("fieldId", f.get("key")))).findFirst().orElse(null);
        List<Map<String, Object>> priorities = new ArrayList<>();
        if (priorityField != null && priorityField.get("allowedValues") instanceof List<?> allowed) {
            ((List<Map<String, Object>>) allowed).forEach(p -> priorities.add(pick(p, "id", "name")));
            Map<String, Object> defaultPriority = priorityField.get("defaultValue") instanceof Map<?, ?> defaultValue
                    ? pick((Map<String, Object>) defaultValue, "id", "name") : null;
            return new IntegrationsResource.PriorityChoices("project", key, priorities, defaultPriority);
        }
        ask("priorities", site::priorities).forEach(p -> priorities.add(pick(p, "id", "name")));
        return new IntegrationsResource.PriorityChoices("site", null, priorities, null);
    }

    private Integration integration(String id) {
        return integrations.find(id).orElseThrow(() -> ApiException.notFound("integration", id));
    }

    private static String project(String project, Integration integration) {
        if (project != null && !project.isBlank()) {
            return project.strip();
        }
        if (integration.target() == null || integration.target().projectKey() == null) {
            throw new ApiException(400, "invalid_request", "give ?project=<key>",
                    List.of(ApiException.fieldProblem("project", "is required")));
        }
        return integration.target().projectKey();
    }

    /** The issue type named or numbered by {@code wanted} (default: the target's) among the project's. */
    private static Map<String, Object> issueType(String wanted, Integration integration, JiraGateway.Site site,
                                                 String project) {
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

    /** A text value of Jira's answer as it came (null when absent). */
    private static String text(Map<String, Object> source, String key) {
        Object value = source.get(key);
        return value == null ? null : String.valueOf(value);
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
