package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Pages;

/** {@code fetchComments}: GET /issue/{key}/comment, every page; result: List of comment Maps, oldest first. */
public class FetchCommentsProducer extends JiraRestProducer {

    public FetchCommentsProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String path = issuePath(client, issueKey(headers), "/comment");
        int pageSize = configuration().getPageSize();
        exchange.getMessage().setBody(Pages.offset(
                startAt -> client.get(path, Map.of("startAt", startAt, "maxResults", pageSize)), ALL, "comments"));
    }
}
