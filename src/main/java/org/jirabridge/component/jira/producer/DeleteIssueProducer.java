package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;

/** {@code deleteIssue}: DELETE /issue/{key}; Jira refuses (400) when the issue has sub-tasks. Body unchanged. */
public class DeleteIssueProducer extends JiraRestProducer {

    public DeleteIssueProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        client.delete(issuePath(client, issueKey(headers), ""), Map.of());
    }
}
