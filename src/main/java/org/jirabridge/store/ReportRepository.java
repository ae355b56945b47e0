package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes report rows and their comments. */
public final class ReportRepository {

    private static final String COLUMNS = "id, integration_id, external_id, type, priority, title, payload_json, status,"
            + " jira_key, jira_id, jira_url, jira_status, jira_priority, attempts, last_error, created_at, updated_at";

    private final Database database;

    public ReportRepository(Database database) {
        this.database = database;
    }

    /** Inserts a new report; runs inside the caller's transaction. */
    public void insert(Connection c, StoredReport r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.integrationId());
            ps.setString(3, r.externalId());
            ps.setString(4, r.type());
            ps.setString(5, r.priority());
            ps.setString(6, r.title());
            ps.setString(7, r.payloadJson());
            ps.setString(8, r.status().name());
            ps.setString(9, r.jiraKey());
            ps.setString(10, r.jiraId());
            ps.setString(11, r.jiraUrl());
            ps.setString(12, r.jiraStatus());
            ps.setString(13, r.jiraPriority());
            ps.setInt(14, r.attempts());
            ps.setString(15, r.lastError());
            ps.setObject(16, r.createdAt());
            ps.setObject(17, r.updatedAt());
            ps.executeUpdate();
        }
    }

    public Optional<StoredReport> find(String id) {
        return database.inTransaction(c -> find(c, id));
    }

    public Optional<StoredReport> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM report WHERE id = ?")) {
            ps.setString(1, id);
            return first(ps);
        }
    }

    public Optional<StoredReport> findByExternalId(Connection c, String integrationId, String externalId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM report WHERE integration_id = ? AND external_id = ?")) {
            ps.setString(1, integrationId);
            ps.setString(2, externalId);
            return first(ps);
        }
    }

    /** The report a broker message already created: its redelivery (after a lost acknowledgement) finds it here. */
    public Optional<StoredReport> findByDelivery(Connection c, String deliveryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM report WHERE delivery_id = ?")) {
            ps.setString(1, deliveryId);
            return first(ps);
        }
    }

    /** Notes which broker message a report came from, in the transaction that stores it. */
    public void recordDelivery(Connection c, String reportId, String deliveryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE report SET delivery_id = ? WHERE id = ?")) {
            ps.setString(1, deliveryId);
            ps.setString(2, reportId);
            ps.executeUpdate();
        }
    }

    public void updateStatus(String id, ReportStatus status, String lastError) {
        database.inTransaction(c -> {
            updateStatus(c, id, status, lastError);
            return null;
        });
    }

    public void updateStatus(Connection c, String id, ReportStatus status, String lastError) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE report SET status = ?, last_error = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, lastError);
            ps.setObject(3, OffsetDateTime.now());
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    /** Keeps the reason of a failure that does not change where the report is (e.g. a priority push). */
    public void setLastError(Connection c, String id, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE report SET last_error = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, error);
            ps.setObject(2, OffsetDateTime.now());
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /** Counts one call to Jira that failed, keeping the reason. */
    public void recordFailedAttempt(String id, String error) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE report SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, error);
                ps.setObject(2, OffsetDateTime.now());
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Stores the Jira issue a report became, before its attachments go up; runs inside the caller's transaction. */
    public void recordIssue(Connection c, String id, String key, String jiraId, String url, String jiraPriority)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE report SET jira_key = ?, jira_id = ?, jira_url = ?,"
                + " jira_priority = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, key);
            ps.setString(2, jiraId);
            ps.setString(3, url);
            ps.setString(4, jiraPriority);
            ps.setObject(5, OffsetDateTime.now());
            ps.setString(6, id);
            ps.executeUpdate();
        }
    }

    /** The report reached Jira: counts the successful attempt and clears the last error. */
    public void markForwarded(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE report SET status = ?, attempts = attempts + 1,"
                + " last_error = NULL, updated_at = ? WHERE id = ?")) {
            ps.setString(1, ReportStatus.FORWARDED.name());
            ps.setObject(2, OffsetDateTime.now());
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /** Comments on a report (deleted ones left out), oldest first, as maps ready for the API. */
    public List<java.util.Map<String, Object>> comments(String reportId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT author, body, source, created_at, jira_id,"
                    + " updated_at FROM report_comment WHERE report_id = ? AND deleted_at IS NULL"
                    + " ORDER BY created_at, id")) {
                ps.setString(1, reportId);
                List<java.util.Map<String, Object>> comments = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        java.util.Map<String, Object> comment = new java.util.LinkedHashMap<>();
                        comment.put("author", rs.getString(1));
                        comment.put("body", rs.getString(2));
                        comment.put("source", rs.getString(3));
                        comment.put("createdAt", rs.getObject(4, OffsetDateTime.class).toString());
                        comment.put("jiraId", rs.getString(5));
                        OffsetDateTime updated = rs.getObject(6, OffsetDateTime.class);
                        comment.put("updatedAt", updated == null ? null : updated.toString());
                        comments.add(comment);
                    }
                }
                return comments;
            }
        });
    }


    private static Optional<StoredReport> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static StoredReport map(ResultSet rs) throws SQLException {
        return new StoredReport(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), ReportStatus.valueOf(rs.getString(8)), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14),
                rs.getString(15), rs.getObject(16, OffsetDateTime.class), rs.getObject(17, OffsetDateTime.class));
    }
}
