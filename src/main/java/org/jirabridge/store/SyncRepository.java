package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the two-way sync stores about a report's Jira issue: its fields, the per-field guard state, its comments and
 * the polling cursors. Methods taking a Connection run inside the caller's transaction.
 */
public final class SyncRepository {

    /** A report linked to a Jira issue, as the apply rules need it. */
    public record LinkedReport(String id, String integrationId, String priority, String jiraKey, String jiraId,
                               String jiraUrl, String jiraStatus, String jiraStatusCategory, String jiraPriority,
                               String jiraResolution, String jiraAssignee, OffsetDateTime jiraDeletedAt) {
    }

    /** The guard state of one field: the Jira time of the value shown, and the value we last sent. */
    public record FieldState(OffsetDateTime appliedAt, String pushedValue) {
    }

    /** A comment row that came from Jira. */
    public record JiraComment(long id, String jiraId, String author, String body, OffsetDateTime createdAt,
                              OffsetDateTime updatedAt, OffsetDateTime deletedAt) {
    }

    /** The issue details the report view shows beyond V1's columns. */
    public record JiraDetails(String statusCategory, String resolution, String assignee, OffsetDateTime deletedAt) {
    }

    private static final String LINKED_COLUMNS = "SELECT id, integration_id, priority, jira_key, jira_id, jira_url,"
            + " jira_status, jira_status_category, jira_priority, jira_resolution, jira_assignee, jira_deleted_at"
            + " FROM report WHERE ";
    private static final String LINKED = LINKED_COLUMNS + "integration_id = ? AND ";

    private static final String COMMENT_COLUMNS =
            "SELECT id, jira_id, author, body, created_at, updated_at, deleted_at";

    private final Database database;

    public SyncRepository(Database database) {
        this.database = database;
    }

    // ---- reports

    /**
     * The reports linked to an issue of {@code site} (normally one), found by Jira id (stable) or else by key, with
     * their rows locked until the transaction ends, so two events for one report are applied one after the other.
     * Reports linked before sites were recorded (no site) match any site.
     */
    public List<LinkedReport> lockLinked(Connection c, String integrationId, String site, String jiraId,
                                         String jiraKey) throws SQLException {
        if (jiraId != null) {
            List<LinkedReport> byId = linked(c, LINKED + SAME_SITE + "jira_id = ? ORDER BY id FOR UPDATE",
                    integrationId, site, jiraId);
            if (!byId.isEmpty()) {
                return byId;
            }
        }
        return jiraKey == null ? List.of()
                : linked(c, LINKED + SAME_SITE + "jira_key = ? ORDER BY id FOR UPDATE", integrationId, site, jiraKey);
    }

    private static final String SAME_SITE = "(jira_site IS NULL OR jira_site = ?) AND ";

