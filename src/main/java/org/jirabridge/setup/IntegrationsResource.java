package org.jirabridge.setup;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jirabridge.integration.Integration;

/** The JSON shapes of /api/v1/integrations and of the setup operations below it (docs/setup.md). */
public final class IntegrationsResource {

    private IntegrationsResource() {
    }

    /**
     * POST and PUT: an integration. {@code connection} holds the fields of its authentication type (docs/auth.md),
     * secrets included; {@code sync} the switches, webhook secret and poll schedule (docs/sync.md). PATCH sends any
     * part of it as a JSON merge patch.
     */
    public record IntegrationRequest(String id, String name, @JsonProperty("default") Boolean isDefault,
                                     Map<String, Object> connection, Integration.Target target,
                                     Integration.Mapping mapping, Map<String, Object> sync) {
    }

    /** An integration as the API shows it: secrets as {@code ********}; targetCheck only in a save's answer. */
    public record IntegrationView(String id, String name, @JsonProperty("default") boolean isDefault,
                                  Map<String, Object> connection, Integration.Target target,
                                  Integration.Mapping mapping, Map<String, Object> sync,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> targetCheck) {
    }

    public record IntegrationList(List<IntegrationView> integrations) {
    }

    /** A Jira project to pick. */
    public record ProjectChoice(String id, String key, String name) {
    }

    public record ProjectChoices(List<ProjectChoice> projects) {
    }

    public record IssueTypeChoice(String id, String name, Boolean subtask) {
    }

    public record IssueTypeChoices(String project, List<IssueTypeChoice> issueTypes) {
    }

    /** {@code assignee} is the value for target.assignee (accountId on Cloud, user name on Server/DC). */
    public record AssigneeChoice(String assignee, String displayName, String emailAddress, Boolean active) {
    }

    public record AssigneeChoices(String project, List<AssigneeChoice> assignees) {
    }

    /** A field of the create screen; {@code type} is a mapping entry's type, null when it cannot be filled. */
    public record FieldChoice(String id, String name, Boolean required, Boolean hasDefaultValue, String type,
                              Map<String, Object> schema, List<Map<String, Object>> allowedValues) {
    }

    public record FieldChoices(String project, Map<String, Object> issueType, List<FieldChoice> fields) {
    }

    /** The project's priority scheme (scope "project") or every priority of the site (scope "site"). */
    public record PriorityChoices(String scope, String project, List<Map<String, Object>> priorities,
                                  @JsonProperty("default") Map<String, Object> defaultPriority) {
    }

    /** 201: the test issue created through the full mapping; skipped names entries that were left out. */
    public record TestIssueCreated(String key, String id, String url, String summary, List<String> fields,
                                   List<Map<String, Object>> skipped) {
    }

    /** The connection check: ok / warning / error items, each with a remedy. */
    public record ConnectionCheckResult(String integrationId, String status, String checkedAt,
                                        List<ConnectionCheck.Item> items) {
    }
}
