package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/**
 * {@code watchers} (camel-jira's operation): adds CamelJiraIssueWatchersAdd and removes CamelJiraIssueWatchersRemove;
 * users are accountIds on Cloud and user names on Server/DC. Body unchanged.
 */
public class WatchersProducer extends JiraRestProducer {

    public WatchersProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String path = issuePath(client, issueKey(headers), "/watchers");
        for (String watcher : headers.list(JiraRestConstants.ISSUE_WATCHERS_ADD)) {
            client.post(path, Map.of(), Json.write(watcher));
        }
        for (String watcher : headers.list(JiraRestConstants.ISSUE_WATCHERS_REMOVE)) {
            client.delete(path, Map.of(client.isCloud() ? "accountId" : "username", watcher));
        }
    }
}
