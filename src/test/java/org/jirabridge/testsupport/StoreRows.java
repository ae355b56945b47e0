package org.jirabridge.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Rows store-level tests need before their own: the integration their reports refer to. */
public final class StoreRows {

    private StoreRows() {
    }

    /** An integration row with empty JSON, enough for the reports' foreign key; in the caller's transaction. */
    public static void integration(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO integration (id, name, connection_json,"
                + " mapping_json, sync_json, created_at, updated_at) VALUES (?, ?, '{}', '{}', '{}', ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now();
            ps.setString(1, id);
            ps.setString(2, id);
            ps.setObject(3, now);
            ps.setObject(4, now);
            ps.executeUpdate();
        }
    }
}
