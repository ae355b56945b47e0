package org.jirabridge.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.jirabridge.store.Database;
import org.jirabridge.testsupport.IntegrationDriver;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the credential flows of every Cloud type (create, check, forward, wrong credentials, OAuth consent and refresh,
 * Connect install, an integration declared as a file with a placeholder secret) with known secret values, then fails
 * if any log line, any answer of the API, or any database column holds one of them in plain text.
 */
class SecretsNeverLeakTest {

    private static final String BASIC_TOKEN = "leak-basic-token-7f3a9c";
    private static final String WRONG_TOKEN = "leak-wrong-token-91b2e4";
    private static final String WEBHOOK_SECRET = "leak-webhook-secret-5d1f";

    @RegisterExtension
    static final ServiceExtension services = ServiceExtension.manual();

    @Test
    void knownSecretsAppearInNoLogApiAnswerOrColumn() throws Exception {
        List<String> logLines = new CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("secret-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                logLines.add(line.toString());
            }
        };
        capture.start();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getRootLogger().addAppender(capture, null, null);
        logs.updateLoggers();
        Path declared = Files.createDirectories(Path.of("target", "leak-test-integrations"));
        System.setProperty("LEAK_SCOPED_TOKEN", "demo-scoped-token");
        // owned by the extension: undone after the service stopped, also when the test fails
        services.own(() -> {
            logs.getConfiguration().getRootLogger().removeAppender("secret-capture");
            logs.updateLoggers();
            capture.stop();
            System.clearProperty("LEAK_SCOPED_TOKEN");
        });

