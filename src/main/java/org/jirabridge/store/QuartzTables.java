package org.jirabridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;

/**
 * Migration 13.2: the tables of Quartz's JDBC job store (clustered scheduling across nodes, docs/scale-out.md),
 * created from the DDL script Quartz ships for the database in use, so the layout always matches the Quartz version
 * on the class path.
 */
public final class QuartzTables implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("13.2");
    }

    @Override
    public String getDescription() {
        return "quartz tables";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException, IOException {
        String vendor = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String script = vendor.contains("postgres") ? "tables_postgres.sql" : "tables_" + vendor + ".sql";
        String ddl;
        try (InputStream in = JobStoreSupport.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("Quartz ships no job-store tables for " + vendor + " (" + script + ")");
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : statements(ddl)) {
                statement.execute(sql);
            }
        }
    }

    /** The script's statements without comments; its DROPs (for re-installing) and COMMIT (Flyway commits) left out. */
    static List<String> statements(String ddl) {
        StringBuilder text = new StringBuilder();
        for (String line : ddl.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--") && !trimmed.startsWith("#")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String sql : text.toString().split(";")) {
            String statement = sql.strip();
            String upper = statement.toUpperCase(Locale.ROOT);
            if (!statement.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                statements.add(statement);
            }
        }
        return statements;
    }
}
