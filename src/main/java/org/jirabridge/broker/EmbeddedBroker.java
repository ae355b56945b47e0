package org.jirabridge.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * An ActiveMQ Artemis broker inside the service ({@code broker.embedded}): AMQP 1.0 on one port, a persistent journal,
 * so the demo and a single machine take reports from a real broker. Messages survive a restart of the process; a
 * message the service did not acknowledge (it died, or its database was down) is redelivered, without limit.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Where a message goes back to the queue after a failed attempt: first after 1 s, then up to a minute. */
    private static final long FIRST_REDELIVERY_MS = 1000;
    private static final long MAX_REDELIVERY_MS = 60_000;
    /**
     * Senders are held back once less than this is free where the journal lives. Artemis's own default is a share of
     * the disk (90% used), which on a large disk holds every sender back with many gigabytes still free.
     */
    static final long MIN_DISK_FREE_BYTES = 512L * 1024 * 1024;

    private final EmbeddedActiveMQ server;

    private EmbeddedBroker(EmbeddedActiveMQ server) {
        this.server = server;
    }

    /**
     * Starts the broker listening on {@code host:port} with its journal under {@code dataDir}. With a non-empty
     * password, connections must give {@code user} and that password; without, the broker accepts anyone who can
     * reach the (by default loopback) address.
     */
    public static EmbeddedBroker start(String host, int port, String dataDir, String user, String password) {
        try {
            Configuration config = new ConfigurationImpl()
                    .setName("jira-bridge")
                    .setPersistenceEnabled(true)
                    .setJournalDirectory(dataDir + "/journal")
                    .setBindingsDirectory(dataDir + "/bindings")
                    .setLargeMessagesDirectory(dataDir + "/large-messages")
                    .setPagingDirectory(dataDir + "/paging")
                    .setSecurityEnabled(!password.isEmpty())
                    // the broker's own JMX and the service's are different things; no management beans
                    .setJMXManagementEnabled(false)
                    // free bytes decide, not the share used (-1: Artemis would otherwise warn that one overrides the other)
                    .setMaxDiskUsage(-1)
                    .setMinDiskFree(MIN_DISK_FREE_BYTES)
                    .addAcceptorConfiguration("amqp", "tcp://" + host + ":" + port + "?protocols=AMQP");
            // the service refuses no message for good by failing: it dead-letters invalid ones itself, so the broker
            // keeps redelivering while the database is down, with a growing pause
            config.addAddressSetting("#", new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    .setRedeliveryDelay(FIRST_REDELIVERY_MS)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(MAX_REDELIVERY_MS)
                    .setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true)
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue")));
            EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config)
                    .setSecurityManager(new OneUser(user, password));
            server.start();
            return new EmbeddedBroker(server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded broker on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded broker", e);
        }
    }

    /** The one account of the embedded broker, allowed everything. */
    private record OneUser(String user, String password) implements ActiveMQSecurityManager {

        @Override
        public boolean validateUser(String givenUser, String givenPassword) {
            // constant-time comparison: the password must not leak through timing
            return user.equals(givenUser) && givenPassword != null && MessageDigest.isEqual(
                    password.getBytes(StandardCharsets.UTF_8), givenPassword.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean validateUserAndRole(String givenUser, String givenPassword, Set<Role> roles, CheckType type) {
            return validateUser(givenUser, givenPassword);
        }

        @Override
        public String toString() {
            return "OneUser[" + user + "]";
        }
    }
}
