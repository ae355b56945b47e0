package org.jirabridge.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Two-way sync against the sandbox's Server 9 flavour: unsigned webhooks with a URL token, REST v2, wiki markup. */
class ServerSyncTest extends SyncEndToEndTest {

    @BeforeAll
    static void start() {
        service.start("server");
    }

    @Override
    String flavour() {
        return "server";
    }
}
