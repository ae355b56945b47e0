package org.jirabridge.integration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import org.jirabridge.store.Database;
import org.jirabridge.store.StoreException;

/** Reads and writes integration rows. */
public final class IntegrationRepository {

    private static final String COLUMNS = "id, name, is_default, connection_json, secrets_sealed, target_json, mapping_json, sync_json";

    private final Database database;

    public IntegrationRepository(Database database) {
        this.database = database;
    }

    /** Inserts or replaces an integration; its reports and sync state stay attached to the same id. */
    public void save(StoredIntegration i) {
        save(i, (previous, sealed) -> sealed);
    }

    /**
     * Saves with the row locked: {@code secretsToStore} gets the row as stored (or null) and the new sealed secrets,
     * and returns what to write, so secrets obtained meanwhile (a rotated refresh token) are not overwritten.
     */
    public void save(StoredIntegration i, BiFunction<StoredIntegration, String, String> secretsToStore) {
        database.inTransaction(c -> {
            StoredIntegration previous = lock(c, i.id());
            String sealed = secretsToStore.apply(previous, i.secretsSealed());
            if (i.isDefault()) {
                // only one default integration: the one reports without an integrationId go to
                try (PreparedStatement ps = c.prepareStatement("UPDATE integration SET is_default = FALSE")) {
                    ps.executeUpdate();
                }
            }
            OffsetDateTime now = OffsetDateTime.now();
            // the row is locked (or absent): update or insert, in SQL that H2 and PostgreSQL both speak
            String sql = previous != null
                    ? "UPDATE integration SET name = ?, is_default = ?, connection_json = ?, secrets_sealed = ?,"
                    + " target_json = ?, mapping_json = ?, sync_json = ?, updated_at = ? WHERE id = ?"
                    : "INSERT INTO integration (name, is_default, connection_json, secrets_sealed, target_json,"
                    + " mapping_json, sync_json, updated_at, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, i.name());
                ps.setBoolean(2, i.isDefault());
                ps.setString(3, i.connectionJson());
                ps.setString(4, sealed);
                ps.setString(5, i.targetJson());
                ps.setString(6, i.mappingJson());
                ps.setString(7, i.syncJson());
                ps.setObject(8, now);
                ps.setString(9, i.id());
                if (previous == null) {
                    ps.setObject(10, now);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Replaces an integration's sealed secrets with the row locked for the whole change (no concurrent rotation can
     * interleave); {@code change} may call out (e.g. to a token endpoint) and throw to change nothing.
     *
     * @return false when there is no such integration
     */
    public boolean updateSecrets(String id, UnaryOperator<String> change) {
        return database.inTransaction(c -> {
            StoredIntegration current = lock(c, id);
            if (current == null) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE integration SET secrets_sealed = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, change.apply(current.secretsSealed()));
                ps.setObject(2, OffsetDateTime.now());
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return true;
        });
    }

    private static StoredIntegration lock(java.sql.Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM integration WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new StoredIntegration(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)) : null;
            }
        }
    }

    public Optional<StoredIntegration> find(String id) {
        return query("SELECT " + COLUMNS + " FROM integration WHERE id = ?", id).stream().findFirst();
    }

    public List<StoredIntegration> list() {
        return query("SELECT " + COLUMNS + " FROM integration ORDER BY id", null);
    }

    /** Deletes an integration that has no reports; returns false when it has some (they keep it alive). */
    public boolean deleteUnused(String id) {
        return database.inTransaction(c -> {
            try (PreparedStatement used = c.prepareStatement("SELECT COUNT(*) FROM report WHERE integration_id = ?")) {
                used.setString(1, id);
                try (ResultSet rs = used.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM integration WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return true;
        });
    }

    public Optional<StoredIntegration> findDefault() {
        return query("SELECT " + COLUMNS + " FROM integration WHERE is_default = TRUE", null).stream().findFirst();
    }

    private List<StoredIntegration> query(String sql, String parameter) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (parameter != null) {
                    ps.setString(1, parameter);
                }
                List<StoredIntegration> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new StoredIntegration(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getString(8)));
                    }
                }
                return result;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        });
    }
}
