package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The transactional outbox. Rows are claimed with a lease: a dispatcher that dies leaves its rows to be claimed
 * again when the lease runs out, so a restart loses nothing.
 */
public final class OutboxRepository {

    public static final String FORWARD = "FORWARD";
    /** Push the report's current priority to its Jira issue (two-way sync). */
    public static final String PRIORITY = "PRIORITY";

    /**
     * Several nodes (docs/scale-out.md): the claim's SELECT locks its candidates and skips rows another node is
     * claiming at this moment, so concurrent dispatchers take disjoint batches instead of queueing on the same rows.
     */
    static final String SKIP_CLAIMED_BY_OTHERS = " FOR UPDATE SKIP LOCKED";

    private static final String DUE = "((state = 'PENDING' AND available_at <= ?) OR (state = 'CLAIMED' AND claimed_until < ?))";

    private final Database database;

    public OutboxRepository(Database database) {
        this.database = database;
    }

    /** Adds a task inside the caller's transaction (the one that stores the report). */
    public long enqueue(Connection c, String reportId, String kind) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (report_id, kind, state, available_at,"
                + " created_at) VALUES (?, ?, 'PENDING', ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, reportId);
            ps.setString(2, kind);
            ps.setObject(3, now);
            ps.setObject(4, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                // H2 returns the identity column, PostgreSQL the whole row: read it by name
                return keys.getLong("id");
            }
        }
    }

    /** Adds a task of one kind for each report, as one JDBC batch, inside the caller's transaction (intake's). */
    public void enqueueAll(Connection c, Collection<String> reportIds, String kind) throws SQLException {
        if (reportIds.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (report_id, kind, state, available_at,"
                + " created_at) VALUES (?, ?, 'PENDING', ?, ?)")) {
            for (String reportId : reportIds) {
                ps.setString(1, reportId);
                ps.setString(2, kind);
                ps.setObject(3, now);
                ps.setObject(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Claims up to {@code max} due tasks of every kind, in id order, for {@code lease}; a row is claimed by one
     * dispatcher only. Tasks of a kind other than FORWARD are claimed one per report and kind at a time (a report
     * whose earlier task of that kind is still claimed waits), so a report's priority pushes reach Jira in order; a
     * report has at most one FORWARD task queued, so forwarding needs no such check.
     */
    public List<OutboxTask> claim(int max, Duration lease) {
        return database.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            String oneAtATime = " AND (kind = '" + FORWARD + "' OR NOT EXISTS (SELECT 1 FROM outbox o WHERE"
                    + " o.report_id = outbox.report_id AND o.kind = outbox.kind AND o.id <> outbox.id"
                    + " AND o.state = 'CLAIMED' AND o.claimed_until >= ?))";
            List<OutboxTask> candidates = new ArrayList<>();
            // the first due task of each report and ordered kind in this batch; the later ones wait for it
            java.util.Set<String> ordered = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, report_id, kind, claims FROM outbox WHERE " + DUE
                    + oneAtATime + " ORDER BY id FETCH FIRST ? ROWS ONLY" + SKIP_CLAIMED_BY_OTHERS)) {
                ps.setObject(1, now);
                ps.setObject(2, now);
                ps.setObject(3, now);
                ps.setInt(4, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kind = rs.getString(3);
                        if (FORWARD.equals(kind) || ordered.add(kind + " " + rs.getString(2))) {
                            candidates.add(new OutboxTask(rs.getLong(1), rs.getString(2), kind, rs.getInt(4) + 1));
                        }
                    }
                }
            }
            List<OutboxTask> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'CLAIMED', claimed_until = ?, claims = claims + 1"
                    + " WHERE id = ? AND " + DUE)) {
                for (OutboxTask task : candidates) {
                    ps.setObject(1, now.plus(lease));
                    ps.setLong(2, task.id());
                    ps.setObject(3, now);
                    ps.setObject(4, now);
                    // the guarded update is what makes the claim exclusive between concurrent dispatchers
                    if (ps.executeUpdate() == 1) {
                        claimed.add(task);
                    }
                }
            }
            return claimed;
        });
    }

    /** Keeps a claim alive while redeliveries are still running. */
    public void extendLease(long id, Duration lease) {
        setState(id, "CLAIMED", null, OffsetDateTime.now().plus(lease));
    }

    public void complete(Connection c, long id) throws SQLException {
        setState(c, id, "DONE", null, null);
    }

    public void markDead(Connection c, long id) throws SQLException {
        setState(c, id, "DEAD", null, null);
    }

    /** Parks a task until its integration's credentials are fixed. */
    public void park(Connection c, long id) throws SQLException {
        setState(c, id, "PARKED", null, null);
    }

    /** Puts a task back in the queue, due at {@code availableAt}. */
    public void release(long id, OffsetDateTime availableAt) {
        setState(id, "PENDING", availableAt, null);
    }

    /** True when the report already waits in the queue or is being forwarded. */
    public boolean isQueued(Connection c, String reportId) throws SQLException {
        return isQueued(c, reportId, FORWARD);
    }

    /** True when a task of this kind for the report waits (PENDING, or WAITING for its site) or runs (CLAIMED). */
    public boolean isQueued(Connection c, String reportId, String kind) throws SQLException {
        return countOf(c, reportId, kind, "'PENDING', 'CLAIMED', 'WAITING'") > 0;
    }

    /** True when a task of this kind for the report waits and has not started yet. */
    public boolean isPending(Connection c, String reportId, String kind) throws SQLException {
        return countOf(c, reportId, kind, "'PENDING'") > 0;
    }

    /** The kind of a task (FORWARD when the row is gone). */
    public String kindOf(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : FORWARD;
            }
        }
    }

    private static int countOf(Connection c, String reportId, String kind, String states) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE report_id = ?"
                + " AND kind = ? AND state IN (" + states + ")")) {
            ps.setString(1, reportId);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Closes parked forwarding tasks of a report that is queued afresh. */
    public void closeParked(Connection c, String reportId) throws SQLException {
        closeParked(c, reportId, FORWARD);
    }

    /** Closes parked tasks of one kind for a report, replaced by a new task. */
    public void closeParked(Connection c, String reportId, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET state = 'REPLACED' WHERE report_id = ? AND kind = ? AND state = 'PARKED'")) {
            ps.setString(1, reportId);
            ps.setString(2, kind);
            ps.executeUpdate();
        }
    }

    /**
     * Puts an integration's parked tasks back in the queue, in their original order, and their reports back to
     * RECEIVED; returns how many resumed.
     */
    public int resumeParked(String integrationId) {
        return database.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            try (PreparedStatement reports = c.prepareStatement("UPDATE report SET status = 'RECEIVED', updated_at = ?"
                    + " WHERE integration_id = ? AND status = 'AWAITING_CREDENTIALS'")) {
                reports.setObject(1, now);
                reports.setString(2, integrationId);
                reports.executeUpdate();
            }
            try (PreparedStatement tasks = c.prepareStatement("UPDATE outbox SET state = 'PENDING', available_at = ?"
                    + " WHERE state = 'PARKED' AND report_id IN (SELECT id FROM report WHERE integration_id = ?)")) {
                tasks.setObject(1, now);
                tasks.setString(2, integrationId);
                return tasks.executeUpdate();
            }
        });
    }

    /** Number of tasks not yet done, dead or parked. */
    public int pending() {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM outbox WHERE state IN ('PENDING', 'CLAIMED')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private void setState(long id, String state, OffsetDateTime availableAt, OffsetDateTime claimedUntil) {
        database.inTransaction(c -> {
            setState(c, id, state, availableAt, claimedUntil);
            return null;
        });
    }

    private static void setState(Connection c, long id, String state, OffsetDateTime availableAt,
                                 OffsetDateTime claimedUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?,"
                + " available_at = COALESCE(?, available_at), claimed_until = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setObject(2, availableAt);
            ps.setObject(3, claimedUntil);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }
}
