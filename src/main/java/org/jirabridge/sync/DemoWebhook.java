package org.jirabridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.routing.BridgeHeaders;

/**
 * The demo integration's admin webhook in the sandbox, registered at start-up through Jira's own admin webhook API,
 * so changes made in the sandbox come back without any setup. One with the same URL (a sandbox that outlived the
 * service, or one that kept its state in its data dir) is updated instead, so a changed secret or event list takes
 * effect and no second webhook is made. Bound as bean {@code demoWebhook}.
 */
public final class DemoWebhook {

    public static final String PATH = "/rest/webhooks/1.0/webhook";
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

    /**
     * Body in: the registered webhooks. Sets {@link #BridgeHeaders.WEBHOOK_REGISTERED} and the request: an update of the one with our URL
     * (Jira never lists a webhook's secret, so it is sent again), else a registration.
     */
    public void registrationRequest(Exchange exchange) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        String existing = body instanceof List<?> list ? list.stream()
                .filter(w -> w instanceof Map<?, ?> webhook && url.equals(webhook.get("url")))
                .map(w -> String.valueOf(((Map<?, ?>) w).get("self")))
                .findFirst().orElse(null) : null;
        message.setHeader(BridgeHeaders.WEBHOOK_REGISTERED, existing != null);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "jira-bridge demo");
        request.put("url", url);
        request.put("events", EVENTS);
        request.put("filters", Map.of("issue-related-events-section", "project = " + projectKey));
        request.put("excludeBody", false);
        if (signed) {
            request.put("secret", secret);
        }
        message.setHeader(JiraRestConstants.JIRA_METHOD, existing != null ? "PUT" : "POST");
        // the webhook's own address ends in its id (Jira's list gives the address, "self", not a separate id)
        message.setHeader(JiraRestConstants.JIRA_PATH, existing != null
                ? PATH + existing.substring(existing.lastIndexOf('/')) : PATH);
        message.setBody(request);
    }

    /** Where the demo's webhooks go, without the token a Server URL carries. */
    public String receiver() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
