package org.jirabridge.store;

/** One claimed unit of work: forward a report (kind FORWARD); {@code claims} counts this claim too. */
public record OutboxTask(long id, String reportId, String kind, int claims) {
}
