package org.jirabridge.component.jira.producer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;

/**
 * {@code myPermissions}: GET /mypermissions for the keys in CamelJiraPermissions (Cloud requires some; default: what
 * jira-bridge needs), in the project of CamelJiraIssueProjectKey or the issue of CamelJiraIssueKey when given.
 * Result: Map {@code {"permissions":{KEY:{havePermission...}}}}.
 */
public class MyPermissionsProducer extends JiraRestProducer {

    static final String DEFAULT_PERMISSIONS = "BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ADD_COMMENTS,"
            + "CREATE_ATTACHMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES";

    public MyPermissionsProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String permissions = headers.text(JiraRestConstants.PERMISSIONS);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("permissions", permissions == null ? DEFAULT_PERMISSIONS : permissions.replace(" ", ""));
        query.put("projectKey", headers.text(JiraRestConstants.ISSUE_PROJECT_KEY));
        query.put("issueKey", headers.text(JiraRestConstants.ISSUE_KEY));
        exchange.getMessage().setBody(client.get(client.api("/mypermissions"), query));
    }
}
