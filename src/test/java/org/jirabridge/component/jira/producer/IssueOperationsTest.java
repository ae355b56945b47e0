package org.jirabridge.component.jira.producer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.jirabridge.component.jira.JiraRestConstants;
import org.jirabridge.component.jira.JiraRestException;
import org.jirabridge.component.jira.SandboxTestSupport;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.RecordedExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** addIssue, fetchIssue, updateIssue, transitionIssue and deleteIssue against both sandboxes. */
class IssueOperationsTest extends SandboxTestSupport {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void addIssueFromHeadersAndStringDescription(Flavour flavour) {
        String alex = flavour == Flavour.CLOUD ? "557058:2a3e4c5d-0000-4000-8000-000000000002" : "alex";
        Exchange exchange = send(uri("addIssue", flavour), "App crashes on start\nafter update\n\nSeen on 2.3.1",
                Map.of("ProjectKey", "DEMO", "IssueTypeName", "Bug", "IssueSummary", "Crash on start",
                        "IssuePriorityName", "High", "IssueAssignee", alex));

        assertThat(exchange.getException()).isNull();
        Map<String, Object> created = Json.map(exchange.getMessage().getBody());
        String key = String.valueOf(created.get("key"));
        assertThat(key).startsWith("DEMO-");
        assertThat(created).containsKeys("id", "self");
        assertThat(exchange.getMessage().getHeader("IssueKey")).isEqualTo(key);
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.ISSUE_KEY)).isEqualTo(key);
        assertThat(exchange.getMessage().getHeader("IssueId")).isEqualTo(created.get("id"));
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.ISSUE_URL, String.class))
                .isEqualTo(SANDBOXES.get(flavour).baseUrl() + "/browse/" + key);
        assertThat(exchange.getMessage().getHeader(JiraRestConstants.DEPLOYMENT)).isEqualTo(deployment(flavour).name());

        RecordedExchange create = requests(flavour).get(0);
        String version = flavour == Flavour.CLOUD ? "3" : "2";
        assertThat(create.method() + " " + create.path()).isEqualTo("POST /rest/api/" + version + "/issue");
        Object description = Json.map(Json.map(Json.read(create.requestText())).get("fields")).get("description");
        if (flavour == Flavour.CLOUD) {
            // plain text became ADF: two paragraphs, the first with a hard break
            assertThat(Json.map(description)).containsEntry("type", "doc");
            assertThat(Json.list(Json.map(description).get("content"))).hasSize(2);
        } else {
            assertThat(description).isEqualTo("App crashes on start\nafter update\n\nSeen on 2.3.1");
        }

        Map<String, Object> issue = Json.map(call(uri("fetchIssue", flavour), null, Map.of("IssueKey", key)));
        Map<String, Object> fields = Json.map(issue.get("fields"));
        assertThat(issue.get("key")).isEqualTo(key);
        assertThat(fields.get("summary")).isEqualTo("Crash on start");
        assertThat(Json.map(fields.get("priority")).get("name")).isEqualTo("High");
        assertThat(Json.map(fields.get("issuetype")).get("name")).isEqualTo("Bug");
        // the assignee went by accountId on Cloud and by user name on Server
        assertThat(Json.map(fields.get("assignee")).get(flavour == Flavour.CLOUD ? "accountId" : "name")).isEqualTo(alex);
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void addIssueWithMapBodyKeepsItsFieldsAndFillsOnlyMissingOnes(Flavour flavour) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", "DEMO"));
        fields.put("issuetype", Map.of("name", "Task"));
        fields.put("summary", "From the dispatcher");
        fields.put("labels", List.of("jira-bridge"));
        Map<String, Object> payload = Map.of("fields", fields);

        Exchange exchange = send(uri("addIssue", flavour), payload,
                Map.of("CamelJiraIssueSummary", "ignored: the map has a summary", "IssuePriorityName", "Low"));

        assertThat(exchange.getException()).isNull();
        String key = exchange.getMessage().getHeader("CamelJiraIssueKey", String.class);
        Map<String, Object> issue = Json.map(call(uri("fetchIssue", flavour, "fields=summary,labels,priority,issuetype"),
                null, Map.of("IssueKey", key)));
        Map<String, Object> stored = Json.map(issue.get("fields"));
        assertThat(stored.get("summary")).isEqualTo("From the dispatcher");
        assertThat(stored.get("labels")).isEqualTo(List.of("jira-bridge"));
        assertThat(Json.map(stored.get("priority")).get("name")).isEqualTo("Low");
        assertThat(Json.map(stored.get("issuetype")).get("name")).isEqualTo("Task");
        // the caller's map is not changed by filling from headers
        assertThat(fields).doesNotContainKey("priority");
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void updateIssueFromMapBodyAndFromHeaders(Flavour flavour) {
        String key = createIssue(flavour, "Before");

        call(uri("updateIssue", flavour), Map.of("fields", Map.of("summary", "After")), Map.of("IssueKey", key));
        call(uri("updateIssue", flavour), null, Map.of("IssueKey", key, "IssuePriorityName", "Highest"));

        Map<String, Object> fields = Json.map(Json.map(call(uri("fetchIssue", flavour), null,
                Map.of("IssueKey", key))).get("fields"));
        assertThat(fields.get("summary")).isEqualTo("After");
        assertThat(Json.map(fields.get("priority")).get("name")).isEqualTo("Highest");
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void transitionIssueMovesTheStatusAndAddsTheBodyAsComment(Flavour flavour) {
        String key = createIssue(flavour, "To be done");

        call(uri("transitionIssue", flavour), "Fixed in 2.3.2", Map.of("IssueKey", key, "IssueTransitionId", 31));

        Map<String, Object> fields = Json.map(Json.map(call(uri("fetchIssue", flavour), null,
                Map.of("IssueKey", key))).get("fields"));
        assertThat(Json.map(fields.get("status")).get("name")).isEqualTo("Done");
        List<Object> comments = Json.list(call(uri("fetchComments", flavour), null, Map.of("IssueKey", key)));
        assertThat(comments).hasSize(1);
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void deleteIssueRemovesIt(Flavour flavour) {
        String key = createIssue(flavour, "Short-lived");

        call(uri("deleteIssue", flavour), null, Map.of("CamelJiraIssueKey", key));

        JiraRestException gone = failure(send(uri("fetchIssue", flavour), null, Map.of("IssueKey", key)));
        assertThat(gone.failure()).isEqualTo(JiraRestException.Failure.NOT_FOUND);
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void operationsOnAnIssueNeedItsKey(Flavour flavour) {
        Exchange exchange = send(uri("fetchIssue", flavour), null, Map.of());

        assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CamelJiraIssueKey");
        assertThat(requests(flavour)).isEmpty();
    }
}
