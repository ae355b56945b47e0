package org.jirabridge.e2e;

import java.util.Map;

import org.jirabridge.testsupport.PostgresServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole two-way sync suite (forwarding, webhooks, polling, comments, priority pushes) on a real PostgreSQL: the
 * production store runs the same migrations and SQL as H2 does.
 */
class PostgresSyncTest extends SyncEndToEndTest {

    @BeforeAll
    static void start() {
        // owned by the extension: closed after the service it serves
        PostgresServer postgres = service.own(PostgresServer.start());
        service.start("cloud", Map.of("store.jdbc-url", postgres.newDatabase(), "store.user", "postgres"));
    }

    @Override
    String flavour() {
        return "cloud";
    }
}
