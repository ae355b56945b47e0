package org.jirabridge.store;

/**
 * One claimed unit of work: forward a report (kind FORWARD) or push its priority to Jira (kind PRIORITY);
 * {@code claims} counts how often it was claimed, this claim included.
 */
public record OutboxTask(long id, String reportId, String kind, int claims) {
}
