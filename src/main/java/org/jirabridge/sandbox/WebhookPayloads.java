package org.jirabridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Webhook bodies shaped like Jira's (compare the real captures in src/test/resources/jira-samples/webhooks): the
 * REST v2 representation on both deployments (comment bodies are strings), {@code timestamp} in epoch milliseconds,
 * the acting {@code user}, the full {@code issue} for issue events and a short one for comment events, and a
 * {@code changelog} with an id for updates. Cloud adds {@code matchedWebhookIds}.
 */
final class WebhookPayloads {

    private static final java.util.List<String> COMMENT_EVENT_ISSUE_FIELDS = java.util.List.of("summary", "issuetype",
            "project", "assignee", "priority", "status");

    private WebhookPayloads() {
    }

    static ObjectNode render(WebhookEvent event, long webhookId, long changelogId, SandboxState state,
                             String baseUrl) {
        JiraViews views = new JiraViews(state, baseUrl, "2");
        ObjectNode body = Json.object().put("timestamp", event.timestamp().toEpochMilli())
                .put("webhookEvent", event.name());
        boolean commentEvent = event.name().startsWith("comment_");
        if (event.typeName() != null) {
            body.put("issue_event_type_name", event.typeName());
        }
        if (!commentEvent && event.user() != null) {
            body.set("user", views.userRef(event.user()));
        }
        if (event.comment() != null) {
            body.set("comment", views.comment(event.issue(), event.comment()));
        }
        FieldSelection fields = commentEvent
                ? FieldSelection.parse(COMMENT_EVENT_ISSUE_FIELDS, "*all")
                : FieldSelection.parse(java.util.List.of(), "*all");
        ObjectNode issue = views.issue(event.issue(), fields, java.util.List.of());
        issue.remove("expand");
        body.set("issue", issue);
        if (event.changelog() != null && !event.changelog().isEmpty()) {
            ObjectNode changelog = body.putObject("changelog");
            changelog.put("id", String.valueOf(changelogId));
            changelog.set("items", event.changelog().deepCopy());
        }
        if (state.flavour() == Flavour.CLOUD) {
            body.putArray("matchedWebhookIds").add(webhookId);
        }
        return body;
    }
}
