package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reports that could not be forwarded, with the reason and Jira's answer. */
public final class DeadLetterRepository {

    /** A dead letter as the API shows it. */
    public record DeadLetter(long id, String reportId, long outboxId, String reason, Integer httpStatus,
                             String message, String jiraErrors, OffsetDateTime createdAt,
                             OffsetDateTime replayedAt) {

        public Map<String, Object> toApi() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("reportId", reportId);
            json.put("reason", reason);
            json.put("httpStatus", httpStatus);
            json.put("message", message);
            json.put("jiraErrors", jiraErrors == null ? null : Json.readMap(jiraErrors));
            json.put("createdAt", createdAt.toString());
            json.put("replayedAt", replayedAt == null ? null : replayedAt.toString());
            return json;
        }
    }

    private static final String COLUMNS =
            "id, report_id, outbox_id, reason, http_status, message, jira_errors, created_at, replayed_at";

    private final Database database;

    public DeadLetterRepository(Database database) {
        this.database = database;
    }

    public void insert(Connection c, String reportId, long outboxId, String reason, Integer httpStatus,
                       String message, String jiraErrors) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter (report_id, outbox_id, reason,"
                + " http_status, message, jira_errors, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, reportId);
            ps.setLong(2, outboxId);
            ps.setString(3, reason);
            ps.setObject(4, httpStatus);
            ps.setString(5, message);
            ps.setString(6, jiraErrors);
            ps.setObject(7, OffsetDateTime.now());
            ps.executeUpdate();
        }
    }

    /** Dead letters not yet replayed, newest first (all of them when {@code includeReplayed}). */
    public List<DeadLetter> list(boolean includeReplayed, int limit) {
        return database.inTransaction(c -> {
            String where = includeReplayed ? "" : " WHERE replayed_at IS NULL";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter" + where
                    + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
                ps.setInt(1, limit);
                List<DeadLetter> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(map(rs));
                    }
                }
                return result;
            }
        });
    }

    public Optional<DeadLetter> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public void markReplayed(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET replayed_at = ? WHERE id = ?")) {
            ps.setObject(1, OffsetDateTime.now());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private static DeadLetter map(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                rs.getObject(9, OffsetDateTime.class));
    }
}