        int sandboxPort = RunningService.freePort();
        Files.writeString(declared.resolve("scoped.yaml"), """
                # a service account's scoped token, from the environment
                id: declared-scoped
                name: Declared scoped token
                connection:
                  deployment: cloud
                  baseUrl: http://localhost:%d
                  authType: SCOPED_API_TOKEN
                  email: svc@example.com
                  apiToken: "{{sys:LEAK_SCOPED_TOKEN}}"
                target: {projectKey: DEMO, issueType: Bug}
                """.formatted(sandboxPort));
        RunningService service = services.start("cloud", Map.of("sandbox.oauth.auto-approve", "true",
                "sandbox.port", String.valueOf(sandboxPort),
                "integrations.declared-dir", declared.toString()));
        runFlows(service, logLines);
    }

    private void runFlows(RunningService service, List<String> logLines) throws SQLException, IOException {
        IntegrationDriver driver = new IntegrationDriver(service);
        String site = driver.sandboxUrl();
        driver.control("/_sandbox/seed", "{\"users\": [{\"emailAddress\": \"leak@example.com\", \"apiToken\": \""
                + BASIC_TOKEN + "\"}]}");
        HttpResponseCheck.created(driver.api("POST", "/api/v1/integrations", """
                {"id": "leak-basic", "connection": {"deployment": "cloud", "baseUrl": "%s", "authType": "BASIC",
                 "email": "leak@example.com", "apiToken": "%s"},
                 "target": {"projectKey": "DEMO", "issueType": "Bug"}, "sync": {"webhookSecret": "%s"}}
                """.formatted(site, BASIC_TOKEN, WEBHOOK_SECRET)));
        driver.check("leak-basic");
        driver.forward("leak-basic", "FORWARDED");
        driver.create("leak-wrong", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + site + "\", \"authType\": "
                + "\"BASIC\", \"email\": \"leak@example.com\", \"apiToken\": \"" + WRONG_TOKEN + "\"}");
        driver.check("leak-wrong");
        driver.forward("leak-wrong", "AWAITING_CREDENTIALS");

        driver.create("leak-oauth", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + site + "\", \"authType\": "
                + "\"OAUTH2\", \"clientId\": \"demo-oauth-client\", \"clientSecret\": \"demo-oauth-secret\"}");
        driver.authorizeInBrowser("leak-oauth");
        driver.forward("leak-oauth", "FORWARDED");
        driver.control("/_sandbox/clock", "{\"advanceSeconds\": 3700}");
        driver.forward("leak-oauth", "FORWARDED");
        driver.check("leak-oauth");
        driver.api("GET", "/api/v1/integrations/leak-oauth/sites", null);
        // an edit that sends the masks back keeps the secrets without echoing them
        driver.api("PUT", "/api/v1/integrations/leak-oauth", "{\"connection\": {\"deployment\": \"cloud\", "
                + "\"baseUrl\": \"" + site + "\", \"authType\": \"OAUTH2\", \"clientId\": \"demo-oauth-client\", "
                + "\"clientSecret\": \"********\", \"cloudId\": \"demo-cloud\"}, "
                + "\"target\": {\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}}");
        driver.forward("leak-oauth", "FORWARDED");

        driver.create("leak-svc", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + site + "\", \"authType\": "
                + "\"OAUTH2_CLIENT_CREDENTIALS\", \"clientId\": \"demo-svc-client\", \"clientSecret\": \"demo-svc-secret\"}");
        driver.check("leak-svc");
        driver.forward("leak-svc", "FORWARDED");

        JsonNode declared = RunningService.readTree(driver.api("GET", "/api/v1/integrations/declared-scoped", null)
                .body());
        assertThat(declared.path("connection").path("apiToken").asText()).isEqualTo("********");
        assertThat(declared.path("connection").path("email").asText()).isEqualTo("svc@example.com");
        driver.check("declared-scoped");
        driver.forward("declared-scoped", "FORWARDED");

        // Connect JWTs live 3 minutes: give the sandbox its real clock back before installing
        service.sandbox().reset();
        driver.create("leak-connect", "{\"deployment\": \"cloud\", \"baseUrl\": \"" + site + "\", \"authType\": "
                + "\"CONNECT\"}");
        driver.control("/_sandbox/connect/install", "{\"descriptorUrl\": \"" + service.baseUrl()
                + "/connect/leak-connect/atlassian-connect.json\"}");
        driver.forward("leak-connect", "FORWARDED");
        driver.check("leak-connect");
        driver.api("GET", "/api/v1/integrations", null);

        Integrations integrations = service.bean("integrations", Integrations.class);
        Set<String> secrets = new LinkedHashSet<>(List.of(BASIC_TOKEN, WRONG_TOKEN, WEBHOOK_SECRET,
                "demo-oauth-secret", "demo-svc-secret", "demo-scoped-token"));
        String refreshToken = integrations.secrets("leak-oauth").get(Integrations.REFRESH_TOKEN);
        String sharedSecret = integrations.secrets("leak-connect").get(Integrations.CONNECT_SHARED_SECRET);
        assertThat(refreshToken).isNotBlank();
        assertThat(sharedSecret).isNotBlank();
        secrets.add(refreshToken);
        secrets.add(sharedSecret);

        List<String> columns = allColumnValues(service.bean("database", Database.class));
        assertThat(logLines).isNotEmpty();
        assertThat(driver.apiAnswers()).hasSizeGreaterThan(20);
        for (String secret : secrets) {
            assertThat(logLines).as("log lines").noneMatch(line -> line.contains(secret));
            assertThat(driver.apiAnswers()).as("API answers").noneMatch(answer -> answer.contains(secret));
            assertThat(columns).as("database columns").noneMatch(value -> value.contains(secret));
        }
    }

    private static List<String> allColumnValues(Database database) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("INTEGRATION", "REPORT", "OAUTH_PENDING");
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int count = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= count; i++) {
                            Object value = rs.getObject(i);
                            if (value != null) {
                                values.add(value instanceof java.sql.Clob clob
                                        ? clob.getSubString(1, (int) clob.length()) : String.valueOf(value));
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    /** Asserts a 201 with its body in the message. */
    private static final class HttpResponseCheck {
        static void created(java.net.http.HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
    }
}
