package org.jirabridge.component.jira.producer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraPaths;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/**
 * {@code addIssue}: POST /issue. Body either a Map holding the create payload ({@code fields}, {@code update},
 * {@code properties}...; used as is, headers only fill missing fields) or a String description (camel-jira style,
 * every other field from headers). Result: Jira's answer {@code {id,key,self}} as body; CamelJiraIssueKey/IssueKey,
 * CamelJiraIssueId/IssueId and CamelJiraIssueUrl set. Watchers from CamelJiraIssueWatchersAdd are added afterwards.
 * Missing required fields are left to Jira, whose 400 names them (JiraRestException INVALID with errors()).
 */
public class AddIssueProducer extends JiraRestProducer {

    public AddIssueProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        Map<String, Object> payload = Payloads.copyOrEmpty(body);
        Map<String, Object> fields = Payloads.object(payload, "fields");
        IssueFieldHeaders.fill(fields, headers, client.isCloud(), true);
        if (!(body instanceof Map)) {
            IssueFieldHeaders.description(fields, message.getBody(String.class), client.isCloud());
        }
        Map<String, Object> created = Json.map(client.post(client.api("/issue"), Map.of(), payload));
        String key = String.valueOf(created.get("key"));
        headers.set(JiraRestConstants.ISSUE_KEY, key);
        headers.set(JiraRestConstants.ISSUE_ID, String.valueOf(created.get("id")));
        headers.set(JiraRestConstants.ISSUE_URL, client.browseUrl(key));
        for (String watcher : headers.list(JiraRestConstants.ISSUE_WATCHERS_ADD)) {
            // the body is a bare JSON string: accountId on Cloud, user name on Server/DC
            client.post(client.api("/issue/" + JiraPaths.segment(key) + "/watchers"), Map.of(), Json.write(watcher));
        }
        message.setBody(created);
    }
}
