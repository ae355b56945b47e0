package org.jirabridge.setup;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Database;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The integrations API: create, read (secrets masked), edit (secrets kept or rotated), delete, and its 400s. */
class IntegrationsApiTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.server();

    private static String serverBody(String id, String password) {
        return """
                {"id": "%s", "name": "Team Jira",
                 "connection": {"deployment": "server", "baseUrl": "%s", "authType": "BASIC",
                                "username": "admin", "password": "%s"},
                 "target": {"projectKey": "DEMO", "issueType": "Bug"},
                 "mapping": {"priorityMap": {"Major": "Highest"}, "include": ["app", "link"]},
                 "sync": {"autoForward": true, "webhookSecret": "hook-secret-1"}}
                """.formatted(id, service.sandbox().baseUrl(), password);
    }

    @Test
    void anIntegrationIsCreatedReadWithMaskedSecretsAndForwardsReports() throws Exception {
        HttpResponse<String> created = service.postJson("/api/v1/integrations", serverBody("team", "admin"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("hook-secret-1").contains("\"password\":\"********\"");

        JsonNode read = RunningService.readTree(service.get("/api/v1/integrations/team").body());
        assertThat(read.path("connection").path("password").asText()).isEqualTo("********");
        assertThat(read.path("connection").path("username").asText()).isEqualTo("admin");
        assertThat(read.path("sync").path("webhookSecret").asText()).isEqualTo("********");
        assertThat(read.path("mapping").path("priorityMap").path("Major").asText()).isEqualTo("Highest");
        assertThat(service.get("/api/v1/integrations").body()).contains("\"team\"").contains("\"demo\"")
                .doesNotContain("hook-secret-1");
        assertThat(secretColumnsHoldNoPlainText("hook-secret-1")).isTrue();

        HttpResponse<String> report = service.postJson("/api/v1/reports",
                "{\"title\": \"Via team\", \"priority\": \"Major\", \"integrationId\": \"team\"}");
        String id = RunningService.readTree(report.body()).path("id").asText();
        JsonNode forwarded = service.awaitReportStatus(id, "FORWARDED", Duration.ofSeconds(30));
        assertThat(forwarded.path("jira").path("priority").asText()).isEqualTo("Highest");
    }

    @Test
    void editingKeepsSecretsThatAreNotResentAndSwitchesAuthTypeWithoutANewIntegration() {
        assertThat(service.postJson("/api/v1/integrations", serverBody("editable", "admin")).statusCode())
                .isEqualTo(201);
        // the client sends back what it read: masked secrets mean "keep them"
        HttpResponse<String> kept = put("/api/v1/integrations/editable", serverBody("editable", "********")
                .replace("Team Jira", "Renamed"));
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(service.bean("integrations", Integrations.class).secrets("editable"))
                .containsEntry("password", "admin").containsEntry("webhookSecret", "hook-secret-1");

        HttpResponse<String> toPat = put("/api/v1/integrations/editable", """
                {"name": "Renamed",
                 "connection": {"deployment": "server", "baseUrl": "%s", "authType": "PAT", "token": "demo-pat"},
                 "target": {"projectKey": "DEMO", "issueType": "Task"}}
                """.formatted(service.sandbox().baseUrl()));
        assertThat(toPat.statusCode()).as(toPat.body()).isEqualTo(200);
        assertThat(service.bean("integrations", Integrations.class).secrets("editable"))
                .containsOnlyKeys("token");

        HttpResponse<String> report = service.postJson("/api/v1/reports",
                "{\"title\": \"Via PAT\", \"integrationId\": \"editable\"}");
        String id = RunningService.readTree(report.body()).path("id").asText();
        service.awaitReportStatus(id, "FORWARDED", Duration.ofSeconds(30));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"id\": \"Bad Id\"}", "id"),
                Arguments.of("{\"id\": \"x\", \"connection\": {\"deployment\": \"server\", \"baseUrl\": \"http://j\","
                        + " \"authType\": \"PAT\", \"token\": \"t\", \"apiToken\": \"a\"},"
                        + " \"target\": {\"projectKey\": \"A\", \"issueType\": \"Bug\"}}", "connection.apiToken"),
                Arguments.of("{\"id\": \"x\", \"connection\": {\"deployment\": \"cloud\", \"baseUrl\": \"http://j\","
                        + " \"authType\": \"PAT\", \"token\": \"t\"},"
                        + " \"target\": {\"projectKey\": \"A\", \"issueType\": \"Bug\"}}", "connection.authType"),
                Arguments.of("{\"id\": \"x\", \"connection\": {\"deployment\": \"cloud\", \"baseUrl\": \"http://j\","
                        + " \"authType\": \"BASIC\", \"email\": \"a@b.c\"},"
                        + " \"target\": {\"projectKey\": \"A\", \"issueType\": \"Bug\"}}", "connection.apiToken"),
                Arguments.of("{\"id\": \"x\", \"connection\": {\"deployment\": \"cloud\", \"baseUrl\": \"ftp://j\","
                        + " \"authType\": \"BASIC\", \"email\": \"a@b.c\", \"apiToken\": \"t\"},"
                        + " \"target\": {\"projectKey\": \"A\", \"issueType\": \"Bug\"}}", "connection.baseUrl"),
                Arguments.of("{\"id\": \"x\", \"connection\": {\"deployment\": \"cloud\", \"baseUrl\": \"http://j\","
                        + " \"authType\": \"BASIC\", \"email\": \"a@b.c\", \"apiToken\": \"t\"},"
                        + " \"target\": {\"projectKey\": \"A\"}}", "target.issueType"),
                Arguments.of("{\"id\": \"x\", \"connection\": {\"deployment\": \"cloud\", \"baseUrl\": \"http://j\","
                        + " \"authType\": \"BASIC\", \"email\": \"a@b.c\", \"apiToken\": \"t\"},"
                        + " \"target\": {\"projectKey\": \"A\", \"issueType\": \"Bug\"},"
                        + " \"mapping\": {\"priorityMap\": {\"Urgent\": \"High\"}}}", "mapping.priorityMap.Urgent"),
                Arguments.of("{\"id\": \"x\", \"connection\": {\"deployment\": \"cloud\", \"baseUrl\": \"http://j\","
                        + " \"authType\": \"BASIC\", \"email\": \"a@b.c\", \"apiToken\": \"t\"},"
                        + " \"target\": {\"projectKey\": \"A\", \"issueType\": \"Bug\"},"
                        + " \"sync\": {\"autoForward\": \"yes\"}}", "autoForward"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aBadIntegrationIsA400NamingTheField(String body, String field) {
        HttpResponse<String> response = service.postJson("/api/v1/integrations", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode json = RunningService.readTree(response.body());
        assertThat(json.path("error").asText()).isEqualTo("invalid_integration");
        assertThat(json.path("details").findValuesAsText("field")).contains(field);
        assertThat(service.get("/api/v1/integrations/x").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"http://acme.atlassian.net", "https://169.254.169.254",
            "http://metadata.google.internal", "https://[fe80::1]"})
    void aBaseUrlThatCouldReachInternalServicesIsRefused(String baseUrl) {
        HttpResponse<String> response = service.postJson("/api/v1/integrations",
                serverBody("ssrf", "admin").replace(service.sandbox().baseUrl(), baseUrl));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(RunningService.readTree(response.body()).path("details").findValuesAsText("field"))
                .contains("connection.baseUrl");
        assertThat(service.get("/api/v1/integrations/ssrf").statusCode()).isEqualTo(404);
    }

    @Test
    void duplicatesConflictAndAnIntegrationWithReportsCannotBeDeleted() {
        assertThat(service.postJson("/api/v1/integrations", serverBody("dup", "admin")).statusCode()).isEqualTo(201);
        assertThat(service.postJson("/api/v1/integrations", serverBody("dup", "admin")).statusCode()).isEqualTo(409);
        assertThat(delete("/api/v1/integrations/dup").statusCode()).isEqualTo(204);
        assertThat(service.get("/api/v1/integrations/dup").statusCode()).isEqualTo(404);

        assertThat(service.postJson("/api/v1/integrations", serverBody("used", "admin")).statusCode()).isEqualTo(201);
        service.postJson("/api/v1/reports", "{\"title\": \"keeps it\", \"integrationId\": \"used\"}");
        assertThat(delete("/api/v1/integrations/used").statusCode()).isEqualTo(409);
    }

    private static HttpResponse<String> put(String path, String json) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> delete(String path) {
        return service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).DELETE());
    }

    private static boolean secretColumnsHoldNoPlainText(String secret) throws Exception {
        try (Connection c = service.bean("database", Database.class).dataSource().getConnection();
             Statement statement = c.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM integration")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String value = rs.getString(i);
                    if (value != null && value.contains(secret)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
