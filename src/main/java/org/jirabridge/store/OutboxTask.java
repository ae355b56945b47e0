package org.jirabridge.store;

/** One claimed unit of work: forward a report (kind FORWARD). */
public record OutboxTask(long id, String reportId, String kind) {
}
