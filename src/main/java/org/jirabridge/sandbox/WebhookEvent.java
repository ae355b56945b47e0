package org.jirabridge.sandbox;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Something a user did through the REST API that Jira announces to webhooks: {@code name} is the webhookEvent
 * (jira:issue_updated, comment_created, …), {@code typeName} the issue_event_type_name of issue events.
 * {@code changelog} and {@code comment} are null when the event has none.
 */
record WebhookEvent(String name, String typeName, SandboxIssue issue, SandboxUser user, ArrayNode changelog,
                    SandboxComment comment, Instant timestamp) {

    static final String ISSUE_CREATED = "jira:issue_created";
    static final String ISSUE_UPDATED = "jira:issue_updated";
    static final String ISSUE_DELETED = "jira:issue_deleted";
    static final String COMMENT_CREATED = "comment_created";
    static final String COMMENT_UPDATED = "comment_updated";
    static final String COMMENT_DELETED = "comment_deleted";
}
