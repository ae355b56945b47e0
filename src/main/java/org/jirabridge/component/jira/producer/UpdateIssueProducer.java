package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;

/**
 * {@code updateIssue}: PUT /issue/{key}. Body a Map {@code {"fields":{..},"update":{..}}} used as is, or a String
 * new description; headers (summary, type, priority, assignee, components) fill fields the Map lacks. The body is
 * left unchanged (Jira answers 204 without content).
 */
public class UpdateIssueProducer extends JiraRestProducer {

    public UpdateIssueProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String key = issueKey(headers);
        Message message = exchange.getMessage();
        Object body = message.getBody();
        Map<String, Object> payload = Payloads.copyOrEmpty(body);
        Map<String, Object> fields = Payloads.object(payload, "fields");
        IssueFieldHeaders.fill(fields, headers, client.isCloud(), false);
        if (!(body instanceof Map)) {
            IssueFieldHeaders.description(fields, message.getBody(String.class), client.isCloud());
        }
        if (fields.isEmpty()) {
            payload.remove("fields");
        }
        if (payload.isEmpty()) {
            throw new IllegalArgumentException("updateIssue of " + key + " has nothing to change: give a Map body with"
                    + " fields/update, a String description, or field headers");
        }
        client.put(issuePath(client, key, ""), Map.of(), payload);
    }
}
