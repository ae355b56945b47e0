package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JQL subset against seeded issues with known timestamps, through both flavours' search endpoints. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxSearchTest {

    private static final String SEED = """
            {"projects":[{"key":"OPS"}],
             "issues":[
              {"project":"DEMO","issueType":"Bug","summary":"one","labels":["crash"],"priority":"High",
               "created":"2026-11-20T09:00:00.000+0000","updated":"2026-11-20T10:00:00.000+0000"},
              {"project":"DEMO","issueType":"Task","summary":"two","status":"In Progress","priority":"Low",
               "created":"2026-11-20T09:30:00.000+0000","updated":"2026-11-21T10:00:00.000+0000"},
              {"project":"DEMO","issueType":"Bug","summary":"three","labels":["crash","ios"],"status":"Done","priority":"Highest",
               "created":"2026-11-21T08:00:00.000+0000","updated":"2026-11-22T10:00:30.000+0000"},
              {"project":"OPS","issueType":"Story","summary":"four",
               "created":"2026-11-19T08:00:00.000+0000","updated":"2026-11-23T10:00:00.000+0000"}]}""";

    private JiraSandbox cloud;
    private JiraSandbox server;

    @BeforeAll
    void start() {
        cloud = JiraSandbox.start(0, Flavour.CLOUD);
        server = JiraSandbox.start(0, Flavour.SERVER);
        assertThat(SandboxClient.anonymous(cloud).post("/_sandbox/seed", SEED).status()).isEqualTo(200);
        assertThat(SandboxClient.anonymous(server).post("/_sandbox/seed", SEED).status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        cloud.stop();
        server.stop();
    }

    private List<String> cloudKeys(String jql) {
        SandboxClient.Answer answer = SandboxClient.demo(cloud).post("/rest/api/3/search/jql",
                SandboxClient.MAPPER.createObjectNode().put("jql", jql).set("fields", SandboxClient.MAPPER.createArrayNode().add("summary")).toString());
        assertThat(answer.status()).as(jql + " -> " + answer.body()).isEqualTo(200);
        return keys(answer.json());
    }

    private List<String> serverKeys(String jql) {
        SandboxClient.Answer answer = SandboxClient.demo(server).post("/rest/api/2/search",
                SandboxClient.MAPPER.createObjectNode().put("jql", jql).toString());
        assertThat(answer.status()).as(jql + " -> " + answer.body()).isEqualTo(200);
        return keys(answer.json());
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.get("issues").forEach(i -> keys.add(i.get("key").asText()));
        return keys;
    }

    @Test
    void updatedComparesAgainstMinutePrecisionTimestamps() {
        assertThat(cloudKeys("project = DEMO AND updated >= \"2026-11-21 10:00\" ORDER BY updated ASC")).containsExactly("DEMO-2", "DEMO-3");
        assertThat(cloudKeys("project = DEMO AND updated > \"2026-11-21 10:00\"")).containsExactly("DEMO-3");
        assertThat(cloudKeys("project = DEMO AND updated <= \"2026/11/21 10:00\" ORDER BY key ASC")).containsExactly("DEMO-1", "DEMO-2");
        assertThat(cloudKeys("project = DEMO AND updated < \"2026-11-21\"")).containsExactly("DEMO-1");
        assertThat(serverKeys("updated >= \"2026-11-22 10:00\" ORDER BY updated DESC")).containsExactly("OPS-1", "DEMO-3");
        assertThat(serverKeys("created < \"2026-11-20 09:15\" ORDER BY created ASC")).containsExactly("OPS-1", "DEMO-1");
    }

    @Test
    void equalityAndListClauses() {
        assertThat(cloudKeys("key = DEMO-2")).containsExactly("DEMO-2");
        assertThat(cloudKeys("issuekey in (DEMO-1, \"OPS-1\") ORDER BY key DESC")).containsExactly("OPS-1", "DEMO-1");
        assertThat(cloudKeys("labels = crash ORDER BY key ASC")).containsExactly("DEMO-1", "DEMO-3");
        assertThat(cloudKeys("labels in (ios) AND project = DEMO")).containsExactly("DEMO-3");
        assertThat(cloudKeys("status = \"In Progress\"")).containsExactly("DEMO-2");
        assertThat(serverKeys("project = OPS")).containsExactly("OPS-1");
        assertThat(serverKeys("project in (DEMO) AND status = Done")).containsExactly("DEMO-3");
        assertThat(serverKeys("issuetype = Bug ORDER BY priority DESC")).containsExactly("DEMO-3", "DEMO-1");
    }

    @Test
    void orderByDefaultsToNewestFirst() {
        assertThat(serverKeys("")).containsExactly("DEMO-3", "DEMO-2", "DEMO-1", "OPS-1");
        assertThat(serverKeys("project = DEMO ORDER BY updated ASC, key DESC")).containsExactly("DEMO-1", "DEMO-2", "DEMO-3");
    }

    @Test
    void serverReportsJqlErrorsToo() {
        SandboxClient.Answer answer = SandboxClient.demo(server).get("/rest/api/2/search?jql=status%20was%20Done");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errorMessages").get(0).asText()).startsWith("Error in the JQL Query:");
        assertThat(answer.json().get("errors").size()).isZero();
    }

    @Test
    void relativeDatesCountFromNow() {
        assertThat(cloudKeys("project = DEMO AND updated >= -5m")).isEmpty();
        assertThat(cloudKeys("project = DEMO AND created <= -1d ORDER BY key ASC")).containsExactly("DEMO-1", "DEMO-2", "DEMO-3");
    }
}
