package org.jirabridge;

import java.util.Arrays;

import org.apache.camel.main.Main;
import org.jirabridge.broker.PublishCommand;
import org.jirabridge.sandbox.JiraSandbox;

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
        newMain().run(args);
    }

    /** The service's Camel Main, not yet started; tests add override properties before starting it. */
    public static Main newMain() {
        // Main scans this class's package and finds JiraBridgeConfiguration
        Main main = new Main(Application.class);
        main.setPropertyPlaceholderLocations(CONFIG_LOCATION);
        return main;
    }
}
