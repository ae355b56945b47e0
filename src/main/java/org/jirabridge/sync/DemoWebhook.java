package org.jirabridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraRestConstants;

/**
 * The demo integration's admin webhook in the sandbox, registered at start-up through Jira's own admin webhook API
 * (unless one with the same URL exists, e.g. in a sandbox process that outlived the service), so changes made in
 * the sandbox come back without any setup. Bound as bean {@code demoWebhook}.
 */
public final class DemoWebhook {

    public static final String PATH = "/rest/webhooks/1.0/webhook";
    /** Header set when the webhook is registered already. */
    public static final String REGISTERED = "JiraBridgeWebhookRegistered";
    static final List<String> EVENTS = List.of("jira:issue_created", "jira:issue_updated", "jira:issue_deleted",
            "comment_created", "comment_updated", "comment_deleted");

    private final String url;
    private final String secret;
    private final boolean signed;
    private final String projectKey;

    /**
     * @param receiverUrl our webhook endpoint for the demo integration
     * @param secret      the demo webhook secret (a documented fixture, not a real secret)
     * @param signed      true: Jira signs with the secret; false (Server before 10): the secret goes in the URL
     */
    public DemoWebhook(String receiverUrl, String secret, boolean signed, String projectKey) {
        this.secret = secret;
        this.signed = signed;
        this.projectKey = projectKey;
        this.url = signed ? receiverUrl : receiverUrl + "?token=" + secret;
    }

    /** Asks for the registered admin webhooks. */
    public void listRequest(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(JiraRestConstants.JIRA_METHOD, "GET");
        message.setHeader(JiraRestConstants.JIRA_PATH, PATH);
        message.setBody(null);
    }

    /** Body in: the registered webhooks. Sets {@link #REGISTERED}, or the registration request. */
    @SuppressWarnings("unchecked")
    public void registrationRequest(Exchange exchange) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        boolean registered = body instanceof List<?> list && list.stream()
                .anyMatch(w -> w instanceof Map<?, ?> webhook && url.equals(webhook.get("url")));
        message.setHeader(REGISTERED, registered);
        if (registered) {
            return;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "jira-bridge demo");
        request.put("url", url);
        request.put("events", EVENTS);
        request.put("filters", Map.of("issue-related-events-section", "project = " + projectKey));
        request.put("excludeBody", false);
        if (signed) {
            request.put("secret", secret);
        }
        message.setHeader(JiraRestConstants.JIRA_METHOD, "POST");
        message.setHeader(JiraRestConstants.JIRA_PATH, PATH);
        message.setBody(request);
    }

    /** Where the demo's webhooks go, without the token a Server URL carries. */
    public String receiver() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
