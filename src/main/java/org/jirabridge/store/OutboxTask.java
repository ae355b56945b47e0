package org.jirabridge.store;

/** One claimed unit of work: forward a report (kind FORWARD) or push its priority to Jira (kind PRIORITY). */
public record OutboxTask(long id, String reportId, String kind) {
}
