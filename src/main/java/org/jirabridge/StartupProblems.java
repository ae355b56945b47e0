package org.jirabridge;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The mistakes people make when starting the service, each turned into one line that says what to do instead of a
 * stack trace: started from another directory, a second instance on the same database, a port already taken.
 */
final class StartupProblems {

    private StartupProblems() {
    }

    /** The configuration file is read from the working directory; started elsewhere, it is not there. */
    static Optional<String> missingConfiguration(Path workingDirectory) {
        Path config = workingDirectory.resolve("config/application.properties");
        if (Files.isRegularFile(config)) {
            return Optional.empty();
        }
        String home = projectDirectory().filter(dir -> Files.isRegularFile(dir.resolve("config/application.properties")))
                .map(dir -> "cd " + dir + " and start it there")
                .orElse("start it from the directory that holds config/ and routes/");
        return Optional.of("jira-bridge cannot start: " + config.toAbsolutePath().normalize() + " does not exist;"
                + " jira-bridge reads config/ and routes/ from the directory it is started in: " + home);
    }

    /** One line for a start-up failure people cause by mistake; empty for anything else (that keeps its trace). */
    static Optional<String> explain(Throwable failure, String servicePort, String sandboxPort) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Database may be already in use") || message.contains("The file is locked")) {
                return Optional.of("jira-bridge cannot start: its database is in use by another process, most likely"
                        + " a jira-bridge already running from this directory. Stop that one (Ctrl-C), or give this"
                        + " one its own database and ports: -Dstore.jdbc-url=jdbc:h2:file:./data-2/jira-bridge"
                        + " -Dcamel.server.port=9080 -Dsandbox.port=9081");
            }
            if (message.startsWith("Jira sandbox cannot listen on port") && hasBindCause(cause)) {
                return Optional.of("jira-bridge cannot start: port " + sandboxPort + " of the embedded Jira sandbox"
                        + " is in use (another jira-bridge, or a sandbox started on its own?). Stop it, or start with"
                        + " -Dsandbox.port=9081; to use a sandbox already running there instead:"
                        + " -Dsandbox.enabled=false -Ddemo.jira-url=http://localhost:" + sandboxPort);
            }
            if (cause instanceof BindException || message.contains("Address already in use")) {
                return Optional.of(servicePortTaken(servicePort));
            }
        }
        return Optional.empty();
    }

    /** Whether the service's port is taken already (checked before Camel starts, which would carry on without it). */
    static Optional<String> portTaken(String servicePort) {
        int port;
        try {
            port = Integer.parseInt(servicePort.strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        try (ServerSocket socket = new ServerSocket()) {
            // as Vert.x binds: SO_REUSEADDR lets a restart bind over connections still in TIME_WAIT (after a crash),
            // while on Linux a port another process listens on still cannot be bound
            socket.setReuseAddress(true);
            // the address Vert.x binds (camel.server.host)
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(servicePortTaken(servicePort));
        }
    }

    private static String servicePortTaken(String servicePort) {
        return "jira-bridge cannot start: port " + servicePort + " (camel.server.port) is in use, perhaps by another"
                + " jira-bridge. Stop it, or start with -Dcamel.server.port=9080";
    }

    private static boolean hasBindCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The directory above target/ when running from the built jar (target/jira-bridge.jar). */
    private static Optional<Path> projectDirectory() {
        try {
            Path jar = Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = jar.getParent();
            return target == null || target.getParent() == null ? Optional.empty()
                    : Optional.of(target.getParent().toAbsolutePath().normalize());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
