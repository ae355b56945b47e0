package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraRestClient;

/**
 * {@code transitionIssue}: POST /issue/{key}/transitions with the id from CamelJiraIssueTransitionId, or a Map body
 * that is the whole transition payload. As in camel-jira, a String body (or CamelJiraIssueComment) is added as a
 * comment afterwards, which works whether or not the transition has a screen.
 */
public class TransitionIssueProducer extends JiraRestProducer {

    public TransitionIssueProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String key = issueKey(headers);
        Message message = exchange.getMessage();
        Object body = message.getBody();
        Map<String, Object> payload = Payloads.copyOrEmpty(body);
        if (!payload.containsKey("transition")) {
            String transitionId = headers.required(JiraRestConstants.ISSUE_TRANSITION_ID, "the id of the transition");
            payload.put("transition", Map.of("id", transitionId));
        }
        client.post(issuePath(client, key, "/transitions"), Map.of(), payload);
        String comment = headers.text(JiraRestConstants.ISSUE_COMMENT);
        if (comment == null && !(body instanceof Map)) {
            comment = message.getBody(String.class);
        }
        if (comment != null && !comment.isBlank()) {
            client.post(issuePath(client, key, "/comment"), Map.of(), AddCommentProducer.payload(comment, client));
        }
    }
}
