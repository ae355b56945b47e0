package org.jirabridge.sync;

import java.time.Instant;

/**
 * One thing Jira says about an issue, from a webhook or a poll, in the terms the apply rules use. {@code at} is the
 * Jira time the statement is true for (null when the source does not say); the out-of-order guard compares it.
 */
public sealed interface SyncChange {

    /** Which issue: by id (stable) and key (changes when the issue moves); either may be null, not both. */
    record IssueRef(String id, String key) {
        @Override
        public String toString() {
            return key != null ? key : "issue " + id;
        }
    }

    IssueRef issue();

    Instant at();

    /** Issue fields the sync keeps, by the names used in {@code sync_field}. */
    enum Field {
        STATUS, PRIORITY, RESOLUTION, ASSIGNEE, KEY;

        String column() {
            return name().toLowerCase();
        }
    }

    /**
     * A field now has {@code value} (a display name; null when cleared). {@code valueId} is Jira's id where it has one
     * (priority id, status id); {@code category} is the status category key (new, indeterminate, done) when known.
     */
    record FieldValue(IssueRef issue, Instant at, Field field, String value, String valueId, String category)
            implements SyncChange {
    }

    /** A comment exists with this body (already Markdown); created and updated are Jira's times. */
    record CommentSeen(IssueRef issue, Instant at, String commentId, String author, String markdown, Instant created)
            implements SyncChange {
    }

    /** A comment was deleted in Jira. */
    record CommentDeleted(IssueRef issue, Instant at, String commentId) implements SyncChange {
    }

    /** The issue was deleted in Jira. */
    record IssueDeleted(IssueRef issue, Instant at) implements SyncChange {
    }
}
