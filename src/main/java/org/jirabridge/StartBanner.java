package org.jirabridge;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person sees when the service starts: Camel's own start-up lines (its configuration, every route, every HTTP
 * endpoint: some 150 lines) stay quiet unless {@code log.camel-startup=true}, and a short banner says where
 * everything is once the service runs.
 */
final class StartBanner extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("jira-bridge");

    private final Instant started = Instant.now();

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        // log4j2.properties keeps Camel at WARN from the first line on; asked for, its INFO lines come back
        if (Boolean.parseBoolean(property(main, "log.camel-startup", "false"))) {
            Configurator.setLevel("org.apache.camel", Level.INFO);
        }
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        banner(main).forEach(LOG::info);
    }

    static List<String> banner(BaseMainSupport main) {
        String service = property(main, "service.public-url", "http://localhost:8080");
        List<String> lines = new ArrayList<>();
        lines.add("jira-bridge is running");
        lines.add("  API            " + service + "/api/v1  (credentials: docs/security.md)");
        lines.add("  web page       " + service + "/ui/");
        lines.add("  health         " + service + "/observe/health?data=true");
        lines.add("  metrics        " + service + "/observe/metrics");
        if (Boolean.parseBoolean(property(main, "sandbox.enabled", "false"))) {
            lines.add("  Jira sandbox   http://localhost:" + property(main, "sandbox.port", "8081") + "  ("
                    + property(main, "sandbox.flavour", "cloud") + "; control API /_sandbox/, docs/sandbox.md)");
        }
        String adminToken = property(main, "security.admin-token", "");
        lines.add("  admin          " + (adminToken.isBlank()
                ? "credential in " + Path.of(property(main, "security.admin-token-file", "data/admin.token"))
                .toAbsolutePath().normalize()
                : "credential from security.admin-token (JIRA_BRIDGE_ADMIN_TOKEN)"));
        if (Boolean.parseBoolean(property(main, "demo.enabled", "false"))) {
            lines.add("  demo           intake key " + property(main, "demo.api-key", "") + ", integration demo");
        }
        lines.add("  Stop with Ctrl-C. Camel's start-up details: -Dlog.camel-startup=true");
        return lines;
    }

    private static String property(BaseMainSupport main, String key, String fallback) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        try {
            return properties.resolveProperty(key).orElse(fallback);
        } catch (RuntimeException e) {
            // an unresolvable placeholder: the banner shows the fallback rather than failing a start that worked
            return fallback;
        }
    }
}
