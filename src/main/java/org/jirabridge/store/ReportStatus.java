package org.jirabridge.store;

/** Where a report is on its way to Jira (public API values). */
public enum ReportStatus {
    RECEIVED,
    FORWARDING,
    FORWARDED,
    FAILED,
    AWAITING_CREDENTIALS,
    /** Its Jira site is marked down: it waits, with no attempts spent, and forwards when the site is back. */
    WAITING_FOR_JIRA
}
