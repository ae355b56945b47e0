package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.AdfDocuments;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/**
 * {@code addComment}: POST /issue/{key}/comment. Body: comment text (ADF paragraphs on Cloud, wiki markup on
 * Server), an ADF document Map, or a Map that is the whole comment payload ({@code body}, {@code visibility}...).
 * Result: the created comment as a Map.
 */
public class AddCommentProducer extends JiraRestProducer {

    public AddCommentProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String key = issueKey(headers);
        Message message = exchange.getMessage();
        Object body = message.getBody();
        Map<String, Object> payload;
        if (body instanceof Map<?, ?> map && map.containsKey("body")) {
            payload = Json.copy(map);
        } else if (AdfDocuments.isDocument(body)) {
            payload = Map.of("body", body);
        } else {
            String text = message.getBody(String.class);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("addComment needs the comment text as body");
            }
            payload = payload(text, client);
        }
        message.setBody(Json.map(client.post(issuePath(client, key, "/comment"), Map.of(), payload)));
    }

    static Map<String, Object> payload(String text, JiraRestClient client) {
        return Map.of("body", client.isCloud() ? AdfDocuments.fromPlainText(text) : text);
    }
}
