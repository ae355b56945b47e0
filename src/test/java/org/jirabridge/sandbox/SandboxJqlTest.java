package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JQL real clients send (OR, !=, ~, IS EMPTY, statusCategory, resolution, currentUser(), date functions, custom
 * fields, fixVersion, component, ORDER BY rank), against seeded issues whose times are relative to now.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxJqlTest {

    private static final String DEMO_USER = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077";
    private static final String ALEX = "557058:2a3e4c5d-0000-4000-8000-000000000002";

    private JiraSandbox cloud;
    private JiraSandbox server;

    @BeforeAll
    void start() {
        cloud = JiraSandbox.start(0, Flavour.CLOUD);
        server = JiraSandbox.start(0, Flavour.SERVER);
        assertThat(SandboxClient.anonymous(cloud).post("/_sandbox/seed", seed(DEMO_USER, ALEX)).status()).isEqualTo(200);
        assertThat(SandboxClient.anonymous(server).post("/_sandbox/seed", seed("admin", "alex")).status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        cloud.stop();
        server.stop();
    }

    private static String seed(String demoUser, String alex) {
        Instant now = Instant.now();
        Map<String, String> at = Map.of("d1", JiraTime.format(now.minus(Duration.ofDays(3))),
                "d2", JiraTime.format(now.minus(Duration.ofDays(2))), "d3", JiraTime.format(now.minus(Duration.ofHours(24))),
                "o1", JiraTime.format(now.minus(Duration.ofDays(10))));
        return """
                {"projects":[{"key":"OPS"}],
                 "issues":[
                  {"project":"DEMO","issueType":"Bug","summary":"Checkout crash on iPhone","description":"Tap pay: the app closes",
                   "labels":["crash"],"priority":"High","assignee":"%1$s","created":"%3$s",
                   "fields":{"components":[{"name":"Checkout"}],"fixVersions":[{"name":"3.4.1"}],"customfield_10010":"2.4.1",
                             "customfield_10011":"Critical","customfield_10013":120},
                   "comments":[{"body":"seen on staging too"}]},
                  {"project":"DEMO","issueType":"Task","summary":"Login is slow","status":"In Progress","priority":"Low",
                   "created":"%4$s","fields":{"components":[{"name":"Login"}],"customfield_10011":"Minor"}},
                  {"project":"DEMO","issueType":"Bug","summary":"Search broken","status":"Done","priority":"Highest",
                   "labels":["ios"],"assignee":"%2$s","created":"%5$s","fields":{"customfield_10013":3}},
                  {"project":"OPS","issueType":"Story","summary":"Runbook for outages","created":"%6$s"},
                  {"project":"DEMO","issueType":"Task","summary":"Fresh today"}]}"""
                .formatted(demoUser, alex, at.get("d1"), at.get("d2"), at.get("d3"), at.get("o1"));
    }

    private List<String> keys(JiraSandbox sandbox, String jql) {
        String path = sandbox.flavour() == Flavour.CLOUD ? "/rest/api/3/search/jql" : "/rest/api/2/search";
        SandboxClient.Answer answer = SandboxClient.demo(sandbox).post(path, SandboxClient.MAPPER.createObjectNode()
                .put("jql", jql).set("fields", SandboxClient.MAPPER.createArrayNode().add("summary")).toString());
        assertThat(answer.status()).as(jql + " -> " + answer.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        answer.json().get("issues").forEach(i -> keys.add(i.get("key").asText()));
        return keys;
    }

    private List<String> cloudKeys(String jql) {
        return keys(cloud, jql + " ORDER BY key ASC");
    }

    @Test
    void booleanLogicAndNegation() {
        assertThat(cloudKeys("project = OPS OR labels = ios")).containsExactly("DEMO-3", "OPS-1");
        assertThat(cloudKeys("project = DEMO AND (priority = High OR status = Done)")).containsExactly("DEMO-1", "DEMO-3");
        assertThat(cloudKeys("project = DEMO AND NOT issuetype = Bug")).containsExactly("DEMO-2", "DEMO-4");
        assertThat(cloudKeys("project = DEMO AND priority != Medium")).containsExactly("DEMO-1", "DEMO-2", "DEMO-3");
        assertThat(cloudKeys("project = DEMO AND status NOT IN (Done, \"To Do\")")).containsExactly("DEMO-2");
        // like Jira, != never matches an empty field
        assertThat(cloudKeys("project = DEMO AND assignee != \"Alex Triager\"")).containsExactly("DEMO-1");
    }

    @Test
    void emptinessStatusCategoriesAndResolutions() {
        assertThat(cloudKeys("project = DEMO AND assignee IS EMPTY")).containsExactly("DEMO-2", "DEMO-4");
        assertThat(cloudKeys("project = DEMO AND assignee is not EMPTY")).containsExactly("DEMO-1", "DEMO-3");
        assertThat(cloudKeys("labels is EMPTY")).containsExactly("DEMO-2", "DEMO-4", "OPS-1");
        assertThat(cloudKeys("statusCategory = \"In Progress\"")).containsExactly("DEMO-2");
        assertThat(cloudKeys("statusCategory != Done AND project = DEMO")).containsExactly("DEMO-1", "DEMO-2", "DEMO-4");
        assertThat(cloudKeys("project = DEMO AND resolution = Unresolved")).containsExactly("DEMO-1", "DEMO-2", "DEMO-4");
        assertThat(cloudKeys("resolution = Done")).containsExactly("DEMO-3");
        assertThat(cloudKeys("resolved is not EMPTY")).containsExactly("DEMO-3");
    }

    @Test
    void usersTextAndFunctions() {
        assertThat(cloudKeys("assignee = currentUser()")).containsExactly("DEMO-1");
        assertThat(keys(server, "assignee = currentUser()")).containsExactly("DEMO-1");
        assertThat(keys(server, "assignee in (alex, admin) ORDER BY key DESC")).containsExactly("DEMO-3", "DEMO-1");
        assertThat(cloudKeys("summary ~ crash")).containsExactly("DEMO-1");
        assertThat(cloudKeys("text ~ \"staging\"")).containsExactly("DEMO-1");
        assertThat(cloudKeys("description ~ \"app clos*\"")).containsExactly("DEMO-1");
        assertThat(cloudKeys("project = DEMO AND summary !~ crash")).containsExactly("DEMO-2", "DEMO-3", "DEMO-4");
        assertThat(cloudKeys("created >= startOfDay()")).containsExactly("DEMO-4");
        assertThat(cloudKeys("created >= startOfDay(-1d)")).containsExactly("DEMO-3", "DEMO-4");
        assertThat(cloudKeys("created > \"-36h\" AND updated <= now()")).containsExactly("DEMO-3", "DEMO-4");
        assertThat(cloudKeys("created < startOfDay(\"-5\")")).containsExactly("OPS-1");
    }

    @Test
    void nowTakesAnOffsetWithAUnitOrInMinutes() {
        // seeded: DEMO-1 3 days ago, DEMO-2 2 days, DEMO-3 24 hours, DEMO-4 at the start of the class, OPS-1 10 days
        assertThat(cloudKeys("project = DEMO AND created < now(\"-30h\")")).containsExactly("DEMO-1", "DEMO-2");
        assertThat(cloudKeys("created >= now(-1w) AND created < now(-90)")).containsExactly("DEMO-1", "DEMO-2", "DEMO-3");
        assertThat(cloudKeys("created > now(\"-90\")")).containsExactly("DEMO-4");
        assertThat(cloudKeys("updated <= now(\"+1h\") AND project = DEMO")).containsExactly("DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4");
        assertThat(keys(server, "project = DEMO AND created < now(\"-30h\") ORDER BY key ASC")).containsExactly("DEMO-1", "DEMO-2");
        assertThat(error("created > now(soon)")).startsWith("The argument 'soon'");
    }

    @Test
    void dateLiteralsAreReadInTheSearchersTimeZone() {
        SandboxClient.Answer issue = SandboxClient.demo(cloud).get("/rest/api/3/issue/DEMO-1?fields=created");
        Instant created = JiraTime.parse(issue.json().at("/fields/created").asText());
        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(created.atZone(ZoneId.of("Pacific/Auckland")));
        SandboxClient control = SandboxClient.anonymous(cloud);
        String profile = "{\"user\": \"" + DEMO_USER + "\", \"timeZone\": \"%s\"}";
        assertThat(control.put("/_sandbox/users/profile", profile.formatted("Pacific/Auckland")).status()).isEqualTo(204);
        try {
            assertThat(cloudKeys("key = DEMO-1 AND created >= \"" + local + "\"")).containsExactly("DEMO-1");
            assertThat(cloudKeys("key = DEMO-1 AND created < \"" + local + "\"")).isEmpty();
        } finally {
            assertThat(control.put("/_sandbox/users/profile", profile.formatted("UTC")).status()).isEqualTo(204);
        }
        // the same wall-clock time in UTC is 12 or 13 hours later than the issue's creation
        assertThat(cloudKeys("key = DEMO-1 AND created >= \"" + local + "\"")).isEmpty();
    }

    @Test
    void customFieldsVersionsAndComponents() {
        assertThat(cloudKeys("cf[10011] = Critical")).containsExactly("DEMO-1");
        assertThat(cloudKeys("Severity in (Minor, Critical)")).containsExactly("DEMO-1", "DEMO-2");
        assertThat(cloudKeys("customfield_10010 ~ \"2.4\"")).containsExactly("DEMO-1");
        assertThat(cloudKeys("cf[10013] > 10")).containsExactly("DEMO-1");
        assertThat(cloudKeys("cf[10013] <= 10")).containsExactly("DEMO-3");
        assertThat(cloudKeys("fixVersion = \"3.4.1\"")).containsExactly("DEMO-1");
        assertThat(cloudKeys("component in (Checkout, Login)")).containsExactly("DEMO-1", "DEMO-2");
        assertThat(cloudKeys("project = DEMO AND component is EMPTY")).containsExactly("DEMO-3", "DEMO-4");
    }

    @Test
    void orderByRankAndCreated() {
        assertThat(keys(cloud, "project = DEMO ORDER BY rank")).containsExactly("DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4");
        assertThat(keys(cloud, "project = DEMO ORDER BY created DESC")).containsExactly("DEMO-4", "DEMO-3", "DEMO-2", "DEMO-1");
        assertThat(keys(server, "project = DEMO ORDER BY Rank ASC")).startsWith("DEMO-1", "DEMO-2");
    }

    @Test
    void refusalsNameTheProblem() {
        assertThat(error("project = DEMO ORDER BY votes")).startsWith("Error in the JQL Query: the Jira sandbox does not support");
        assertThat(error("statusCategory = Purple")).isEqualTo("The value 'Purple' does not exist for the field 'statusCategory'.");
        assertThat(error("assignee = nobody@example.com")).isEqualTo("The value 'nobody@example.com' does not exist for the field 'assignee'.");
        assertThat(error("created > startOfDay(soon)")).startsWith("The argument 'soon'");
        assertThat(error("project = DEMO AND (status = Done")).startsWith("Error in the JQL Query: Expecting ')'");
        assertThat(error("labels ~ crash")).isEqualTo("The operator '~' is not supported by the 'labels' field.");
    }

    private String error(String jql) {
        SandboxClient.Answer answer = SandboxClient.demo(cloud).post("/rest/api/3/search/jql",
                SandboxClient.MAPPER.createObjectNode().put("jql", jql).toString());
        assertThat(answer.status()).as(jql + " -> " + answer.body()).isEqualTo(400);
        JsonNode messages = answer.json().get("errorMessages");
        return messages.get(0).asText();
    }
}
