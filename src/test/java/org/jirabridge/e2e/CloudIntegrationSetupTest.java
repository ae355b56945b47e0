package org.jirabridge.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Integration setup against the sandbox's Cloud flavour (REST v3, ADF, accountIds). */
class CloudIntegrationSetupTest extends IntegrationSetupTest {

    @BeforeAll
    static void start() {
        service.start("cloud");
    }

    @Override
    boolean cloud() {
        return true;
    }
}
