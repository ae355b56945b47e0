package org.jirabridge.testsupport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jirabridge.Application;

import static org.awaitility.Awaitility.await;

/**
 * The sandbox and the service as child JVMs, for tests that kill the service while Jira's state lives on. The
 * service keeps its H2 database in a file under target/, so a restart finds what the killed one stored.
 */
final class ChildServices {

    private ChildServices() {
    }

    static ChildJvm startSandbox(String name, int port, String flavour) {
        ChildJvm sandbox = ChildJvm.start(name, Application.class.getName(), Map.of(),
                "sandbox", "--port", String.valueOf(port), "--flavour", flavour);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Http.status("http://localhost:" + port + "/rest/api/2/serverInfo") == 200);
        } catch (RuntimeException | Error e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    /** Settings of a service that uses the sandbox at {@code sandboxPort} and a fresh file database. */
    static Map<String, String> serviceSettings(int servicePort, int sandboxPort, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("camel.server.port", String.valueOf(servicePort));
        settings.put("camel.management.port", String.valueOf(servicePort));
        settings.put("store.jdbc-url", "jdbc:h2:file:./target/child-db-" + UUID.randomUUID() + ";WRITE_DELAY=0");
        settings.put("vault.key-file", RunningService.TEST_VAULT_KEY_FILE);
        settings.put("security.admin-token", Http.ADMIN_TOKEN);
        settings.put("sandbox.enabled", "false");
        settings.put("sandbox.port", String.valueOf(sandboxPort));
        // the sandbox runs apart (it outlives a killed service): the demo integration points at it
        settings.put("demo.jira-url", "http://localhost:" + sandboxPort);
        settings.put("demo.send-samples", "false");
        settings.put("broker.embedded", "false");
        settings.put("intake.queue-uri", "seda:reports-in");
        settings.put("intake.dead-letter-uri", "seda:reports-dead-letter");
        settings.put("forward.poll-interval-ms", "100");
        settings.put("forward.unsure-delay-ms", "2000");
        settings.putAll(extra);
        return settings;
    }

    /** Starts the service and waits until its health answers. */
    static ChildJvm startService(String name, Map<String, String> settings) {
        ChildJvm service = ChildJvm.start(name, Application.class.getName(), settings);
        try {
            String health = "http://localhost:" + settings.get("camel.server.port") + "/observe/health";
            await().atMost(Duration.ofSeconds(90)).until(() -> Http.status(health) == 200);
        } catch (RuntimeException | Error e) {
            service.close();
            throw e;
        }
        return service;
    }
}
