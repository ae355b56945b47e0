package org.jirabridge.component.jira.producer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/** {@code fetchIssue}: GET /issue/{key} (options fields, expand); result: the issue as a Map. */
public class FetchIssueProducer extends JiraRestProducer {

    public FetchIssueProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("fields", configuration().getFields());
        query.put("expand", configuration().getExpand());
        exchange.getMessage().setBody(Json.map(client.get(issuePath(client, issueKey(headers), ""), query)));
    }
}
