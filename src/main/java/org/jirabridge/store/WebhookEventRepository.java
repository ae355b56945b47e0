package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook deliveries from Jira, stored before they are acknowledged and applied from here. A delivery id that was
 * stored once is not stored again, which is what makes Atlassian's retries apply once.
 */
public final class WebhookEventRepository {

    /**
     * A stored delivery. States: PENDING, CLAIMED, APPLIED, IGNORED, FAILED, and REFUSED (arrived while the
     * integration had no webhook secret; verified and queued once it has one).
     */
    public record WebhookEvent(long id, String integrationId, String deliveryId, String eventType, String payload,
                               String state, String outcome, int attempts, OffsetDateTime receivedAt) {
    }

    private static final String COLUMNS = "id, integration_id, delivery_id, event_type, payload, state, outcome,"
            + " attempts, received_at";
    private static final String DUE =
            "((state = 'PENDING' AND available_at <= ?) OR (state = 'CLAIMED' AND claimed_until < ?))";

    private final Database database;

    public WebhookEventRepository(Database database) {
        this.database = database;
    }

    /** When Jira last delivered a webhook for the integration that changed something (APPLIED). */
    public java.util.Optional<OffsetDateTime> lastApplied(String integrationId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(received_at) FROM webhook_event"
                    + " WHERE integration_id = ? AND state = 'APPLIED'")) {
                ps.setString(1, integrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.ofNullable(rs.getObject(1, OffsetDateTime.class))
                            : java.util.Optional.empty();
                }
            }
        });
    }

    /** Stores a delivery; false when this delivery id was stored before (a retry or a duplicate). */
    public boolean store(String integrationId, String deliveryId, String eventType, String payload) {
        return database.inTransaction(c -> {
            if (exists(c, integrationId, deliveryId)) {
                return false;
            }
            OffsetDateTime now = OffsetDateTime.now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_event (integration_id, delivery_id,"
                    + " event_type, payload, state, received_at, available_at) VALUES (?, ?, ?, ?, 'PENDING', ?, ?)")) {
                ps.setString(1, integrationId);
                ps.setString(2, deliveryId);
                ps.setString(3, eventType);
                ps.setString(4, payload);
                ps.setObject(5, now);
                ps.setObject(6, now);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    // the same delivery arrived twice at once: the other request stored it
                    c.rollback();
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Keeps a delivery that could not be verified because the integration has no webhook secret yet, with what the
     * call presented ({@code proof}) and why it was refused; false when it was stored before or when
     * {@code maxKept} refused deliveries of this integration are already waiting (unverified calls must not fill
     * the database).
     */
    public boolean storeRefused(String integrationId, String deliveryId, String eventType, String payload,
                                String proof, String reason, int maxKept) {
        return database.inTransaction(c -> {
            if (exists(c, integrationId, deliveryId) || countRefused(c, integrationId) >= maxKept) {
                return false;
            }
            OffsetDateTime now = OffsetDateTime.now();
            // finished_at set: retention forgets refused deliveries nobody made appliable, like finished ones
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_event (integration_id, delivery_id,"
                    + " event_type, payload, state, outcome, proof, received_at, available_at, finished_at)"
                    + " VALUES (?, ?, ?, ?, 'REFUSED', ?, ?, ?, ?, ?)")) {
                ps.setString(1, integrationId);
                ps.setString(2, deliveryId);
                ps.setString(3, eventType);
                ps.setString(4, payload);
                ps.setString(5, truncate(reason));
                ps.setString(6, proof);
                ps.setObject(7, now);
                ps.setObject(8, now);
                ps.setObject(9, now);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    c.rollback();
                    return false;
                }
                throw e;
            }
        });
    }

    private static int countRefused(Connection c, String integrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM webhook_event WHERE integration_id = ? AND state = 'REFUSED'")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A refused delivery with what its call presented. */
    public record RefusedDelivery(long id, String deliveryId, String payload, String proof) {
    }

    /** The deliveries of an integration kept as REFUSED, oldest first. */
    public List<RefusedDelivery> refused(String integrationId) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, delivery_id, payload, proof FROM webhook_event"
                    + " WHERE integration_id = ? AND state = 'REFUSED' ORDER BY id")) {
                ps.setString(1, integrationId);
                List<RefusedDelivery> refused = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        refused.add(new RefusedDelivery(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4)));
                    }
                }
                return refused;
            }
        });
    }

    /** A REFUSED delivery was verified after all: it is applied like one that just arrived. */
    public void queueRefused(long id, String outcome) {
        changeRefused(id, "PENDING", outcome);
    }

    /** A REFUSED delivery stays refused, for a new reason. */
    public void keepRefused(long id, String outcome) {
        changeRefused(id, "REFUSED", outcome);
    }

    private void changeRefused(long id, String state, String outcome) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET state = ?, outcome = ?,"
                    + " available_at = ?, finished_at = CASE WHEN ? = 'PENDING' THEN NULL ELSE finished_at END"
                    + " WHERE id = ? AND state = 'REFUSED'")) {
                ps.setString(1, state);
                ps.setString(2, truncate(outcome));
                ps.setObject(3, OffsetDateTime.now());
                ps.setString(4, state);
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static boolean exists(Connection c, String integrationId, String deliveryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM webhook_event WHERE integration_id = ? AND delivery_id = ?")) {
            ps.setString(1, integrationId);
            ps.setString(2, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Claims up to {@code max} due deliveries, oldest first, for {@code lease}. */
    public List<WebhookEvent> claim(int max, Duration lease) {
        return database.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now();
            List<WebhookEvent> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_event WHERE " + DUE
                    + " ORDER BY id FETCH FIRST ? ROWS ONLY" + OutboxRepository.SKIP_CLAIMED_BY_OTHERS)) {
                ps.setObject(1, now);
                ps.setObject(2, now);
                ps.setInt(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(map(rs));
                    }
                }
            }
            List<WebhookEvent> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET state = 'CLAIMED',"
                    + " claimed_until = ?, attempts = attempts + 1 WHERE id = ? AND " + DUE)) {
                for (WebhookEvent event : candidates) {
                    ps.setObject(1, now.plus(lease));
                    ps.setLong(2, event.id());
                    ps.setObject(3, now);
                    ps.setObject(4, now);
                    // the guarded update keeps a delivery with one applier even when two run
                    if (ps.executeUpdate() == 1) {
                        claimed.add(new WebhookEvent(event.id(), event.integrationId(), event.deliveryId(),
                                event.eventType(), event.payload(), "CLAIMED", event.outcome(), event.attempts() + 1,
                                event.receivedAt()));
                    }
                }
            }
            return claimed;
        });
    }

    /** Ends a delivery: APPLIED, IGNORED or FAILED, with what happened. */
    public void finish(Connection c, long id, String state, String outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET state = ?, outcome = ?,"
                + " claimed_until = NULL, finished_at = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, truncate(outcome));
            ps.setObject(3, OffsetDateTime.now());
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    public void finish(long id, String state, String outcome) {
        database.inTransaction(c -> {
            finish(c, id, state, outcome);
            return null;
        });
    }

    /** Applying failed for a reason that may pass (the database, a lock): try again after {@code delay}. */
    public void retryLater(long id, Duration delay, String outcome) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET state = 'PENDING', outcome = ?,"
                    + " claimed_until = NULL, available_at = ? WHERE id = ?")) {
                ps.setString(1, truncate(outcome));
                ps.setObject(2, OffsetDateTime.now().plus(delay));
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The newest deliveries of an integration (all integrations when null), newest first. */
    public List<WebhookEvent> recent(String integrationId, int limit) {
        return database.inTransaction(c -> {
            String where = integrationId == null ? "" : " WHERE integration_id = ?";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_event" + where
                    + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                if (integrationId != null) {
                    ps.setString(i++, integrationId);
                }
                ps.setInt(i, limit);
                List<WebhookEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(map(rs));
                    }
                }
                return events;
            }
        });
    }

    /** Forgets finished deliveries older than {@code age}; their ids no longer count as duplicates. */
    public int prune(Duration age) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_event WHERE state IN ('APPLIED',"
                    + " 'IGNORED', 'FAILED', 'REFUSED') AND finished_at < ?")) {
                ps.setObject(1, OffsetDateTime.now().minus(age));
                return ps.executeUpdate();
            }
        });
    }

    private static String truncate(String outcome) {
        return outcome == null || outcome.length() <= 2000 ? outcome : outcome.substring(0, 1997) + "...";
    }

    private static WebhookEvent map(ResultSet rs) throws SQLException {
        return new WebhookEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getObject(9, OffsetDateTime.class));
    }
}
