package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reports that could not be forwarded, with the reason and Jira's answer. */
public final class DeadLetterRepository {

    /** A dead letter as stored (the API shows it as forward.DeadLettersResource.DeadLetter). */
    public record DeadLetter(long id, String reportId, long outboxId, String kind, String reason, Integer httpStatus,
                             String message, String jiraErrors, OffsetDateTime createdAt,
                             OffsetDateTime replayedAt, ReplayOutcome replayOutcome) {
    }

    /**
     * What became of a replayed dead letter's report since: its status now, the Jira key it got, or the error that
     * stopped it again (then a newer dead letter says the rest).
     */
    public record ReplayOutcome(String reportStatus, String jiraKey, String lastError) {
    }

    /** The task kind (FORWARD, PRIORITY) comes from the outbox row the dead letter ended. */
    private static final String COLUMNS = "d.id, d.report_id, d.outbox_id, COALESCE(o.kind, 'FORWARD'), d.reason,"
            + " d.http_status, d.message, d.jira_errors, d.created_at, d.replayed_at, r.status, r.jira_key, r.last_error";
    private static final String FROM = " FROM dead_letter d LEFT JOIN outbox o ON o.id = d.outbox_id"
            + " LEFT JOIN report r ON r.id = d.report_id";

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
            String where = includeReplayed ? "" : " WHERE d.replayed_at IS NULL";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + where
                    + " ORDER BY d.id DESC FETCH FIRST ? ROWS ONLY")) {
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
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + FROM + " WHERE d.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Marks a dead letter replayed; false when it already was (another node or request replayed it first). */
    public boolean markReplayed(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dead_letter SET replayed_at = ? WHERE id = ? AND replayed_at IS NULL")) {
            ps.setObject(1, OffsetDateTime.now());
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static DeadLetter map(ResultSet rs) throws SQLException {
        OffsetDateTime replayedAt = rs.getObject(10, OffsetDateTime.class);
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                (Integer) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class),
                replayedAt, replayedAt == null ? null
                : new ReplayOutcome(rs.getString(11), rs.getString(12), rs.getString(13)));
    }
}
