package org.jirabridge;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.main.Main;
import org.jirabridge.broker.PublishCommand;
import org.jirabridge.sandbox.JiraSandbox;
import org.slf4j.LoggerFactory;

/**
 * Starts jira-bridge: {@code java -jar jira-bridge.jar} runs the service; {@code java -jar jira-bridge.jar sandbox
 * --port 8081 --flavour cloud} runs only the Jira sandbox, as a process of its own; {@code java -jar jira-bridge.jar
 * publish FILE} sends reports to the intake queue (README, "Reports from a queue").
 */
public final class Application {

    /** Configuration file, relative to the working directory; every key can be overridden by -D or environment. */
    public static final String CONFIG_LOCATION = "file:config/application.properties";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("sandbox")) {
            JiraSandbox.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("publish")) {
            PublishCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Optional<String> missing = StartupProblems.missingConfiguration(Path.of(""));
        if (missing.isPresent()) {
            fail(missing.get());
        }
        // Vert.x only logs a port it cannot bind and the service would run without its API: ask first
        Optional<String> portTaken = StartupProblems.portTaken(setting("camel.server.port", "8080"));
        if (portTaken.isPresent()) {
            fail(portTaken.get());
        }
        Main main = newMain();
        try {
            main.run(args);
        } catch (Exception e) {
            Optional<String> explained = StartupProblems.explain(e, setting("camel.server.port", "8080"),
                    setting("sandbox.port", "8081"));
            if (explained.isEmpty()) {
                throw e;
            }
            fail(explained.get());
        }
    }

    /** A -D setting, else its environment variable, else what config/application.properties ships with. */
    private static String setting(String key, String fallback) {
        String env = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        return System.getProperty(key, env != null ? env : fallback);
    }

    private static void fail(String line) {
        LoggerFactory.getLogger("jira-bridge").error(line);
        System.exit(1);
    }

    /** The service's Camel Main, not yet started; tests add override properties before starting it. */
    public static Main newMain() {
        // Main scans this class's package and finds JiraBridgeConfiguration
        Main main = new Main(Application.class);
        main.setPropertyPlaceholderLocations(CONFIG_LOCATION);
        main.addMainListener(new StartBanner());
        return main;
    }
}
