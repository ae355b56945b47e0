package org.jirabridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes integration rows. */
public final class IntegrationRepository {

    private static final String COLUMNS = "id, name, is_default, connection_json, secrets_sealed, target_json, mapping_json, sync_json";

    private final Database database;

    public IntegrationRepository(Database database) {
        this.database = database;
    }

    /** Inserts or replaces an integration; its reports and sync state stay attached to the same id. */
    public void save(StoredIntegration i) {
        database.inTransaction(c -> {
            if (i.isDefault()) {
                // only one default integration: the one reports without an integrationId go to
                try (PreparedStatement ps = c.prepareStatement("UPDATE integration SET is_default = FALSE")) {
                    ps.executeUpdate();
                }
            }
            OffsetDateTime now = OffsetDateTime.now();
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO integration (" + COLUMNS
                    + ", created_at, updated_at) KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                    + " COALESCE((SELECT created_at FROM integration WHERE id = ?), ?), ?)")) {
                ps.setString(1, i.id());
                ps.setString(2, i.name());
                ps.setBoolean(3, i.isDefault());
                ps.setString(4, i.connectionJson());
                ps.setString(5, i.secretsSealed());
                ps.setString(6, i.targetJson());
                ps.setString(7, i.mappingJson());
                ps.setString(8, i.syncJson());
                ps.setString(9, i.id());
                ps.setObject(10, now);
                ps.setObject(11, now);
                ps.executeUpdate();
            }
            return null;
        });
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
