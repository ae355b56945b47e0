package org.jirabridge.component.jira.producer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Pages;

/**
 * {@code assignableUsers}: GET /user/assignable/search for the project of CamelJiraIssueProjectKey or the issue of
 * CamelJiraIssueKey, all pages (bare arrays; a short page ends). Result: List of user Maps.
 */
public class AssignableUsersProducer extends JiraRestProducer {

    public AssignableUsersProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String project = headers.text(JiraRestConstants.ISSUE_PROJECT_KEY);
        String issueKey = headers.text(JiraRestConstants.ISSUE_KEY);
        if (project == null && issueKey == null) {
            throw new IllegalArgumentException("assignableUsers needs header " + JiraRestConstants.ISSUE_PROJECT_KEY
                    + " or " + JiraRestConstants.ISSUE_KEY);
        }
        exchange.getMessage().setBody(Pages.array((startAt, maxResults) -> {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put(issueKey != null ? "issueKey" : "project", issueKey != null ? issueKey : project);
            query.put("startAt", startAt);
            query.put("maxResults", maxResults);
            return client.get(client.api("/user/assignable/search"), query);
        }, configuration().getPageSize(), ALL));
    }
}
