package org.jirabridge.component.jira.producer;

import java.util.List;
import java.util.Map;

import org.jirabridge.component.jira.SandboxTestSupport;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.RecordedExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** search: /search/jql with nextPageToken on Cloud, /search with startAt on Server, read across pages. */
class SearchOperationTest extends SandboxTestSupport {

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void searchReadsAcrossPagesUpToMaxResults(Flavour flavour) {
        for (int i = 1; i <= 5; i++) {
            createIssue(flavour, "Issue " + i);
        }

        List<Object> all = Json.list(call(uri("search", flavour, "pageSize=2", "maxResults=100"),
                null, Map.of("CamelJiraJql", "project = DEMO ORDER BY key ASC")));
        List<Object> limited = Json.list(call(uri("search", flavour, "pageSize=2", "maxResults=3"),
                "project = DEMO ORDER BY key ASC", Map.of()));

        assertThat(all).hasSize(5);
        assertThat(Json.map(all.get(0)).get("key")).isEqualTo("DEMO-1");
        assertThat(Json.map(Json.map(all.get(0)).get("fields")).get("summary")).isEqualTo("Issue 1");
        assertThat(limited).hasSize(3);
        String path = flavour == Flavour.CLOUD ? "/rest/api/3/search/jql" : "/rest/api/2/search";
        List<RecordedExchange> searches = requests(flavour).stream().filter(e -> e.path().equals(path)).toList();
        // 3 pages for all five, 2 pages for the first three
        assertThat(searches).hasSize(5);
        if (flavour == Flavour.CLOUD) {
            assertThat(searches.get(1).requestText()).contains("nextPageToken");
        } else {
            assertThat(searches.get(1).requestText()).contains("\"startAt\":2");
        }
        assertNoSpecViolations(flavour);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void searchTakesTheJqlOptionWhenNoHeaderOrBodyGivesOne(Flavour flavour) {
        createIssue(flavour, "Only one");

        List<Object> found = Json.list(call(uri("search", flavour, "jql=RAW(project = DEMO)"), null, Map.of()));
        List<Object> none = Json.list(call(uri("search", flavour), null, Map.of("Jql", "project = DEMO AND status = Done")));

        assertThat(found).hasSize(1);
        assertThat(none).isEmpty();
        assertNoSpecViolations(flavour);
    }
}
