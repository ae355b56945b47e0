package org.jirabridge.component.jira.producer;

import java.util.List;
import java.util.Map;

import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.client.AdfDocuments;

/** Fills issue fields from camel-jira's headers; a field the payload already has is never overwritten. */
final class IssueFieldHeaders {

    private IssueFieldHeaders() {
    }

    static void fill(Map<String, Object> fields, JiraHeaders headers, boolean cloud, boolean creating) {
        if (creating) {
            String project = headers.text(JiraRestConstants.ISSUE_PROJECT_KEY);
            // camel-jira documents the header as the project's key; a numeric value can only be an id
            putAbsent(fields, "project", project == null ? null
                    : Map.of(project.chars().allMatch(Character::isDigit) ? "id" : "key", project));
        }
        String typeId = headers.text(JiraRestConstants.ISSUE_TYPE_ID);
        String typeName = headers.text(JiraRestConstants.ISSUE_TYPE_NAME);
        putAbsent(fields, "issuetype", typeId != null ? Map.of("id", typeId)
                : typeName != null ? Map.of("name", typeName) : null);
        putAbsent(fields, "summary", headers.text(JiraRestConstants.ISSUE_SUMMARY));
        String priorityId = headers.text(JiraRestConstants.ISSUE_PRIORITY_ID);
        String priorityName = headers.text(JiraRestConstants.ISSUE_PRIORITY_NAME);
        putAbsent(fields, "priority", priorityId != null ? Map.of("id", priorityId)
                : priorityName != null ? Map.of("name", priorityName) : null);
        String assignee = headers.text(JiraRestConstants.ISSUE_ASSIGNEE);
        if (assignee == null) {
            assignee = headers.text(JiraRestConstants.ISSUE_ASSIGNEE_ID);
        }
        // Cloud identifies users by accountId only (GDPR); Server/DC by user name
        putAbsent(fields, "assignee", assignee == null ? null : Map.of(cloud ? "accountId" : "name", assignee));
        List<String> components = headers.list(JiraRestConstants.ISSUE_COMPONENTS);
        putAbsent(fields, "components", components.isEmpty() ? null
                : components.stream().map(name -> Map.of("name", name)).toList());
        String parent = headers.text(JiraRestConstants.PARENT_ISSUE_KEY);
        putAbsent(fields, "parent", parent == null ? null : Map.of("key", parent));
    }

    /** A description from a plain-text body: ADF on Cloud (REST v3), the text itself (wiki markup) on Server. */
    static void description(Map<String, Object> fields, String text, boolean cloud) {
        if (text != null && !text.isBlank()) {
            putAbsent(fields, "description", cloud ? AdfDocuments.fromPlainText(text) : text);
        }
    }

    private static void putAbsent(Map<String, Object> fields, String field, Object value) {
        if (value != null && !fields.containsKey(field)) {
            fields.put(field, value);
        }
    }
}
