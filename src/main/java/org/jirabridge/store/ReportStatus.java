package org.jirabridge.store;

/** Where a report is on its way to Jira (public API values). */
public enum ReportStatus {
    RECEIVED,
    FORWARDING,
    FORWARDED,
    FAILED,
    AWAITING_CREDENTIALS
}
