package org.jirabridge.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Forwarding scenarios against the sandbox's Cloud flavour (REST v3, ADF). */
class CloudForwardingTest extends ForwardingEndToEndTest {

    @BeforeAll
    static void start() {
        service.start("cloud");
    }

    @Override
    String flavour() {
        return "cloud";
    }
}
