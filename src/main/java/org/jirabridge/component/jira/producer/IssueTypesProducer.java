package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/**
 * {@code issueTypes}: with CamelJiraIssueProjectKey, the types an issue can be created with in that project (create
 * metadata, all pages, old form on Server/DC before 8.4); without, every issue type (GET /issuetype).
 * Result: List of issue type Maps.
 */
public class IssueTypesProducer extends JiraRestProducer {

    public IssueTypesProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String project = headers.text(JiraRestConstants.ISSUE_PROJECT_KEY);
        exchange.getMessage().setBody(project == null
                ? Json.list(client.get(client.api("/issuetype"), Map.of()))
                : CreateMeta.issueTypes(client, project, configuration().getPageSize()));
    }
}
