package org.jirabridge.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create whose answer never arrives (Jira created the issue, our read timed out) is not sent again blindly: the
 * retry finds the issue by the report's label and adopts it.
 */
class ExactlyOnceTest {

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud()
            .with(Map.of(
                    "camel.component.jirarest.configuration.socketTimeout", "1000",
                    // the retry comes after Jira finished the slow request (1.5 s), as with a real timeout
                    "forward.initial-delay-ms", "1500"));

    @Test
    void aTimedOutCreateIsNotRepeatedWhenJiraAlreadyHasTheIssue() {
        service.sandboxDriver().fault("\"path\": \"/rest/api/3/issue\", \"method\": \"POST\", \"delayMs\": 1500,"
                + " \"count\": 1");

        HttpResponse<String> response = service.postJson("/api/v1/reports", "{\"title\": \"Slow Jira\"}");
        String id = RunningService.readTree(response.body()).path("id").asText();

        JsonNode report = service.awaitReportStatus(id, "FORWARDED", Duration.ofSeconds(30));
        assertThat(report.path("attempts").asInt()).isEqualTo(2);
        JsonNode list = Http.sandboxIssues(service.sandbox().baseUrl());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).toString()).contains("jira-bridge-" + id)
                .contains(report.path("jira").path("key").asText());
    }
}
