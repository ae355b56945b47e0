package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Outbox tasks that wait for their Jira site to come back (state WAITING, report WAITING_FOR_JIRA). A waiting task
 * is not due, so no claim takes it; it goes back to PENDING when its site is up again, in its original order.
 */
public final class SiteWaitRepository {

    /** A waiting task whose time budget ran out. */
    public record Expired(long outboxId, String reportId, String kind, String integrationId) {
    }

    private static final String OF_INTEGRATIONS = " AND report_id IN (SELECT id FROM report WHERE integration_id IN (";

    private final Database database;

    public SiteWaitRepository(Database database) {
        this.database = database;
    }

    /** Parks a claimed task until its site is back; a forwarding report shows WAITING_FOR_JIRA meanwhile. */
    public void park(long outboxId, String reportId, boolean forwarding) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET state = 'WAITING', claimed_until = NULL WHERE id = ? AND state = 'CLAIMED'")) {
                ps.setLong(1, outboxId);
                ps.executeUpdate();
            }
            if (forwarding) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE report SET status = ?, updated_at = ?"
                        + " WHERE id = ? AND status <> 'FORWARDED'")) {
                    ps.setString(1, ReportStatus.WAITING_FOR_JIRA.name());
                    ps.setObject(2, OffsetDateTime.now());
                    ps.setString(3, reportId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Waiting tasks per integration. */
    public Map<String, Integer> countByIntegration() {
        return countByIntegration("'WAITING'");
    }

    /** Tasks queued or being worked on (PENDING, CLAIMED) per integration. */
    public Map<String, Integer> busyByIntegration() {
        return countByIntegration("'PENDING', 'CLAIMED'");
    }

    private Map<String, Integer> countByIntegration(String states) {
        return database.inTransaction(c -> {
            Map<String, Integer> counts = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.integration_id, COUNT(*) FROM outbox o"
                    + " JOIN report r ON r.id = o.report_id WHERE o.state IN (" + states + ")"
                    + " GROUP BY r.integration_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
            return counts;
        });
    }

    /** Puts the oldest waiting task of these integrations back in the queue (to probe the site); false if none. */
    public boolean releaseOldest(Collection<String> integrationIds) {
        return database.inTransaction(c -> {
            Long oldest = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id) FROM outbox WHERE state = 'WAITING'"
                    + OF_INTEGRATIONS + placeholders(integrationIds) + "))")) {
                bind(ps, 1, integrationIds);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        oldest = rs.wasNull() ? null : id;
                    }
                }
            }
            if (oldest == null) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'PENDING', available_at = ?"
                    + " WHERE id = ? AND state = 'WAITING'")) {
                ps.setObject(1, OffsetDateTime.now());
                ps.setLong(2, oldest);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Puts every waiting task of these integrations back in the queue (claims take them in their original order)
     * and their reports back to RECEIVED; returns how many resumed.
     */
    public int resume(Collection<String> integrationIds) {
        return database.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE report SET status = 'RECEIVED', updated_at = ?"
                    + " WHERE status = 'WAITING_FOR_JIRA' AND integration_id IN (" + placeholders(integrationIds)
                    + ")")) {
                ps.setObject(1, now);
                bind(ps, 2, integrationIds);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'PENDING', available_at = ?"
                    + " WHERE state = 'WAITING'" + OF_INTEGRATIONS + placeholders(integrationIds) + "))")) {
                ps.setObject(1, now);
                bind(ps, 2, integrationIds);
                return ps.executeUpdate();
            }
        });
    }

    /** Waiting tasks queued longer ago than the budget. */
    public List<Expired> expired(Duration budget) {
        return database.inTransaction(c -> {
            List<Expired> expired = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.report_id, o.kind, r.integration_id"
                    + " FROM outbox o JOIN report r ON r.id = o.report_id WHERE o.state = 'WAITING'"
                    + " AND o.created_at < ? ORDER BY o.id")) {
                ps.setObject(1, OffsetDateTime.now().minus(budget));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expired.add(new Expired(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return expired;
        });
    }

    /** Takes a waiting task out of the wait (for a dead letter); false when it no longer waits. */
    public boolean stopWaiting(Connection c, long outboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET state = 'DEAD' WHERE id = ? AND state = 'WAITING'")) {
            ps.setLong(1, outboxId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Dead letters of these integrations that transient failures caused (retries ran out), not yet replayed. */
    public List<Long> transientDeadLetters(Collection<String> integrationIds) {
        return database.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id FROM dead_letter d JOIN report r"
                    + " ON r.id = d.report_id WHERE d.replayed_at IS NULL AND d.reason = 'RETRIES_EXHAUSTED'"
                    + " AND r.integration_id IN (" + placeholders(integrationIds) + ") ORDER BY d.id")) {
                bind(ps, 1, integrationIds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    /** When the task was queued: its time budget counts from here. */
    public OffsetDateTime queuedAt(long outboxId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM outbox WHERE id = ?")) {
                ps.setLong(1, outboxId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, OffsetDateTime.class) : OffsetDateTime.now();
                }
            }
        });
    }

    private static String placeholders(Collection<String> values) {
        return SqlLists.placeholders(Math.max(1, values.size()));
    }

    private static void bind(PreparedStatement ps, int first, Collection<String> values) throws SQLException {
        int i = first;
        if (values.isEmpty()) {
            ps.setString(i, null);
            return;
        }
        for (String value : values) {
            ps.setString(i++, value);
        }
    }
}
