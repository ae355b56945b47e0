package org.jirabridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Browser authorizations under way: one row per state (OAuth 2.0) or request token (OAuth 1.0a), used once. */
public final class OAuthPendingRepository {

    /** A pending authorization as stored; {@code verifierSealed} is vault ciphertext or null. */
    public record Pending(String state, String integrationId, String kind, String verifierSealed) {
        @Override
        public String toString() {
            return "Pending[integration=" + integrationId + ", kind=" + kind + "]";
        }
    }

    private final Database database;

    public OAuthPendingRepository(Database database) {
        this.database = database;
    }

    public void insert(Pending pending) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO oauth_pending (state, integration_id, kind,"
                    + " verifier_sealed, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, pending.state());
                ps.setString(2, pending.integrationId());
                ps.setString(3, pending.kind());
                ps.setString(4, pending.verifierSealed());
                ps.setObject(5, OffsetDateTime.now());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Removes and returns the pending authorization of this state, if it exists and is younger than maxAge. */
    public Optional<Pending> take(String state, Duration maxAge) {
        return database.inTransaction(c -> {
            Pending found = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT state, integration_id, kind, verifier_sealed,"
                    + " created_at FROM oauth_pending WHERE state = ? FOR UPDATE")) {
                ps.setString(1, state);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(5, OffsetDateTime.class)
                            .isAfter(OffsetDateTime.now().minus(maxAge))) {
                        found = new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM oauth_pending WHERE state = ? OR created_at < ?")) {
                ps.setString(1, state);
                ps.setObject(2, OffsetDateTime.now().minus(maxAge));
                ps.executeUpdate();
            }
            return Optional.ofNullable(found);
        });
    }
}
