package org.jirabridge.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Two-way sync against the sandbox's Cloud flavour: signed admin webhooks, REST v3, ADF comments. */
class CloudSyncTest extends SyncEndToEndTest {

    @BeforeAll
    static void start() {
        service.start("cloud");
    }

    @Override
    String flavour() {
        return "cloud";
    }
}
