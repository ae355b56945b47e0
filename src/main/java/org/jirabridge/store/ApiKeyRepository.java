package org.jirabridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Intake API key rows: the key's hash (never the key), its name, prefix and the integrations it may use. */
public final class ApiKeyRepository {

    /** A key as stored; {@code keyHash} is the hex SHA-256 of the key. */
    public record StoredApiKey(String id, String name, String keyPrefix, String keyHash, Set<String> integrations,
                               OffsetDateTime createdAt, OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {

        public boolean revoked() {
            return revokedAt != null;
        }
    }

    private static final String COLUMNS = "id, name, key_prefix, key_hash, created_at, revoked_at, last_used_at";

    private final Database database;

    public ApiKeyRepository(Database database) {
        this.database = database;
    }

    public void insert(StoredApiKey key) {
        database.inTransaction(c -> {
            insert(c, key);
            return null;
        });
    }

    /**
     * Stores a key under a fixed id unless a row with that id exists; an existing row gets the new hash and
     * integrations but keeps its revocation. Used for the demo key, which is provisioned at every start.
     */
    public void provision(StoredApiKey key) {
        database.inTransaction(c -> {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM api_key WHERE id = ? FOR UPDATE")) {
                ps.setString(1, key.id());
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                insert(c, key);
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_key SET name = ?, key_prefix = ?, key_hash = ? WHERE id = ?")) {
                ps.setString(1, key.name());
                ps.setString(2, key.keyPrefix());
                ps.setString(3, key.keyHash());
                ps.setString(4, key.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_key_integration WHERE api_key_id = ?")) {
                ps.setString(1, key.id());
                ps.executeUpdate();
            }
            insertIntegrations(c, key);
            return null;
        });
    }

    /** The key with this hash, revoked or not. */
    public Optional<StoredApiKey> findByHash(String keyHash) {
        return database.inTransaction(c -> query(c, "SELECT " + COLUMNS + " FROM api_key WHERE key_hash = ?", keyHash)
                .stream().findFirst());
    }

    public Optional<StoredApiKey> find(String id) {
        return database.inTransaction(c -> query(c, "SELECT " + COLUMNS + " FROM api_key WHERE id = ?", id)
                .stream().findFirst());
    }

    /** Every key, oldest first, revoked ones included. */
    public List<StoredApiKey> list() {
        return database.inTransaction(c -> query(c, "SELECT " + COLUMNS + " FROM api_key ORDER BY created_at, id",
                null));
    }

    /** Marks the key revoked (once: a second call keeps the first time); false when there is no such key. */
    public boolean revoke(String id, OffsetDateTime at) {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_key SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                ps.setObject(1, at);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public void touch(String id, OffsetDateTime at) {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_key SET last_used_at = ? WHERE id = ?")) {
                ps.setObject(1, at);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void insert(Connection c, StoredApiKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_key (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, key.keyPrefix());
            ps.setString(4, key.keyHash());
            ps.setObject(5, key.createdAt());
            ps.setObject(6, key.revokedAt());
            ps.setObject(7, key.lastUsedAt());
            ps.executeUpdate();
        }
        insertIntegrations(c, key);
    }

    private static void insertIntegrations(Connection c, StoredApiKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_key_integration (api_key_id, integration_id) VALUES (?, ?)")) {
            for (String integration : key.integrations()) {
                ps.setString(1, key.id());
                ps.setString(2, integration);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<StoredApiKey> query(Connection c, String sql, String parameter) throws SQLException {
        Map<String, StoredApiKey> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), new StoredApiKey(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), new TreeSet<>(), rs.getObject(5, OffsetDateTime.class),
                            rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class)));
                }
            }
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        // one key (a look-up by hash or id) reads only its own rows
        boolean one = keys.size() == 1;
        try (PreparedStatement ps = c.prepareStatement("SELECT api_key_id, integration_id FROM api_key_integration"
                + (one ? " WHERE api_key_id = ?" : ""))) {
            if (one) {
                ps.setString(1, keys.keySet().iterator().next());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredApiKey key = keys.get(rs.getString(1));
                    if (key != null) {
                        key.integrations().add(rs.getString(2));
                    }
                }
            }
        }
        List<StoredApiKey> result = new ArrayList<>();
        for (StoredApiKey key : keys.values()) {
            result.add(new StoredApiKey(key.id(), key.name(), key.keyPrefix(), key.keyHash(),
                    Collections.unmodifiableSet(key.integrations()), key.createdAt(), key.revokedAt(), key.lastUsedAt()));
        }
        return result;
    }
}
