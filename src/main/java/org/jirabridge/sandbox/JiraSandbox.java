package org.jirabridge.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded, stateful fake Jira for the demo, the tests and the benchmarks: Jira Cloud (REST v3 and v2)
 * or Jira Server/Data Center (REST v2), with Atlassian's shapes, status codes, error bodies and
 * authentication, plus a control API under /_sandbox/ (see {@link ControlApi} and docs/sandbox.md).
 *
 * <p>Built on the JDK's HTTP server with a bounded pool; listens on the loopback interface. Thread-safe.
 * Use in-process with {@link #start(int, Flavour)} or as a process through {@link #main(String[])}.
 */
public final class JiraSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JiraSandbox.class);
    private static final int THREADS = 32;

    static {
        // The JDK server writes an answer's head and body apart; without TCP_NODELAY the body waits for the client's
        // delayed ACK (40 ms on Linux), which held every answer with a body back and the sandbox to about 360
        // creates/s on 16 connections (bench/results/forward.md). Read once per JVM, before its first HttpServer.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private static final int QUEUE = 1024;

    private final Flavour flavour;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final String baseUrl;
    private final SandboxState state;
    private final RestApi restApi;
    private final ControlApi controlApi;
    private final AtlassianServices services;
    private final FaultInjector faults = new FaultInjector();
    private final RateLimiter rateLimiter;
    private final RequestStats stats = new RequestStats();
    private final WebhookDispatcher webhookDispatcher = new WebhookDispatcher();
    private final List<Consumer<RecordedExchange>> listeners = new CopyOnWriteArrayList<>();
    /** The data dir's journal and snapshot; null when the state lives in memory only. */
    private final SandboxStore store;
    private volatile boolean stopped;

    private JiraSandbox(HttpServer server, ThreadPoolExecutor executor, Flavour flavour, Path dataDir) {
        Clock clock = Clock.systemUTC();
        // one movable clock for the whole sandbox: tokens, dynamic webhooks and issue times age together
        SandboxClock sandboxClock = new SandboxClock(clock);
        this.server = server;
        this.executor = executor;
        this.flavour = flavour;
        this.baseUrl = "http://localhost:" + server.getAddress().getPort();
        this.state = new SandboxState(flavour, sandboxClock.asClock());
        state.webhooks().dispatchTo(webhookDispatcher);
        this.rateLimiter = new RateLimiter(clock);
        this.services = new AtlassianServices(state, sandboxClock, baseUrl, Boolean.getBoolean("sandbox.oauth.auto-approve"));
        this.restApi = new RestApi(state, baseUrl, services);
        this.controlApi = new ControlApi(state, faults, rateLimiter, stats);
        this.store = dataDir == null ? null : SandboxStore.open(dataDir, state);
    }

    /** Starts a sandbox on the port (0 = any free port) and returns once it is listening. */
    public static JiraSandbox start(int port, Flavour flavour) {
        return start(InetAddress.getLoopbackAddress(), port, flavour, null);
    }

    /**
     * Starts a sandbox whose state is kept in {@code dataDir} across restarts (null: in memory only); see
     * docs/sandbox.md, "State across restarts".
     */
    public static JiraSandbox start(int port, Flavour flavour, Path dataDir) {
        return start(InetAddress.getLoopbackAddress(), port, flavour, dataDir);
    }

    private static JiraSandbox start(InetAddress address, int port, Flavour flavour, Path dataDir) {
        Objects.requireNonNull(flavour, "flavour");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Jira sandbox cannot listen on port " + port, e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "jira-sandbox-" + threadNumber.incrementAndGet());
                    // never keep a JVM alive because a test forgot to stop its sandbox
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        JiraSandbox sandbox;
        try {
            sandbox = new JiraSandbox(server, executor, flavour, dataDir);
        } catch (RuntimeException e) {
            server.stop(0);
            executor.shutdownNow();
            throw e;
        }
        server.createContext("/", sandbox::serve);
        server.setExecutor(executor);
        server.start();
        LOG.info("Jira sandbox ({}) listening on {}", flavour.name().toLowerCase(), sandbox.baseUrl);
        return sandbox;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "http://localhost:&lt;port&gt;". */
    public String baseUrl() {
        return baseUrl;
    }

    public Flavour flavour() {
        return flavour;
    }

    /** Back to the seeded state, like POST /_sandbox/reset. */
    public void reset() {
        synchronized (state) {
            controlApi.reset();
            services.reset();
            if (store != null) {
                store.afterReset(state);
            }
        }
    }

    /** Consent pages (OAuth 2.0 and 1.0a) approve at once, also after resets: for scripted runs. */
    public void autoApprove(boolean enabled) {
        services.autoApproveByDefault(enabled);
    }

    /** Every request and its answer, REST and control API alike; called before the answer is written. */
    public void addListener(Consumer<RecordedExchange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** "METHOD template" of every REST route served now, e.g. "GET /rest/api/3/issue/{issueIdOrKey}"; for tests. */
    List<String> routes() {
        synchronized (state) {
            return restApi.routes().stream().map(r -> r.method() + " " + r.template()).toList();
        }
    }

    /**
     * "METHOD template" of the REST route that answers a request as recorded (through the API gateway too), or null
     * when none does (404, 405); for tests that check which routes some traffic exercised.
     */
    String route(String method, String path) {
        String inner = path;
        if (services.isGateway(path)) {
            int slash = path.indexOf('/', Gateway.GATEWAY_PREFIX.length());
            inner = slash < 0 ? "/" : path.substring(slash);
        }
        synchronized (state) {
            Router.Resolution resolution = restApi.resolve(method, inner);
            return resolution.found() ? method + " " + resolution.route().template() : null;
        }
    }

    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        webhookDispatcher.stop();
        server.stop(0);
        if (store != null) {
            synchronized (state) {
                store.close();
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Jira sandbox on {} stopped", baseUrl);
    }

    @Override
    public void close() {
        stop();
    }

    // ---- request handling

    private void serve(HttpExchange exchange) {
        try (exchange) {
            SandboxRequest request = new SandboxRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes());
            SandboxResponse response = answer(request);
            notifyListeners(request, response);
            if (response.isDrop()) {
                // closing an exchange before any header was sent closes the connection: the client gets no answer
                return;
            }
            response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("Jira sandbox lost a connection: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("Jira sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
        }
    }

    private SandboxResponse answer(SandboxRequest request) {
        try {
            if (request.path().equals("/_sandbox") || request.path().startsWith("/_sandbox/")) {
                SandboxResponse authControl = services.control(request);
                if (authControl != null) {
                    return authControl;
                }
                synchronized (state) {
                    SandboxResponse response = persisting(request, () -> controlApi.handle(request));
                    if (request.path().startsWith("/_sandbox/reset")) {
                        services.reset();
                        if (store != null) {
                            store.afterReset(state);
                        }
                    }
                    return response;
                }
            }
            if (BrowsePage.handles(request)) {
                synchronized (state) {
                    return BrowsePage.render(request, state, baseUrl);
                }
            }
            SandboxResponse atlassian;
            synchronized (state) {
                atlassian = services.handle(request);
            }
            if (atlassian != null) {
                stats.count(request.method(), request.path(), atlassian.status());
                return atlassian;
            }
            return rest(request);
        } catch (RuntimeException e) {
            LOG.error("Jira sandbox failed on {} {}", request.method(), request.path(), e);
            return SandboxResponse.errorMessage(500, "Internal server error");
        }
    }

    private SandboxResponse rest(SandboxRequest received) {
        SandboxRequest request = received;
        Gateway.Admission admission = null;
        if (services.isGateway(received.path())) {
            synchronized (state) {
                admission = services.admit(received);
            }
            if (admission.failure() != null) {
                stats.count(received.method(), Gateway.GATEWAY_PREFIX + "{cloudId}", admission.failure().status());
                return admission.failure();
            }
            // behind the gateway the site's REST API answers as usual, for the account the gateway admitted
            request = admission.inner();
        }
        Router.Resolution resolution;
        synchronized (state) {
            resolution = restApi.resolve(request.method(), request.path());
        }
        String template = resolution.found() ? resolution.route().template() : request.path();
        SandboxResponse response = injectedFault(request, template).orElse(null);
        if (response == null) {
            response = rateLimiter.admit();
        }
        if (response == null) {
            SandboxRequest inner = request;
            Gateway.Admission admitted = admission;
            synchronized (state) {
                response = persisting(inner, () -> admitted == null ? restApi.handle(inner, resolution)
                        : restApi.handleAs(inner, resolution, admitted.outcome()));
            }
            rateLimiter.decorate(response);
        }
        stats.count(request.method(), template, response.status());
        return response;
    }

    /** Runs a request that may change the state and, with a data dir, journals what it changed. Holds the monitor. */
    private SandboxResponse persisting(SandboxRequest request, java.util.function.Supplier<SandboxResponse> handler) {
        boolean reads = request.method().equals("GET") || request.method().equals("HEAD");
        if (store == null || reads) {
            return handler.get();
        }
        store.begin(state);
        try {
            return handler.get();
        } finally {
            store.commit(state);
        }
    }

    /** Applies an armed fault: waits its delay (outside the state lock), then answers its status or drops. */
    private Optional<SandboxResponse> injectedFault(SandboxRequest request, String template) {
        Optional<FaultInjector.Fault> fault = faults.take(request.method(), request.path(), template);
        if (fault.isEmpty()) {
            return Optional.empty();
        }
        if (fault.get().delayMs() > 0) {
            try {
                Thread.sleep(fault.get().delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(SandboxResponse.drop());
            }
        }
        if (fault.get().drop()) {
            return Optional.of(SandboxResponse.drop());
        }
        int status = fault.get().status();
        if (status == 0) {
            return Optional.empty();
        }
        return Optional.of(faultResponse(status));
    }

    private SandboxResponse faultResponse(int status) {
        return switch (status) {
            case 401 -> Authenticator.authenticationRequired();
            case 404 -> SandboxResponse.errorMessage(404, IssueEndpoints.ISSUE_NOT_FOUND);
            case 429 -> rateLimiter.injected429();
            case 503 -> SandboxResponse.errorMessage(503, "Service Unavailable").header("Retry-After", "1");
            default -> SandboxResponse.errorMessage(status, status >= 500 ? "Internal server error"
                    : "The sandbox was told to answer " + status + " (fault injection).");
        };
    }

    private void notifyListeners(SandboxRequest request, SandboxResponse response) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().forEach((name, values) -> responseHeaders.put(name, List.copyOf(values)));
        RecordedExchange exchange = new RecordedExchange(request.method(), request.path(), request.rawQuery(),
                request.headers(), request.body(), response.status(), Collections.unmodifiableMap(responseHeaders),
                response.body());
        for (Consumer<RecordedExchange> listener : listeners) {
            try {
                listener.accept(exchange);
            } catch (RuntimeException e) {
                LOG.warn("A Jira sandbox listener failed on {} {}: {}", request.method(), request.path(), e.toString());
            }
        }
    }

    // ---- process mode

    /**
     * Runs a sandbox until the process is killed. Arguments: {@code --port 8081 --flavour cloud|server}
     * and optionally {@code --server-version 8.20.10}, {@code --host 0.0.0.0} (default: loopback only) and
     * {@code --data-dir data/sandbox} (keep the state there across restarts; default: in memory).
     */
    public static void main(String[] args) {
        int port = 8081;
        Flavour flavour = Flavour.CLOUD;
        String serverVersion = null;
        String host = null;
        Path dataDir = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(Objects.requireNonNull(value, "--port needs a value"));
                    case "--flavour", "--flavor" -> flavour = Flavour.parse(value);
                    case "--server-version" -> serverVersion = Objects.requireNonNull(value, "--server-version needs a value");
                    case "--host" -> host = Objects.requireNonNull(value, "--host needs a value");
                    case "--data-dir" -> dataDir = Path.of(Objects.requireNonNull(value, "--data-dir needs a value"));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
        } catch (RuntimeException e) {
            System.err.println("jira sandbox: " + e.getMessage());
            System.err.println("usage: sandbox --port 8081 --flavour cloud|server [--server-version 9.12.2] [--host 127.0.0.1]"
                    + " [--data-dir data/sandbox]");
            System.exit(2);
            return;
        }
        InetAddress address;
        try {
            address = host == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JiraSandbox sandbox;
        try {
            sandbox = start(address, port, flavour, dataDir);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof java.net.BindException)) {
                throw e;
            }
            // the common mistake (a sandbox or jira-bridge already there) gets one line, not a stack trace
            System.err.println("jira sandbox: port " + port + " is in use (another sandbox, or a jira-bridge with"
                    + " its embedded one?): stop it, or use --port 9081 (and -Ddemo.jira-url=http://localhost:9081"
                    + " for the service)");
            System.exit(1);
            return;
        }
        if (serverVersion != null) {
            synchronized (sandbox.state) {
                sandbox.state.serverVersion(serverVersion);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.stop();
            stopped.countDown();
        }, "jira-sandbox-shutdown"));
        System.out.println("Jira sandbox (" + flavour.name().toLowerCase() + ") ready at " + sandbox.baseUrl());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sandbox.stop();
        }
    }
}
