package org.jirabridge.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Integration setup against the sandbox's Server flavour (REST v2, wiki markup, user names). */
class ServerIntegrationSetupTest extends IntegrationSetupTest {

    @BeforeAll
    static void start() {
        service.start("server");
    }

    @Override
    boolean cloud() {
        return false;
    }
}
