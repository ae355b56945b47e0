package org.jirabridge.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** The connection pool, the schema migrations and the one way to run work in a transaction. */
public final class Database implements AutoCloseable {

    /** Work that runs inside one transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final String vendor;

    public Database(String jdbcUrl, String user, String password, int maxPoolSize) {
        this(jdbcUrl, user, password, maxPoolSize, 5000);
    }

    /** @param connectionTimeoutMillis how long a caller waits for a connection before the database counts as down */
    public Database(String jdbcUrl, String user, String password, int maxPoolSize, long connectionTimeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("jira-bridge");
        this.dataSource = new HikariDataSource(config);
        this.vendor = vendorOf(dataSource);
        // one set of migrations for every database; vendor folders hold only the scripts whose SQL must differ
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .javaMigrations(new QuartzTables()).load().migrate();
    }

    /** The database product in lower case, as the vendor folders under db/vendor name it: h2, postgresql. */
    public String vendor() {
        return vendor;
    }

    private static String vendorOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs work in one transaction: all of it is stored, or none of it. */
    public <T> T inTransaction(TransactionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                connection.setAutoCommit(false);
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackOrEvict(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Rolls back; a connection that died with its database (a restart, a network cut) is evicted from the pool,
     * since the pool only recognises some drivers' fatal errors and would hand it out again and again.
     */
    private void rollbackOrEvict(Connection connection) {
        try {
            if (connection.isValid(1)) {
                connection.rollback();
                return;
            }
        } catch (SQLException dead) {
            // fall through: a connection that cannot even answer is dead
        }
        dataSource.evictConnection(connection);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
