package org.jirabridge.e2e;

import java.util.Map;

import org.jirabridge.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole two-way sync suite (forwarding, webhooks, polling, comments, priority pushes) on a real PostgreSQL: the
 * production store runs the same migrations and SQL as H2 does.
 */
class PostgresSyncTest extends SyncEndToEndTest {

    private static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        startService("cloud", Map.of("store.jdbc-url", postgres.newDatabase(), "store.user", "postgres"));
    }

    @AfterAll
    static void stopPostgres() {
        stopService();
        service = null;
        postgres.close();
    }

    @Override
    String flavour() {
        return "cloud";
    }
}
