package org.jirabridge.routing;

import org.jirabridge.component.jira.JiraRestConstants;

/**
 * Every header and exchange property the bridge's routes and beans pass between steps, in one place: the YAML routes
 * under {@code routes/} name the same strings. Jira's own headers (camel-jira's names) belong to the jirarest component.
 */
public final class BridgeHeaders {

    // --- a report and its outbox task (intake, forwarding, priority push) ---
    public static final String REPORT_ID = "JiraBridgeReportId";
    /** The integration a task or request belongs to; the jirarest component reads it when its URI names none. */
    public static final String INTEGRATION_ID = JiraRestConstants.INTEGRATION_ID;
    public static final String OUTBOX_ID = "JiraBridgeOutboxId";
    /**
     * The outbox task's kind (FORWARD when absent): the outbox hands the task to {@code direct:outbox-<kind>}, and a
     * failed PRIORITY push leaves the report's status alone.
     */
    public static final String OUTBOX_KIND = "JiraBridgeOutboxKind";
    /** Exchange property of the outbox poll: how many tasks the last claim took (a full batch claims again). */
    public static final String CLAIMED = "JiraBridgeClaimed";
    /** Exchange property: when the task was queued, read once at its first failure. */
    public static final String QUEUED_AT = "JiraBridgeQueuedAt";
    /** true when the report still needs its Jira issue (false when a retry finds it already created). */
    public static final String NEEDS_ISSUE = "JiraBridgeNeedsIssue";
    public static final String PRIORITY = "JiraBridgePriority";
    /** true when an earlier attempt may have created the issue (a failed call, or a claim after a crash). */
    public static final String OUTCOME_UNSURE = "JiraBridgeOutcomeUnsure";
    /** Set when Jira already holds this report's issue: the create is skipped. */
    public static final String EXISTING_ISSUE = "JiraBridgeExistingIssue";
    /** Exchange property of create-issue: the create payload, kept while the look-up's answer is the body. */
    public static final String ISSUE_PAYLOAD = "JiraBridgeIssuePayload";
    public static final String PROJECT_KEY = "JiraBridgeProjectKey";
    /** The issue's key when the report had no attachments: its issue and its end were stored in one commit. */
    public static final String FORWARDED_WITH_ISSUE = "JiraBridgeForwardedWithIssue";
    /** Exchange property with the report's attachments; the route loops over it. */
    public static final String ATTACHMENTS = "JiraBridgeAttachments";
    /** Exchange property: Jira field id to the part of the integration that produced it, for explaining 400s. */
    public static final String FIELD_ORIGINS = "JiraBridgeFieldOrigins";
    /** Set when an attachment is not uploaded: the text of the note added to the issue instead. */
    public static final String ATTACHMENT_NOTE = "JiraBridgeAttachmentNote";
    /** Set by the priority push when the task needs no call to Jira (done or postponed). */
    public static final String PUSH_SKIP = "JiraBridgePushSkip";
    /** The Jira priority being pushed (a name, or an id when the map names ids). */
    public static final String PUSHED_PRIORITY = "JiraBridgePushedPriority";

    // --- queue intake ---
    /** The broker's id of a queue message (set by routes/intake.camel.yaml from intake.delivery-id). */
    public static final String DELIVERY_ID = "JiraBridgeDeliveryId";
    /** On a dead-lettered queue message: why it is no valid report. */
    public static final String REJECT_REASON = "JiraBridgeRejectReason";

    // --- Jira sites (outage) ---
    /** Exchange property that lets the watch's own probe request through a PROBING site. */
    public static final String SITE_PROBE = "JiraBridgeSiteProbe";

    // --- sync: polling and webhooks ---
    /** Exchange property: the issues whose comments the poll reads. */
    public static final String COMMENT_ISSUES = "JiraBridgeCommentIssues";
    /** Exchange property: the poll's cursor once its page is applied. */
    public static final String NEXT_CURSOR = "JiraBridgeNextCursor";
    /** true when the Jira user's time zone (which JQL dates are read in) is not known yet. */
    public static final String SYNC_NEEDS_TIME_ZONE = "JiraBridgeSyncNeedsTimeZone";
    public static final String SYNC_SKIP = "JiraBridgeSyncSkip";
    /** true for a one-off catch-up poll of an integration without pollCron (see DynamicWebhookMaintenance). */
    public static final String SYNC_CATCH_UP = "JiraBridgeSyncCatchUp";
    /** Set when the demo webhook is registered already. */
    public static final String WEBHOOK_REGISTERED = "JiraBridgeWebhookRegistered";
    /** register, refresh or none. */
    public static final String DYNAMIC_WEBHOOK_ACTION = "JiraBridgeDynamicWebhookAction";
    /** true for Connect integrations, whose failed deliveries Jira lists. */
    public static final String FETCH_FAILED = "JiraBridgeFetchFailed";
    /** true while more failed deliveries may follow. */
    public static final String FAILED_MORE = "JiraBridgeFailedMore";
    /** Exchange property: Jira's clock as its serverInfo told, for the failed-deliveries window. */
    public static final String JIRA_NOW = "JiraBridgeJiraNow";

    // --- ingestion ---
    public static final String INGEST_SKIP = "JiraBridgeIngestSkip";
    public static final String INGEST_PROJECT = "JiraBridgeIngestProject";
    public static final String INGEST_MORE = "JiraBridgeIngestMore";
    public static final String INGEST_DETAIL_MORE = "JiraBridgeIngestDetailMore";
    /** true when the run goes round again (projects switched on while it ran). */
    public static final String INGEST_AGAIN = "JiraBridgeIngestAgain";
    /** true when this run reads the site's reference data (server info, zone, fields, statuses, users, sprints). */
    public static final String INGEST_REFERENCE = "JiraBridgeIngestReference";
    /** true when the project's count, boards and sprints are read (its first import, or a reference run). */
    public static final String INGEST_PROJECT_REFERENCE = "JiraBridgeIngestProjectReference";
    public static final String INGEST_SITE = "JiraBridgeIngestSite";
    public static final String INGEST_RUN = "JiraBridgeIngestRun";

    private BridgeHeaders() {
    }
}
