package org.jirabridge.testsupport;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.JiraSandbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts and stops the service and the Jira sandbox for a test class, by their own handles, also when a test fails.
 * Registered with {@code @RegisterExtension} so the test passes its options:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ServiceExtension service = ServiceExtension.cloud().with("sync.apply-interval-ms", "100");
 * </pre>
 *
 * <ul>
 *   <li>{@link #cloud()} / {@link #server()}: the service in this JVM ({@link RunningService}: real routes and
 *       config, in-memory database unless {@link #dataDir} or a {@code store.jdbc-url} is given) with its embedded
 *       sandbox of that flavour, started before the first test and stopped after the last.</li>
 *   <li>{@link #manual()}: the same, started by the test ({@link #start}); one started inside a test stops after
 *       that test, one started in {@code @BeforeAll} after the last test.</li>
 *   <li>{@link #childProcesses(String)}: the sandbox in a JVM of its own (or {@link #sandboxInThisJvm()}), started
 *       before the first test; service nodes are child JVMs the test starts ({@link #startNode}), SIGKILLs
 *       ({@link #kill}) and starts again ({@link #restart(ServiceNode, String)}) on the same database.</li>
 * </ul>
 *
 * A static field (or an instance field of a {@code PER_CLASS} test) covers the class as above; an instance field of
 * a test with an instance per method covers each test: started before it, stopped after it.
 *
 * Anything else a test starts around the service (PostgreSQL, a broker, a database server) is handed to
 * {@link #own} and closed with the rest, last started first closed. The sandbox's control API is
 * {@link #sandboxDriver()}.
 */
public final class ServiceExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServiceExtension.class);

    private enum Mode { IN_PROCESS, MANUAL, CHILD_PROCESSES }

    private final Mode mode;
    private final String flavour;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Supplier<Path> dataDir;
    private boolean sandboxInThisJvm;

    /** Handles opened before the first test (closed after the last), and those opened by the running test. */
    private Handles classHandles;
    private Handles testHandles;

    private RunningService running;
    private Handles runningOwner;
    private String runningFlavour;
    private Map<String, String> runningOverrides;
    private SandboxDriver sandbox;
    private int sandboxPort;

    private ServiceExtension(Mode mode, String flavour) {
        this.mode = mode;
        this.flavour = flavour;
    }

    /** The service in this JVM with a Cloud sandbox, for the whole class. */
    public static ServiceExtension cloud() {
        return new ServiceExtension(Mode.IN_PROCESS, "cloud");
    }

    /** The service in this JVM with a Server/Data Center sandbox, for the whole class. */
    public static ServiceExtension server() {
        return new ServiceExtension(Mode.IN_PROCESS, "server");
    }

    /** Nothing started until the test calls {@link #start}. */
    public static ServiceExtension manual() {
        return new ServiceExtension(Mode.MANUAL, null);
    }

    /** The sandbox ("cloud" or "server") in a child JVM for the whole class; service nodes by {@link #startNode}. */
    public static ServiceExtension childProcesses(String flavour) {
        return new ServiceExtension(Mode.CHILD_PROCESSES, flavour);
    }

    /** A setting of every service started (a camel-main override, or a child JVM's system property). */
    public ServiceExtension with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public ServiceExtension with(Map<String, String> more) {
        settings.putAll(more);
        return this;
    }

    /** The database in an H2 file in this directory (asked for at start, so a {@code @TempDir} field works). */
    public ServiceExtension dataDir(Supplier<Path> directory) {
        this.dataDir = directory;
        return this;
    }

    /** With {@link #childProcesses}: the sandbox in this JVM, outliving the service's child JVMs all the same. */
    public ServiceExtension sandboxInThisJvm() {
        this.sandboxInThisJvm = true;
        return this;
    }

    // ---- JUnit

    @Override
    public void beforeAll(ExtensionContext context) {
        classHandles = new Handles();
        // closed by JUnit when the class's context closes: after @AfterAll, also when a test or a start failed;
        // keyed by this extension, as a class may register several
        context.getStore(NAMESPACE).put(this, classHandles);
        startDeclared();
    }

    private void startDeclared() {
        if (mode == Mode.IN_PROCESS) {
            start(flavour);
        } else if (mode == Mode.CHILD_PROCESSES) {
            startSandbox();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testHandles = new Handles();
        context.getStore(NAMESPACE).put(this, testHandles);
        if (classHandles == null) {
            // an instance field of a class with a test instance per method: no beforeAll, everything per test
            startDeclared();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // the handles themselves close with the test's context, right after this
        if (runningOwner == testHandles) {
            running = null;
            runningOwner = null;
        }
        if (classHandles == null) {
            sandbox = null;
        }
        testHandles = null;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        classHandles = null;
        running = null;
        runningOwner = null;
        sandbox = null;
    }

    // ---- what a test owns

    /** Closes {@code resource} with the service: after the test when opened in one, else after the last test. */
    public <T extends AutoCloseable> T own(T resource) {
        return handles().add(resource);
    }

    private Handles handles() {
        if (testHandles != null) {
            return testHandles;
        }
        if (classHandles == null) {
            throw new IllegalStateException("the extension is not active: register it with @RegisterExtension");
        }
        return classHandles;
    }

    // ---- the service in this JVM

    /** Starts the service in this JVM with the extension's settings. */
    public RunningService start(String flavour) {
        return start(flavour, Map.of());
    }

    /** Starts the service in this JVM with the extension's settings and these on top. */
    public RunningService start(String flavour, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        if (dataDir != null) {
            merged.putIfAbsent("store.jdbc-url", "jdbc:h2:file:" + dataDir.get().resolve("db") + ";WRITE_DELAY=0");
        }
        merged.putAll(overrides);
        // pinned, so that startAgain() finds the same database
        merged.putIfAbsent("store.jdbc-url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        runningFlavour = flavour;
        runningOverrides = merged;
        // the class's service stays the class's, even when a test restarts it
        runningOwner = mode == Mode.IN_PROCESS && classHandles != null ? classHandles : handles();
        return startAgain(Map.of());
    }

    /**
     * Starts the service again after {@link #stop()}: the same flavour, settings and database (ports are new unless
     * the settings name them), with these settings changed.
     */
    public RunningService startAgain(Map<String, String> changed) {
        if (running != null) {
            throw new IllegalStateException("the service is running: stop() it first, or restart()");
        }
        runningOverrides = new LinkedHashMap<>(runningOverrides);
        runningOverrides.putAll(changed);
        running = runningOwner.add(RunningService.start(runningFlavour, runningOverrides));
        return running;
    }

    /** Stops the running service and starts it again on the same database, with the same settings. */
    public RunningService restart() {
        stop();
        return startAgain(Map.of());
    }

    /** Stops the running service now (it would stop after the test or the class anyway). */
    public void stop() {
        RunningService previous = running();
        running = null;
        runningOwner.close(previous);
    }

    /** The service in this JVM started last. */
    public RunningService running() {
        if (running == null) {
            throw new IllegalStateException("no service running in this JVM");
        }
        return running;
    }

    public String baseUrl() {
        return running().baseUrl();
    }

    public <T> T bean(String name, Class<T> type) {
        return running().bean(name, type);
    }

    public CamelContext camelContext() {
        return running().camelContext();
    }

    /** The embedded sandbox of the service in this JVM. */
    public JiraSandbox sandbox() {
        return running().sandbox();
    }

    public HttpResponse<String> get(String path) {
        return running().get(path);
    }

    public HttpResponse<String> postJson(String path, String json) {
        return running().postJson(path, json);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return running().send(request);
    }

    public long count(String sql) {
        return running().count(sql);
    }

    public JsonNode report(String id) {
        return running().report(id);
    }

    public JsonNode awaitReportStatus(String id, String status, Duration deadline) {
        return running().awaitReportStatus(id, status, deadline);
    }

    // ---- the sandbox

    /** The sandbox's control API: the child JVM's, or else the running service's embedded sandbox. */
    public SandboxDriver sandboxDriver() {
        if (sandbox != null) {
            return sandbox;
        }
        return new SandboxDriver(running().sandbox().baseUrl());
    }

    private void startSandbox() {
        if (sandboxInThisJvm) {
            JiraSandbox inThisJvm = own(JiraSandbox.start(0, Flavour.valueOf(flavour.toUpperCase())));
            sandboxPort = inThisJvm.port();
        } else {
            sandboxPort = RunningService.freePort();
            own(ChildServices.startSandbox(flavour + "-sandbox-" + sandboxPort, sandboxPort, flavour));
        }
        sandbox = new SandboxDriver("http://localhost:" + sandboxPort);
    }

    public int sandboxPort() {
        return sandboxPort;
    }

    // ---- service nodes in child JVMs

    /** Starts a service node on a free port and the child sandbox, and waits until its health answers. */
    public ServiceNode startNode(String name, Map<String, String> extra) {
        return startNodeWith(name, nodeSettings(extra));
    }

    /** Starts a node without waiting for it ({@link ServiceNode#awaitHealthy}): several nodes boot side by side. */
    public ServiceNode launchNode(String name, Map<String, String> extra) {
        Map<String, String> nodeSettings = nodeSettings(extra);
        return own(new ServiceNode(name, nodeSettings, ChildJvm.start(name,
                org.jirabridge.Application.class.getName(), nodeSettings)));
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, as in a crash. */
    public void kill(ServiceNode node) {
        node.kill();
    }

    /** SIGKILLs the node and starts it again, same port and database, under a new name (its log's). */
    public ServiceNode restart(ServiceNode node, String name) {
        node.kill();
        return startNodeWith(name, node.settings());
    }

    private ServiceNode startNodeWith(String name, Map<String, String> nodeSettings) {
        return own(new ServiceNode(name, nodeSettings, ChildServices.startService(name, nodeSettings)));
    }

    private Map<String, String> nodeSettings(Map<String, String> extra) {
        if (sandbox == null) {
            throw new IllegalStateException("service nodes need ServiceExtension.childProcesses(flavour)");
        }
        Map<String, String> merged = new LinkedHashMap<>(settings);
        merged.putAll(extra);
        String port = merged.getOrDefault("camel.server.port", String.valueOf(RunningService.freePort()));
        return ChildServices.serviceSettings(Integer.parseInt(port), sandboxPort, merged);
    }

    /** Opened handles, closed last first; every one is closed even when another fails to. */
    private static final class Handles implements AutoCloseable {

        private final Deque<AutoCloseable> open = new ArrayDeque<>();

        synchronized <T extends AutoCloseable> T add(T handle) {
            open.push(handle);
            return handle;
        }

        void close(AutoCloseable handle) {
            synchronized (this) {
                open.remove(handle);
            }
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + handle, e);
            }
        }

        @Override
        public void close() throws Exception {
            Exception first = null;
            while (true) {
                AutoCloseable handle;
                synchronized (this) {
                    handle = open.poll();
                }
                if (handle == null) {
                    break;
                }
                try {
                    handle.close();
                } catch (Exception | Error e) {
                    Exception failure = e instanceof Exception ex ? ex : new IllegalStateException(e);
                    if (first == null) {
                        first = failure;
                    } else {
                        first.addSuppressed(failure);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
