package org.jirabridge.intake;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad intake bodies get a 4xx JSON error that names the problem, and leave no rows behind. */
class IntakeValidationTest {

    // nothing is forwarded here: the rows a bad body might leave are what the tests look for
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of("forward.poll-interval-ms", "3600000"));

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{", "malformed_json", null),
                Arguments.of("", "malformed_json", null),
                Arguments.of("[1,2]", "invalid_report", null),
                Arguments.of("\"just a string\"", "invalid_report", null),
                Arguments.of("{}", "invalid_report", "title"),
                Arguments.of("{\"title\": \"   \"}", "invalid_report", "title"),
                Arguments.of("{\"title\": 42}", "invalid_report", "title"),
                Arguments.of("{\"title\": null}", "invalid_report", "title"),
                Arguments.of("{\"title\": \"t\", \"type\": \"incident\"}", "invalid_report", "type"),
                Arguments.of("{\"title\": \"t\", \"priority\": \"Urgent\"}", "invalid_report", "priority"),
                Arguments.of("{\"title\": \"t\", \"reporter\": {\"email\": \"not-an-email\"}}", "invalid_report",
                        "reporter.email"),
                Arguments.of("{\"title\": \"t\", \"reporter\": \"jane\"}", "invalid_report", "reporter"),
                Arguments.of("{\"title\": \"t\", \"tags\": \"a,b\"}", "invalid_report", "tags"),
                Arguments.of("{\"title\": \"t\", \"tags\": [1]}", "invalid_report", "tags[0]"),
                Arguments.of("{\"title\": \"t\", \"attachments\": [{\"name\": \"a\", \"data\": \"@@@\"}]}",
                        "invalid_report", "attachments[0].data"),
                Arguments.of("{\"title\": \"t\", \"attachments\": [{\"data\": \"aGk=\"}]}", "invalid_report",
                        "attachments[0].name"),
                Arguments.of("{\"title\": \"t\", \"severity\": \"high\"}", "invalid_report", "severity"),
                Arguments.of("{\"title\": \"t\", \"app\": {\"name\": \"a\", \"build\": 7}}", "invalid_report",
                        "app.build"),
                Arguments.of("{\"title\": \"t\", \"device\": []}", "invalid_report", "device"),
                Arguments.of("{\"title\": \"t\", \"integrationId\": \"nope\"}", "invalid_report", "integrationId"),
                Arguments.of("{\"title\": \"" + "x".repeat(2001) + "\"}", "invalid_report", "title"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aBadBodyIsA400NamingTheProblemAndStoresNothing(String body, String error, String field) throws Exception {
        long before = rows("report") + rows("outbox");

        HttpResponse<String> response = service.postJson("/api/v1/reports", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode json = RunningService.readTree(response.body());
        assertThat(json.path("error").asText()).isEqualTo(error);
        assertThat(json.path("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(json.path("details").findValuesAsText("field")).contains(field);
        }
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(rows("report") + rows("outbox")).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotJsonIsA415() throws Exception {
        long before = rows("report");
        HttpResponse<String> response = service.send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/v1/reports"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("title=hello")));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(RunningService.readTree(response.body()).path("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(rows("report")).isEqualTo(before);
    }

    @Test
    void aGoodReportIsStoredWithItsOutboxRowAndTheSameExternalIdIsNotStoredTwice() throws Exception {
        long reports = rows("report");
        long outbox = rows("outbox");
        String body = "{\"title\": \"Valid\", \"externalId\": \"ext-42\"}";

        HttpResponse<String> first = service.postJson("/api/v1/reports", body);
        HttpResponse<String> second = service.postJson("/api/v1/reports", body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        String id = RunningService.readTree(first.body()).path("id").asText();
        assertThat(RunningService.readTree(second.body()).path("id").asText()).isEqualTo(id);
        assertThat(first.headers().firstValue("Location")).hasValue("/api/v1/reports/" + id);
        assertThat(rows("report")).isEqualTo(reports + 1);
        assertThat(rows("outbox")).isEqualTo(outbox + 1);
        JsonNode report = service.report(id);
        assertThat(report.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(report.path("priority").asText()).isEqualTo("NA");
        assertThat(report.path("type").asText()).isEqualTo("bug");
    }

    @Test
    void anUnknownReportIsA404Json() {
        HttpResponse<String> response = service.get("/api/v1/reports/does-not-exist");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(RunningService.readTree(response.body()).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void anUnknownPathOrMethodIsA404Json() {
        for (HttpResponse<String> response : java.util.List.of(service.get("/api/v1/nothing"),
                service.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/reports/x")).DELETE()))) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(RunningService.readTree(response.body()).path("error").asText()).isEqualTo("not_found");
        }
    }

    private static long rows(String table) {
        return service.count("SELECT COUNT(*) FROM " + table);
    }
}
