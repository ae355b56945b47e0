package org.jirabridge.forward;

/** Exchange headers the forwarding routes use between their steps. */
public final class ForwardHeaders {
    public static final String REPORT_ID = "JiraBridgeReportId";
    public static final String INTEGRATION_ID = "JiraBridgeIntegrationId";
    public static final String OUTBOX_ID = "JiraBridgeOutboxId";
    /** The outbox task's kind (FORWARD when absent): a failed PRIORITY push leaves the report's status alone. */
    public static final String OUTBOX_KIND = "JiraBridgeOutboxKind";
    /** true when the report still needs its Jira issue (false when a retry finds it already created). */
    public static final String NEEDS_ISSUE = "JiraBridgeNeedsIssue";
    public static final String PRIORITY = "JiraBridgePriority";
    /** true when an earlier attempt may have created the issue (a failed call, or a claim after a crash). */
    public static final String OUTCOME_UNSURE = "JiraBridgeOutcomeUnsure";
    /** Set when Jira already holds this report's issue: the create is skipped. */
    public static final String EXISTING_ISSUE = "JiraBridgeExistingIssue";
    public static final String PROJECT_KEY = "JiraBridgeProjectKey";

    private ForwardHeaders() {
    }
}