    private static List<LinkedReport> linked(Connection c, String sql, String integrationId, String site, String value)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, integrationId);
            ps.setString(2, site);
            ps.setString(3, value);
            List<LinkedReport> reports = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reports.add(linkedReport(rs));
                }
            }
            return reports;
        }
    }

    /** Locks a report row for a change made through the API (same lock the apply rules take). */
    public Optional<LinkedReport> lockReport(Connection c, String reportId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LINKED_COLUMNS + "id = ? FOR UPDATE")) {
            ps.setString(1, reportId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(linkedReport(rs)) : Optional.empty();
            }
        }
    }

    /** Sets the status; an unknown category (a trimmed changelog) keeps the one known for the same status. */
    public void setStatus(Connection c, String reportId, String status, String category) throws SQLException {
        update(c, "UPDATE report SET jira_status_category = CASE WHEN CAST(? AS VARCHAR) IS NULL AND jira_status = ?"
                + " THEN jira_status_category ELSE ? END, jira_status = ?, updated_at = ? WHERE id = ?",
                reportId, category, status, category, status);
    }

    public void setJiraPriority(Connection c, String reportId, String priority) throws SQLException {
        update(c, "UPDATE report SET jira_priority = ?, updated_at = ? WHERE id = ?", reportId, priority);
    }

    public void setResolution(Connection c, String reportId, String resolution) throws SQLException {
        update(c, "UPDATE report SET jira_resolution = ?, updated_at = ? WHERE id = ?", reportId, resolution);
    }

    public void setAssignee(Connection c, String reportId, String assignee) throws SQLException {
        update(c, "UPDATE report SET jira_assignee = ?, updated_at = ? WHERE id = ?", reportId, assignee);
    }

    public void setKey(Connection c, String reportId, String key, String url) throws SQLException {
        update(c, "UPDATE report SET jira_key = ?, jira_url = ?, updated_at = ? WHERE id = ?", reportId, key, url);
    }

    public void markIssueDeleted(Connection c, String reportId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE report SET jira_deleted_at = ?, updated_at = ? WHERE id = ?")) {
            ps.setObject(1, at.atOffset(ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.now());
            ps.setString(3, reportId);
            ps.executeUpdate();
        }
    }

    /** The report's own priority; also written into the stored payload, which a later forward maps from. */
    public void setReportPriority(Connection c, String reportId, String priority) throws SQLException {
        String payload;
        try (PreparedStatement ps = c.prepareStatement("SELECT payload_json FROM report WHERE id = ?")) {
            ps.setString(1, reportId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                payload = rs.getString(1);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>(Json.readMap(payload));
        body.put("priority", priority);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE report SET priority = ?, payload_json = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, priority);
            ps.setString(2, Json.write(body));
            ps.setObject(3, OffsetDateTime.now());
            ps.setString(4, reportId);
            ps.executeUpdate();
        }
    }

    /** True while a priority set on the report waits to be pushed to Jira (or is being pushed). */
    public boolean priorityPushPending(Connection c, String reportId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE report_id = ? AND kind = ?"
                + " AND state IN ('PENDING', 'CLAIMED')")) {
            ps.setString(1, reportId);
            ps.setString(2, OutboxRepository.PRIORITY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void clearLastError(Connection c, String reportId) throws SQLException {
        update(c, "UPDATE report SET last_error = NULL, updated_at = ? WHERE id = ?", reportId);
    }

    public JiraDetails details(String reportId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT jira_status_category, jira_resolution,"
                    + " jira_assignee, jira_deleted_at FROM report WHERE id = ?")) {
                ps.setString(1, reportId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new JiraDetails(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class)) : new JiraDetails(null, null, null, null);
                }
            }
        });
    }

    // ---- per-field guard state

    public Optional<FieldState> fieldState(Connection c, String reportId, String field) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT applied_at, pushed_value FROM sync_field WHERE report_id = ? AND field = ?")) {
            ps.setString(1, reportId);
            ps.setString(2, field);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new FieldState(rs.getObject(1, OffsetDateTime.class),
                        rs.getString(2))) : Optional.empty();
            }
        }
    }

    public void saveFieldState(Connection c, String reportId, String field, FieldState state) throws SQLException {
        // callers hold the report's row lock, so update-else-insert cannot race (portable: H2 and PostgreSQL 14)
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sync_field SET applied_at = ?, pushed_value = ? WHERE report_id = ? AND field = ?")) {
            ps.setObject(1, state.appliedAt());
            ps.setString(2, state.pushedValue());
            ps.setString(3, reportId);
            ps.setString(4, field);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync_field (report_id, field, applied_at, pushed_value) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, reportId);
            ps.setString(2, field);
            ps.setObject(3, state.appliedAt());
            ps.setString(4, state.pushedValue());
            ps.executeUpdate();
        }
    }

    // ---- comments from Jira

    public Optional<JiraComment> jiraComment(Connection c, String reportId, String jiraId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COMMENT_COLUMNS
                + " FROM report_comment WHERE report_id = ? AND jira_id = ?")) {
            ps.setString(1, reportId);
            ps.setString(2, jiraId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(comment(rs)) : Optional.empty();
            }
        }
    }

    /** Comments from Jira that are not deleted. */
    public List<JiraComment> liveJiraComments(Connection c, String reportId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COMMENT_COLUMNS
                + " FROM report_comment WHERE report_id = ? AND jira_id IS NOT NULL AND deleted_at IS NULL")) {
            ps.setString(1, reportId);
            List<JiraComment> comments = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    comments.add(comment(rs));
                }
            }
            return comments;
        }
    }

    public void insertJiraComment(Connection c, String reportId, String jiraId, String author, String body,
                                  Instant created, Instant updated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_comment (report_id, jira_id, author, body,"
                + " source, created_at, updated_at) VALUES (?, ?, ?, ?, 'jira', ?, ?)")) {
            ps.setString(1, reportId);
            ps.setString(2, jiraId);
            ps.setString(3, author);
            ps.setString(4, body);
            ps.setObject(5, utc(created != null ? created : updated != null ? updated : Instant.now()));
            ps.setObject(6, updated == null ? null : utc(updated));
            ps.executeUpdate();
        }
    }

    public void updateJiraComment(Connection c, long rowId, String author, String body, Instant updated)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE report_comment SET author = ?, body = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, author);
            ps.setString(2, body);
            ps.setObject(3, updated == null ? null : utc(updated));
            ps.setLong(4, rowId);
            ps.executeUpdate();
        }
    }

    /** Marks a comment deleted, creating the tombstone when the comment was never seen. */
    public void tombstone(Connection c, String reportId, String jiraId, Instant at) throws SQLException {
        Optional<JiraComment> existing = jiraComment(c, reportId, jiraId);
        OffsetDateTime when = utc(at != null ? at : Instant.now());
        if (existing.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE report_comment SET deleted_at = ?, body = NULL WHERE id = ? AND deleted_at IS NULL")) {
                ps.setObject(1, when);
                ps.setLong(2, existing.get().id());
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_comment (report_id, jira_id, source,"
                + " created_at, deleted_at) VALUES (?, ?, 'jira', ?, ?)")) {
            ps.setString(1, reportId);
            ps.setString(2, jiraId);
            ps.setObject(3, when);
            ps.setObject(4, when);
            ps.executeUpdate();
        }
    }

    // ---- polling cursors

    public Optional<OffsetDateTime> cursor(String integrationId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT updated_after FROM sync_cursor WHERE integration_id = ?")) {
                ps.setString(1, integrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
                }
            }
        });
    }

    /** When a poll of the integration last succeeded (its cursor was confirmed or moved on). */
    public Optional<OffsetDateTime> lastPolled(String integrationId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT polled_at FROM sync_cursor WHERE integration_id = ?")) {
                ps.setString(1, integrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
                }
            }
        });
    }

    /** Moves the cursor forward (never back) after a poll's results were applied. */
    public void advanceCursor(String integrationId, Instant updatedAfter) {
        database.inTransaction(c -> {
            OffsetDateTime value = utc(updatedAfter);
            // one poll of an integration runs at a time across nodes (clustered Quartz): update, else insert
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_cursor SET updated_after ="
                    + " GREATEST(updated_after, ?), polled_at = ? WHERE integration_id = ?")) {
                ps.setObject(1, value);
                ps.setObject(2, OffsetDateTime.now());
                ps.setString(3, integrationId);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_cursor (integration_id, updated_after, polled_at) VALUES (?, ?, ?)")) {
                ps.setString(1, integrationId);
                ps.setObject(2, value);
                ps.setObject(3, OffsetDateTime.now());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** When the integration's oldest report that reached Jira was created: where a first poll starts. */
    public Optional<OffsetDateTime> oldestLinkedReport(String integrationId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(created_at) FROM report"
                    + " WHERE integration_id = ? AND jira_key IS NOT NULL AND jira_deleted_at IS NULL")) {
                ps.setString(1, integrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
                }
            }
        });
    }

    private static LinkedReport linkedReport(ResultSet rs) throws SQLException {
        return new LinkedReport(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getObject(12, OffsetDateTime.class));
    }

    private static JiraComment comment(ResultSet rs) throws SQLException {
        return new JiraComment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                rs.getObject(7, OffsetDateTime.class));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Runs an UPDATE whose parameters are the values, then updated_at, then the report id. */
    private static void update(Connection c, String sql, String reportId, String... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String value : values) {
                ps.setString(i++, value);
            }
            ps.setObject(i++, OffsetDateTime.now());
            ps.setString(i, reportId);
            ps.executeUpdate();
        }
    }
}
