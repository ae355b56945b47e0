package org.jirabridge.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.jirabridge.store.Database;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled jobs (sync polls, dynamic-webhook upkeep) on several nodes: camel-quartz's scheduler keeps its triggers
 * in the service's database through Quartz's clustered JDBC job store, so each firing runs on exactly one node and a
 * dead node's jobs move to the others. Quartz does the locking (its QRTZ_LOCKS row locks); nothing is home-made.
 */
public final class ClusteredScheduling {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredScheduling.class);

    private ClusteredScheduling() {
    }

    /**
     * Whether to cluster for the {@code scheduler.clustered} setting: {@code auto} clusters on PostgreSQL (which
     * several nodes can share) and keeps the in-memory scheduler on H2 (one process); {@code true}/{@code false} force.
     */
    public static boolean wanted(String setting, Database database) {
        return setting.equalsIgnoreCase("auto") ? database.vendor().equals("postgresql")
                : Boolean.parseBoolean(setting);
    }

    /**
     * Warns when a node on a shared database would make up its own vault key or admin credential (a file under
     * data/): other nodes could not read its sealed secrets, nor accept its admin credential.
     */
    public static void warnAboutLocalSecrets(Database database, String vaultKey, String adminToken) {
        if (database.vendor().equals("postgresql") && (vaultKey.isBlank() || adminToken.isBlank())) {
            LOG.warn("the database is PostgreSQL, which several nodes may share, but {} comes from a local file: give"
                    + " every node the same value (docs/scale-out.md)", vaultKey.isBlank()
                    ? "the vault key (JIRA_BRIDGE_VAULT_KEY)" : "the admin credential (JIRA_BRIDGE_ADMIN_TOKEN)");
        }
    }

    /** Points camel-quartz at the clustered JDBC job store on {@code database}; call before routes start. */
    public static void configure(CamelContext context, Database database, long checkinIntervalMillis,
            long misfireThresholdMillis) {
        // Quartz finds data sources by name in its JVM-wide manager: one name per database pool
        String dataSource = "jira-bridge-" + System.identityHashCode(database);
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return database.dataSource().getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the service, which closes it after the scheduler has stopped
            }

            @Override
            public void initialize() {
                // the pool is already open
            }
        });
        Map<String, Object> properties = new LinkedHashMap<>();
        // every node uses the same scheduler name (that is what makes them one cluster) and its own instance id
        properties.put("org.quartz.scheduler.instanceName", "jira-bridge");
        properties.put("org.quartz.scheduler.instanceId", "AUTO");
        properties.put("org.quartz.threadPool.threadCount", "5");
        properties.put("org.quartz.jobStore.class", JobStoreTX.class.getName());
        properties.put("org.quartz.jobStore.driverDelegateClass", database.vendor().equals("postgresql")
                ? PostgreSQLDelegate.class.getName() : StdJDBCDelegate.class.getName());
        properties.put("org.quartz.jobStore.dataSource", dataSource);
        properties.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.put("org.quartz.jobStore.isClustered", "true");
        // how soon the others notice a dead node and take over what it had fired but not finished
        properties.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinIntervalMillis));
        // a trigger held back longer than this by a long run is a misfire, handled by its own policy, not a catch-up burst
        properties.put("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThresholdMillis));
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(properties);
        // the scheduler name must be the same on every node, not suffixed with anything of this process
        quartz.setPrefixInstanceName(false);
    }
}
