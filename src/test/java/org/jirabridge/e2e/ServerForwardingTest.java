package org.jirabridge.e2e;

import org.junit.jupiter.api.BeforeAll;

/** Forwarding scenarios against the sandbox's Server flavour (REST v2, wiki markup). */
class ServerForwardingTest extends ForwardingEndToEndTest {

    @BeforeAll
    static void start() {
        service.start("server");
    }

    @Override
    String flavour() {
        return "server";
    }
}
