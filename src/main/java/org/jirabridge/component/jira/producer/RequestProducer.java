package org.jirabridge.component.jira.producer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraHeaders;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestEndpoint;
import org.jirabridge.component.jira.client.JiraPaths;
import org.jirabridge.component.jira.client.JiraResponse;
import org.jirabridge.component.jira.client.JiraRestClient;
import org.jirabridge.component.jira.client.Json;

/**
 * {@code request}: any REST path of the connection's site with its credentials. Headers CamelJiraMethod/JiraMethod
 * (default GET) and CamelJiraPath/JiraPath (absolute, e.g. {@code /rest/agile/1.0/board?startAt=0}, already
 * URL-encoded; it cannot leave the site). Body: a Map or List sent as JSON, a String sent as is (JSON), nothing for
 * GET/DELETE. Result: the answer parsed from JSON (Map/List) or its text; with CamelJiraResponseTree true, a Jackson
 * JsonNode read as the answer arrives. CamelJiraResponseCode holds the status.
 */
public class RequestProducer extends JiraRestProducer {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Set<String> WITHOUT_BODY = Set.of("GET", "DELETE");

    public RequestProducer(JiraRestEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void invoke(Exchange exchange, JiraRestClient client, JiraHeaders headers) {
        String method = headers.text(JiraRestConstants.JIRA_METHOD);
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("Unsupported method " + method + "; use one of " + METHODS);
        }
        String path = JiraPaths.checkRawPath(headers.required(JiraRestConstants.JIRA_PATH, "the REST path to call"));
        Message message = exchange.getMessage();
        Object body = WITHOUT_BODY.contains(method) ? null : message.getBody();
        String json;
        if (body == null) {
            json = null;
        } else if (body instanceof String text) {
            json = text;
        } else if (body instanceof byte[] bytes) {
            json = new String(bytes, StandardCharsets.UTF_8);
        } else if (body instanceof Map<?, ?> || body instanceof Iterable<?>) {
            json = Json.write(body);
        } else {
            json = message.getBody(String.class);
        }
        boolean tree = Boolean.TRUE.equals(message.getHeader(JiraRestConstants.RESPONSE_TREE, Boolean.class));
        JiraResponse response = client.send(method, path, Map.of(), json == null ? null : client.jsonBody(json),
                Map.of(), tree);
        message.setHeader(JiraRestConstants.RESPONSE_CODE, response.status());
        if (tree) {
            message.setBody(response.tree() != null ? response.tree() : Json.treeOrText(response.body()));
        } else {
            message.setBody(Json.readOrText(response.body()));
        }
    }
}
