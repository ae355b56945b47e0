package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        insertAll(c, List.of(r));
    }

    /** Inserts new reports as one JDBC batch (one round trip to a server database); in the caller's transaction. */
    public void insertAll(Connection c, Collection<StoredReport> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO report (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredReport r : rows) {
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
                ps.addBatch();
            }
            ps.executeBatch();
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

    /** The reports of one integration that have these externalIds, by externalId: one query for a whole batch. */
    public Map<String, StoredReport> findByExternalIds(Connection c, String integrationId,
                                                       Collection<String> externalIds) throws SQLException {
        Map<String, StoredReport> found = new HashMap<>();
        if (externalIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM report WHERE integration_id = ?"
                + " AND external_id IN (" + SqlLists.placeholders(externalIds.size()) + ")")) {
            ps.setString(1, integrationId);
            int index = 2;
            for (String externalId : externalIds) {
                ps.setString(index++, externalId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredReport report = map(rs);
                    found.put(report.externalId(), report);
                }
            }
        }
        return found;
    }

    /**
     * The reports broker messages already created, by message id: a redelivery (after a lost acknowledgement) finds
     * its report here. One query for a whole batch.
     */
    public Map<String, StoredReport> findByDeliveries(Connection c, Collection<String> deliveryIds)
            throws SQLException {
        Map<String, StoredReport> found = new HashMap<>();
        if (deliveryIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", delivery_id FROM report"
                + " WHERE delivery_id IN (" + SqlLists.placeholders(deliveryIds.size()) + ")")) {
            int index = 1;
            for (String deliveryId : deliveryIds) {
                ps.setString(index++, deliveryId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(18), map(rs));
                }
            }
        }
        return found;
    }

    /**
     * Notes which broker message each report came from (report id to broker message id), in the transaction that
     * stores them, as one JDBC batch.
     */
    public void recordDeliveries(Connection c, Map<String, String> deliveryByReport) throws SQLException {
        if (deliveryByReport.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE report SET delivery_id = ? WHERE id = ?")) {
            for (Map.Entry<String, String> delivery : deliveryByReport.entrySet()) {
                ps.setString(1, delivery.getValue());
                ps.setString(2, delivery.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
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

    /**
     * A claimed report is on its way: FORWARDING, unless it already reached Jira. A claim can take a task whose
     * lapsed lease another worker was just completing; writing FORWARDING over FORWARDED then would strand the report
     * if the process died before that claim ran (its outbox row is already done). One transaction for a whole claim:
     * a commit per report would cost the forwarding a commit per issue.
     */
    public void markForwarding(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now();
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE report SET status = ?, last_error = NULL,"
                    + " updated_at = ? WHERE id = ? AND status <> ?")) {
                for (String id : ids) {
                    ps.setString(1, ReportStatus.FORWARDING.name());
                    ps.setObject(2, now);
                    ps.setString(3, id);
                    ps.setString(4, ReportStatus.FORWARDED.name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
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

    /**
     * Stores the Jira issue a report became (on {@code site}), before its attachments go up; runs inside the caller's
     * transaction. An older report linked to the same issue id on the same site loses its link: ids are unique per
     * site, so that link is stale (a Jira reset or restored from a backup hands the id out again).
     */
    public List<String> recordIssue(Connection c, String id, String key, String jiraId, String url, String jiraPriority,
                                    String site) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE report SET jira_key = ?, jira_id = ?, jira_url = ?,"
                + " jira_priority = ?, jira_site = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, key);
            ps.setString(2, jiraId);
            ps.setString(3, url);
            ps.setString(4, jiraPriority);
            ps.setString(5, site);
            ps.setObject(6, OffsetDateTime.now());
            ps.setString(7, id);
            ps.executeUpdate();
        }
        List<String> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM report WHERE jira_site = ? AND jira_id = ?"
                + " AND id <> ? AND jira_deleted_at IS NULL")) {
            ps.setString(1, site);
            ps.setString(2, jiraId);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stale.add(rs.getString(1));
                }
            }
        }
        for (String old : stale) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE report SET jira_deleted_at = ?, last_error = ?,"
                    + " updated_at = ? WHERE id = ?")) {
                OffsetDateTime now = OffsetDateTime.now();
                ps.setObject(1, now);
                ps.setString(2, "no longer linked: Jira issue " + key + " (id " + jiraId + ") on " + site
                        + " now belongs to report " + id + "; this report's issue no longer exists there");
                ps.setObject(3, now);
                ps.setString(4, old);
                ps.executeUpdate();
            }
        }
        return stale;
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


    /** When a report of the integration last reached Jira (its last FORWARDED change), for the web page's health. */
    public Optional<OffsetDateTime> lastForwardedAt(String integrationId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(updated_at) FROM report"
                    + " WHERE integration_id = ? AND status = 'FORWARDED'")) {
                ps.setString(1, integrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
                }
            }
        });
    }

    /** What a report list asks for: filters (null = any), a page size, and where the previous page ended. */
    public record Query(java.util.Collection<String> integrationIds, String status, String titleContains, int limit,
                        OffsetDateTime beforeCreatedAt, String beforeId) {
    }

    /**
     * Reports newest first (created_at, then id, so equal times page stably), at most {@code limit + 1} rows: the
     * extra one tells the caller there is a next page. {@code integrationIds} null means every integration.
     */
    public List<StoredReport> page(Query query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM report WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.integrationIds() != null) {
            if (query.integrationIds().isEmpty()) {
                return List.of();
            }
            sql.append(" AND integration_id IN (").append("?, ".repeat(query.integrationIds().size() - 1))
                    .append("?)");
            args.addAll(query.integrationIds());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            args.add(query.status());
        }
        if (query.titleContains() != null) {
            // LIKE's wildcards in the search text are matched literally
            sql.append(" AND LOWER(title) LIKE ? ESCAPE '\\'");
            args.add("%" + query.titleContains().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (query.beforeCreatedAt() != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            args.add(query.beforeCreatedAt());
            args.add(query.beforeCreatedAt());
            args.add(query.beforeId());
        }
        sql.append(" ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
        args.add(query.limit() + 1);
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<StoredReport> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(map(rs));
                    }
                }
                return rows;
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
