package org.jirabridge.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.main.Main;
import org.jirabridge.Application;
import org.jirabridge.sandbox.JiraSandbox;
import org.jirabridge.store.Json;

import static org.awaitility.Awaitility.await;

/**
 * The real service (real routes from routes/, real config from config/) started in this JVM on free ports, with
 * its embedded sandbox and an in-memory database unless overridden. Tests get it from {@link ServiceExtension}, which
 * starts it and closes it by this handle.
 */
public final class RunningService implements AutoCloseable {

    /** One vault key file per test JVM: test classes run in parallel forks, which must not race to create it. */
    public static final String TEST_VAULT_KEY_FILE = "target/test-vault-" + ProcessHandle.current().pid() + ".key";

    private final Main main;
    private final int port;

    private RunningService(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    /** Starts the service with the embedded sandbox of the given flavour ("cloud" or "server"). */
    /** Ports freePort gave out in this JVM: never given twice. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    public static RunningService start(String flavour, Map<String, String> extraOverrides) {
        Map<String, String> overrides = new LinkedHashMap<>();
        int port = freePort();
        overrides.put("camel.server.port", String.valueOf(port));
        overrides.put("camel.management.port", String.valueOf(port));
        overrides.put("store.jdbc-url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        overrides.put("vault.key-file", TEST_VAULT_KEY_FILE);
        overrides.put("security.admin-token", Http.ADMIN_TOKEN);
        overrides.put("sandbox.enabled", "true");
        overrides.put("sandbox.port", String.valueOf(freePort()));
        overrides.put("sandbox.flavour", flavour);
        // every test starts from the seeded sandbox, in memory: no shared data dir between tests
        overrides.put("sandbox.data-dir", "");
        overrides.put("demo.enabled", "true");
        overrides.put("demo.send-samples", "false");
        overrides.put("broker.embedded", "false");
        overrides.put("intake.queue-uri", "seda:reports-in");
        overrides.put("intake.dead-letter-uri", "seda:reports-dead-letter");
        overrides.put("forward.poll-interval-ms", "100");
        overrides.put("forward.initial-delay-ms", "100");
        overrides.put("forward.max-delay-ms", "2000");
        overrides.put("forward.unsure-delay-ms", "1000");
        overrides.putAll(extraOverrides);
        port = Integer.parseInt(overrides.get("camel.server.port"));
        Main main = Application.newMain();
        overrides.forEach(main::addOverrideProperty);
        RunningService service = new RunningService(main, port);
        try {
            main.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> service.get("/observe/health").statusCode() == 200);
        } catch (Exception | Error e) {
            service.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        return service;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public <T> T bean(String name, Class<T> type) {
        return main.lookup(name, type);
    }

    public org.apache.camel.CamelContext camelContext() {
        return main.getCamelContext();
    }

    public JiraSandbox sandbox() {
        return bean("jiraSandbox", JiraSandbox.class);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Sends a request; one to this service without an Authorization header gets the admin credential, so tests
     * speak as the administrator unless they send a credential of their own (or use {@link Http#send} for none).
     */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        if (built.uri().toString().startsWith(baseUrl() + "/") && built.headers().firstValue("Authorization").isEmpty()) {
            return Http.send(Http.asAdmin(HttpRequest.newBuilder(built, (name, value) -> true)));
        }
        return Http.send(HttpRequest.newBuilder(built, (name, value) -> true));
    }

    /** The result of a counting query ({@code SELECT COUNT(*) …}) on the service's database. */
    public long count(String sql) {
        return bean("database", org.jirabridge.store.Database.class).inTransaction(c -> {
            try (java.sql.Statement statement = c.createStatement(); java.sql.ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** GET /api/v1/reports/{id} as JSON. */
    public JsonNode report(String id) {
        return readTree(get("/api/v1/reports/" + id).body());
    }

    /** Waits until the report reaches the status; fails after the deadline. */
    public JsonNode awaitReportStatus(String id, String status, Duration deadline) {
        await().atMost(deadline).until(() -> status.equals(report(id).path("status").asText()));
        return report(id);
    }

    public static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                // the kernel may offer a just-closed port again: the service's and its sandbox's ports once collided
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
