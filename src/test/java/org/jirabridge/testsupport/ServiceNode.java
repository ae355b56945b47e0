package org.jirabridge.testsupport;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * One service in a child JVM, started by {@link ServiceExtension}: its address, its settings (the same ones start it
 * again on the same database) and its process. Killed and closed through the extension, which owns the handle.
 */
public final class ServiceNode implements AutoCloseable {

    private final String name;
    private final Map<String, String> settings;
    private final ChildJvm jvm;

    ServiceNode(String name, Map<String, String> settings, ChildJvm jvm) {
        this.name = name;
        this.settings = Map.copyOf(settings);
        this.jvm = jvm;
    }

    public String name() {
        return name;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public String url() {
        return "http://localhost:" + settings.get("camel.server.port");
    }

    public String jdbcUrl() {
        return settings.get("store.jdbc-url");
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    /** GET /api/v1/reports/{id} as the administrator. */
    public JsonNode report(String id) {
        return Http.getJsonAsAdmin(url() + "/api/v1/reports/" + id);
    }

    /** Waits until the node's health answers 200; kills it when it does not within the deadline. */
    public ServiceNode awaitHealthy(Duration deadline) {
        try {
            await().atMost(deadline).until(() -> Http.status(url() + "/observe/health") == 200);
        } catch (RuntimeException | Error e) {
            jvm.close();
            throw e;
        }
        return this;
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, as in a crash. */
    void kill() {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
