package org.jirabridge.ingest;

import java.time.Instant;
import java.util.List;

/** The rows ingestion stores, one record per table (docs/ingest.md). */
public final class IngestRows {

    private IngestRows() {
    }

    /** An issue of ingest_issue with its labels and sprint ids. */
    public record Issue(String id, String key, String project, String type, String summary, String description,
                        String statusId, String statusName, String statusCategory, String priority, String assigneeId,
                        String reporterId, Instant created, Instant updated, Instant resolved, String resolution,
                        String parentKey, List<String> labels, List<Long> sprintIds) {
    }

    public record Comment(String id, String issueId, String authorId, String body, Instant created, Instant updated) {
    }

    /** One changed field of a changelog history. */
    public record Change(String historyId, int index, String issueId, String authorId, Instant at, String field,
                         String fieldId, String from, String fromText, String to, String toText) {
    }

    public record User(String id, String displayName, String email, String timeZone, Boolean active) {
    }

    /** One search page's rows; {@code cursor} is its newest update (null for pages that must not move the cursor). */
    public record Page(List<Issue> issues, List<Comment> comments, List<Change> changes, List<User> users,
                       Instant cursor) {
    }

    public record Status(String id, String name, String categoryKey) {
    }

    public record Sprint(long id, Long boardId, String projectKey, String name, String state, Instant start,
                         Instant end, Instant complete, String goal) {
    }

    /** A project as Jira lists it. */
    public record Project(String key, String id, String name, String type, String leadId) {
        /** Service Management projects are listed but never imported. */
        public boolean processable() {
            return !"service_desk".equals(type);
        }
    }
}
