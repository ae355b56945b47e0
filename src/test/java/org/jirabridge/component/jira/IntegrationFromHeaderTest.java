package org.jirabridge.component.jira;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.jirabridge.component.jira.client.Json;
import org.jirabridge.sandbox.Flavour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jirarest:<operation>} without {@code integration=} or {@code jiraUrl}: each exchange names its integration in
 * header JiraBridgeIntegrationId, and one endpoint serves them all, resolving connection, site guard and observer per
 * exchange.
 */
class IntegrationFromHeaderTest extends SandboxTestSupport {

    private static final String HEADER = JiraRestConstants.INTEGRATION_ID;

    @AfterEach
    void forgetGuardAndObserver() {
        component().setSiteGuard(JiraSiteGuard.NONE);
        component().setObserver(JiraRestObserver.NONE);
    }

    @Test
    void oneEndpointServesEveryIntegrationNamedInTheHeader() {
        Map<String, Object> cloudMe = Json.map(call("jirarest:myself", null, Map.of(HEADER, "cloud")));
        Map<String, Object> serverMe = Json.map(call("jirarest:myself", null, Map.of(HEADER, "server")));
        Map<String, Object> cloudAgain = Json.map(call("jirarest:myself", null, Map.of(HEADER, "cloud")));

        assertThat(cloudMe.get("emailAddress")).isEqualTo("demo@example.com");
        assertThat(serverMe.get("name")).isEqualTo("admin");
        assertThat(cloudAgain.get("emailAddress")).isEqualTo("demo@example.com");
        assertThat(requests(Flavour.CLOUD)).extracting(e -> e.method() + " " + e.path())
                .containsExactly("GET /rest/api/3/myself", "GET /rest/api/3/myself");
        assertThat(requests(Flavour.SERVER)).extracting(e -> e.method() + " " + e.path())
                .containsExactly("GET /rest/api/2/myself");
        // one endpoint without options served all three (no endpoint per integration, as toD made)
        List<Endpoint> endpoints = context.getEndpoints().stream()
                .filter(e -> e.getEndpointUri().startsWith("jirarest://myself")).toList();
        assertThat(endpoints).extracting(Endpoint::getEndpointUri).containsOnlyOnce("jirarest://myself")
                .noneMatch(uri -> uri.contains("integration=server"));
    }

    @Test
    void anIssueIsCreatedAndReadThroughTheHeaderLikeThroughTheOption() {
        Exchange created = send("jirarest:addIssue", "Created through the header", Map.of(HEADER, "server",
                "CamelJiraIssueProjectKey", "DEMO", "CamelJiraIssueTypeName", "Bug", "CamelJiraIssueSummary", "Via header"));
        assertThat(created.getException()).isNull();
        String key = created.getMessage().getHeader(JiraRestConstants.ISSUE_KEY, String.class);

        Map<String, Object> issue = Json.map(call(uri("fetchIssue", Flavour.SERVER), null, Map.of("IssueKey", key)));

        assertThat(Json.map(issue.get("fields")).get("summary")).isEqualTo("Via header");
        assertThat(requests(Flavour.CLOUD)).isEmpty();
        assertNoSpecViolations(Flavour.SERVER);
    }

    @Test
    void siteGuardAndObserverAreToldTheIntegrationOfEachExchange() {
        List<String> guarded = new CopyOnWriteArrayList<>();
        List<String> limited = new CopyOnWriteArrayList<>();
        component().setSiteGuard((exchange, integration) -> guarded.add(integration));
        component().setObserver((integration, site) -> limited.add(integration + "@" + site));
        sandbox(Flavour.SERVER).fault(Map.of("path", "/rest/api/2/myself", "method", "GET", "status", 429, "count", 1));

        assertThat(send("jirarest:myself", null, Map.of(HEADER, "cloud")).getException()).isNull();
        JiraRestException refused = failure(send("jirarest:myself", null, Map.of(HEADER, "server")));

        assertThat(refused.getHttpResponseCode()).isEqualTo(429);
        assertThat(guarded).containsExactly("cloud", "server");
        assertThat(limited).containsExactly("server@" + URI.create(SANDBOXES.get(Flavour.SERVER).baseUrl()).getAuthority());
    }

    @Test
    void theUriOptionWinsOverTheHeader() {
        Map<String, Object> me = Json.map(call(uri("myself", Flavour.CLOUD), null, Map.of(HEADER, "server")));

        assertThat(me.get("emailAddress")).isEqualTo("demo@example.com");
        assertThat(requests(Flavour.SERVER)).isEmpty();
    }

    @Test
    void theExplicitFormIgnoresTheHeader() {
        List<String> guarded = new CopyOnWriteArrayList<>();
        component().setSiteGuard((exchange, integration) -> guarded.add(integration));
        String explicit = "jirarest:myself?jiraUrl=" + SANDBOXES.get(Flavour.SERVER).baseUrl()
                + "&deployment=server&authType=PAT&accessToken=demo-pat";

        Map<String, Object> me = Json.map(call(explicit, null, Map.of(HEADER, "cloud")));

        assertThat(me.get("name")).isEqualTo("admin");
        assertThat(requests(Flavour.CLOUD)).isEmpty();
        assertThat(guarded).isEmpty();
    }

    @Test
    void withoutOptionOrHeaderTheExchangeFailsClearlyBeforeAnyRequest() {
        for (Map<String, Object> headers : List.<Map<String, Object>>of(Map.of(), Map.of(HEADER, "  "))) {
            Exchange exchange = send("jirarest:addIssue", "x", headers);

            assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("jirarest:addIssue does not know which Jira to call: give integration=<id> or jiraUrl"
                            + " in the URI, or the integration's id in header JiraBridgeIntegrationId");
        }
        assertThat(requests(Flavour.CLOUD)).isEmpty();
        assertThat(requests(Flavour.SERVER)).isEmpty();
    }

    @Test
    void anUnknownIntegrationInTheHeaderIsTheResolversError() {
        Exchange exchange = send("jirarest:myself", null, Map.of(HEADER, "nope"));

        assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No integration nope");
    }

    private static JiraRestComponent component() {
        return context.getComponent("jirarest", JiraRestComponent.class);
    }
}
