package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What real clients ask of Jira beyond create-and-read: expansions of GET issue, the full project, the issue's
 * watchers and empty link/work-log shapes, the routine endpoints, Jira's refusals of invalid writes, and the
 * issue's web page at /browse/{KEY}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxResourcesTest {

    private static final String ALEX = "557058:2a3e4c5d-0000-4000-8000-000000000002";
    private static final String ADF = """
            {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Tap <b>pay</b>","marks":[{"type":"strong"}]}]}]}""";

    private JiraSandbox cloud;
    private JiraSandbox server;
    private SandboxClient demo;
    private SandboxClient admin;

    @BeforeAll
    void start() {
        cloud = JiraSandbox.start(0, Flavour.CLOUD);
        server = JiraSandbox.start(0, Flavour.SERVER);
        demo = SandboxClient.demo(cloud);
        admin = SandboxClient.demo(server);
    }

    @AfterAll
    void stop() {
        cloud.stop();
        server.stop();
    }

    @BeforeEach
    void reset() {
        cloud.reset();
        server.reset();
    }

    private String createBug(SandboxClient client, String version, String description) {
        SandboxClient.Answer created = client.post("/rest/api/" + version + "/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"Crash <script>alert(1)</script>",
                 "description":%s}}""".formatted(description));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    @Test
    void everyExpansionOfGetIssueIsAnsweredOnBothFlavours() {
        String cloudKey = createBug(demo, "3", ADF);
        String serverKey = createBug(admin, "2", "\"Tap <b>pay</b>\"");
        String expand = "?expand=names,schema,renderedFields,transitions,editmeta,operations";
        for (JsonNode issue : List.of(demo.get("/rest/api/3/issue/" + cloudKey + expand).json(),
                demo.get("/rest/api/2/issue/" + cloudKey + expand).json(), admin.get("/rest/api/2/issue/" + serverKey + expand).json())) {
            assertThat(issue.path("names").path("summary").asText()).isEqualTo("Summary");
            assertThat(issue.path("schema").path("customfield_10011").path("custom").asText()).endsWith(":select");
            assertThat(issue.path("renderedFields").path("description").asText()).startsWith("<p>Tap ").contains("&lt;b&gt;");
            assertThat(issue.path("transitions")).extracting(t -> t.path("id").asText()).containsExactly("21", "31");
            assertThat(issue.path("editmeta").path("fields").path("summary").path("required").asBoolean()).isTrue();
            assertThat(issue.path("editmeta").path("fields").has("project")).isFalse();
            assertThat(issue.path("operations").path("linkGroups").get(0).path("groups")).isNotEmpty();
        }
        JsonNode withFields = demo.get("/rest/api/3/issue/" + cloudKey + "?expand=transitions.fields").json();
        assertThat(withFields.path("transitions").get(0).path("fields").isObject()).isTrue();
        // Server's REST v2 (and Cloud's) too, on the issue and on its transitions: the sandbox's screens are empty
        for (JsonNode transitions : List.of(
                admin.get("/rest/api/2/issue/" + serverKey + "?expand=transitions.fields").json().path("transitions"),
                admin.get("/rest/api/2/issue/" + serverKey + "/transitions?expand=transitions.fields").json().path("transitions"),
                demo.get("/rest/api/2/issue/" + cloudKey + "?expand=transitions.fields").json().path("transitions"))) {
            assertThat(transitions).extracting(t -> t.path("id").asText()).containsExactly("21", "31");
            assertThat(transitions).allSatisfy(t -> {
                assertThat(t.path("fields").isObject()).as(t.toString()).isTrue();
                assertThat(t.path("fields")).isEmpty();
                assertThat(t.path("hasScreen").asBoolean()).isFalse();
            });
        }
        assertThat(admin.get("/rest/api/2/issue/" + serverKey + "?expand=transitions").json().path("transitions"))
                .as("fields only when asked").allSatisfy(t -> assertThat(t.has("fields")).isFalse());
        JsonNode plain = demo.get("/rest/api/3/issue/" + cloudKey).json();
        assertThat(plain.has("names") || plain.has("renderedFields") || plain.has("transitions")).isFalse();
        JsonNode page = demo.post("/rest/api/3/search/jql", "{\"jql\":\"project = DEMO\",\"fields\":[\"summary\"],\"expand\":\"names,renderedFields\"}").json();
        assertThat(page.path("names").path("summary").asText()).isEqualTo("Summary");
        assertThat(page.path("issues").get(0).path("renderedFields").has("summary")).isTrue();
    }

    @Test
    void expandChangelogEmbedsTheHistoriesOfRestChanges() {
        String cloudKey = createBug(demo, "3", ADF);
        String serverKey = createBug(admin, "2", "\"text\"");
        for (SandboxClient client : List.of(demo, admin)) {
            boolean cloudFlavour = client == demo;
            String issue = "/rest/api/2/issue/" + (cloudFlavour ? cloudKey : serverKey);
            assertThat(client.put(issue, "{\"fields\":{\"summary\":\"Checkout crash\"}}").status()).isEqualTo(204);
            assertThat(client.post(issue + "/transitions", "{\"transition\":{\"id\":\"31\"}}").status()).isEqualTo(204);

            JsonNode changelog = client.get(issue + "?expand=changelog").json().path("changelog");
            assertThat(changelog.path("startAt").asInt()).isZero();
            assertThat(changelog.path("maxResults").asInt()).isEqualTo(2);
            assertThat(changelog.path("total").asInt()).isEqualTo(2);
            JsonNode edit = changelog.path("histories").get(0);
            JsonNode done = changelog.path("histories").get(1);
            assertThat(edit.path("author").path(cloudFlavour ? "accountId" : "name").asText())
                    .isEqualTo(cloudFlavour ? "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" : "admin");
            assertThat(JiraTime.parse(edit.path("created").asText())).isNotNull();
            JsonNode summary = edit.path("items").get(0);
            assertThat(summary.path("field").asText()).isEqualTo("summary");
            assertThat(summary.path("fromString").asText()).isEqualTo("Crash <script>alert(1)</script>");
            assertThat(summary.path("toString").asText()).isEqualTo("Checkout crash");
            // the resolution had no value before: null, as Jira sends it
            assertThat(done.path("items")).extracting(i -> i.path("field").asText() + ":" + i.path("fromString").asText()
                    + "->" + i.path("toString").asText()).containsExactlyInAnyOrder("status:To Do->Done", "resolution:null->Done");
            // Cloud names the field's id as well; Server's items have none
            assertThat(done.path("items")).allSatisfy(i -> assertThat(i.has("fieldId")).isEqualTo(cloudFlavour));
            assertThat(client.get(issue).json().has("changelog")).as("only when asked").isFalse();
        }
    }

    @Test
    void cloudEmbedsTheLatest100HistoriesWithTheTrueTotalAndServerAllOfThem() {
        String bulk = "{\"project\":\"CAP\",\"issues\":1,\"transitionsPerIssue\":105}";
        assertThat(SandboxClient.anonymous(cloud).post("/_sandbox/seed/bulk", bulk).status()).isEqualTo(200);
        assertThat(SandboxClient.anonymous(server).post("/_sandbox/seed/bulk", bulk).status()).isEqualTo(200);

        JsonNode embedded = demo.get("/rest/api/3/issue/CAP-1?expand=changelog").json().path("changelog");
        assertThat(embedded.path("total").asInt()).isEqualTo(105);
        assertThat(embedded.path("startAt").asInt()).isEqualTo(5);
        assertThat(embedded.path("maxResults").asInt()).isEqualTo(100);
        assertThat(embedded.path("histories")).hasSize(100);
        // the same 100 as the paged changelog's last ones, in the same order
        List<String> latest = new ArrayList<>();
        demo.get("/rest/api/3/issue/CAP-1/changelog?startAt=5&maxResults=100").json().path("values")
                .forEach(h -> latest.add(h.path("id").asText()));
        assertThat(latest).hasSize(100);
        assertThat(embedded.path("histories")).extracting(h -> h.path("id").asText()).containsExactlyElementsOf(latest);
        JsonNode searched = demo.post("/rest/api/3/search/jql", "{\"jql\":\"project = CAP\",\"fields\":[\"summary\"],"
                + "\"expand\":\"changelog\"}").json().path("issues").get(0).path("changelog");
        assertThat(searched.path("total").asInt()).isEqualTo(105);
        assertThat(searched.path("histories")).hasSize(100);
        assertThat(searched.path("histories").get(0)).isEqualTo(embedded.path("histories").get(0));

        JsonNode all = admin.get("/rest/api/2/issue/CAP-1?expand=changelog").json().path("changelog");
        assertThat(all.path("startAt").asInt()).isZero();
        assertThat(all.path("maxResults").asInt()).isEqualTo(105);
        assertThat(all.path("histories")).hasSize(105);
        assertThat(admin.get("/rest/api/2/search?jql=project%20%3D%20CAP&expand=changelog").json()
                .at("/issues/0/changelog/histories")).hasSize(105);
    }

    @Test
    void cloudLeavesOutTheEmailOfAUserWhoHidesIt() {
        String profile = "{\"user\":\"%s\",\"emailHidden\":true}";
        assertThat(SandboxClient.anonymous(cloud).put("/_sandbox/users/profile", profile.formatted(ALEX)).status()).isEqualTo(204);
        assertThat(SandboxClient.anonymous(server).put("/_sandbox/users/profile", profile.formatted("alex")).status()).isEqualTo(204);
        String key = createBug(demo, "3", ADF);
        assertThat(demo.put("/rest/api/3/issue/" + key + "/assignee", "{\"accountId\":\"" + ALEX + "\"}").status()).isEqualTo(204);

        // wherever Alex appears, on both REST versions: the user, a search, the assignable users, an issue's assignee
        List<JsonNode> alex = new ArrayList<>();
        for (String v : List.of("3", "2")) {
            alex.add(demo.get("/rest/api/" + v + "/user?accountId=" + ALEX).json());
            alex.add(demo.get("/rest/api/" + v + "/user/search?accountId=" + ALEX).json().get(0));
            demo.get("/rest/api/" + v + "/user/assignable/search?project=DEMO").json().forEach(u -> {
                if (u.path("accountId").asText().equals(ALEX)) {
                    alex.add(u);
                }
            });
            alex.add(demo.get("/rest/api/" + v + "/issue/" + key + "?fields=assignee").json().at("/fields/assignee"));
        }
        assertThat(alex).hasSize(8).allSatisfy(u -> {
            assertThat(u.path("accountId").asText()).isEqualTo(ALEX);
            assertThat(u.has("emailAddress")).as(u.toString()).isFalse();
            assertThat(u.path("displayName").asText()).isEqualTo("Alex Triager");
        });
        // others keep theirs; Server has no such privacy setting
        assertThat(demo.get("/rest/api/3/myself").json().path("emailAddress").asText()).isEqualTo("demo@example.com");
        assertThat(admin.get("/rest/api/2/user?username=alex").json().path("emailAddress").asText()).isEqualTo("alex@example.com");
        assertThat(SandboxClient.anonymous(cloud).put("/_sandbox/users/profile",
                "{\"user\":\"" + ALEX + "\",\"emailHidden\":false}").status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/user?accountId=" + ALEX).json().path("emailAddress").asText()).isEqualTo("alex@example.com");
    }

    @Test
    void projectsAndIssuesCarryTheirWholeShape() {
        for (SandboxClient client : List.of(demo, admin)) {
            JsonNode project = client.get("/rest/api/2/project/DEMO").json();
            assertThat(project.path("issueTypes")).extracting(t -> t.path("name").asText()).contains("Bug", "Task");
            assertThat(project.path("components")).extracting(c -> c.path("name").asText()).contains("Checkout", "Login");
            assertThat(project.path("versions")).extracting(v -> v.path("name").asText()).contains("3.4.0", "3.5.0");
            assertThat(project.path("lead").path("displayName").asText()).isNotBlank();
            assertThat(project.path("description").isTextual()).isTrue();
        }
        JsonNode listed = demo.get("/rest/api/3/project/search?expand=lead,issueTypes,description").json().path("values").get(0);
        assertThat(listed.has("lead") && listed.has("issueTypes") && listed.has("description")).isTrue();

        JsonNode fields = demo.get("/rest/api/3/issue/" + createBug(demo, "3", ADF)).json().path("fields");
        assertThat(fields.path("subtasks").isArray() && fields.path("issuelinks").isArray()).isTrue();
        assertThat(fields.path("watches").path("watchCount").asInt()).isEqualTo(1);
        assertThat(fields.path("watches").path("isWatching").asBoolean()).isTrue();
        assertThat(fields.path("worklog").path("worklogs").isArray()).isTrue();
        assertThat(fields.path("timetracking").isObject()).isTrue();
    }

    @Test
    void assigneeWatchersAndEditMeta() {
        String key = createBug(demo, "3", ADF);
        assertThat(demo.put("/rest/api/3/issue/" + key + "/assignee", "{\"accountId\":\"" + ALEX + "\"}").status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/issue/" + key).json().path("fields").path("assignee").path("accountId").asText()).isEqualTo(ALEX);
        assertThat(demo.put("/rest/api/3/issue/" + key + "/assignee", "{\"accountId\":null}").status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/issue/" + key).json().path("fields").path("assignee").isNull()).isTrue();
        assertThat(demo.put("/rest/api/3/issue/" + key + "/assignee", "{\"accountId\":\"nobody\"}").json().path("errors").has("assignee")).isTrue();

        assertThat(demo.post("/rest/api/3/issue/" + key + "/watchers", "\"" + ALEX + "\"").status()).isEqualTo(204);
        JsonNode watchers = demo.get("/rest/api/3/issue/" + key + "/watchers").json();
        assertThat(watchers.path("watchCount").asInt()).isEqualTo(2);
        assertThat(demo.delete("/rest/api/3/issue/" + key + "/watchers?accountId=" + ALEX).status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/issue/" + key + "/watchers").json().path("watchCount").asInt()).isEqualTo(1);

        String serverKey = createBug(admin, "2", "\"text\"");
        assertThat(admin.put("/rest/api/2/issue/" + serverKey + "/assignee", "{\"name\":\"alex\"}").status()).isEqualTo(204);
        assertThat(admin.get("/rest/api/2/issue/" + serverKey).json().path("fields").path("assignee").path("name").asText()).isEqualTo("alex");
        assertThat(admin.get("/rest/api/2/issue/" + serverKey + "/editmeta").json().path("fields").path("customfield_10011")
                .path("allowedValues")).hasSize(3);
    }

    @Test
    void referenceData() {
        assertThat(demo.get("/rest/api/3/issuetype").json()).extracting(t -> t.path("name").asText()).containsExactly("Bug", "Task", "Story");
        assertThat(admin.get("/rest/api/2/resolution").json()).extracting(r -> r.path("name").asText()).contains("Done", "Duplicate");
        assertThat(demo.get("/rest/api/3/project/DEMO/components").json()).hasSize(3);
        assertThat(admin.get("/rest/api/2/project/DEMO/versions").json()).hasSize(3);
        SandboxClient.Answer component = demo.post("/rest/api/3/component", "{\"name\":\"Billing\",\"project\":\"DEMO\"}");
        assertThat(component.status()).isEqualTo(201);
        SandboxClient.Answer version = admin.post("/rest/api/2/version", "{\"name\":\"4.0\",\"project\":\"DEMO\"}");
        assertThat(version.status()).isEqualTo(201);
        assertThat(admin.get("/rest/api/2/project/DEMO/versions").json()).extracting(v -> v.path("name").asText()).contains("4.0");
        assertThat(demo.post("/rest/api/3/component", "{\"name\":\"Billing\",\"project\":\"DEMO\"}").status()).isEqualTo(400);
        // the new component is usable at once
        assertThat(demo.post("/rest/api/2/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","components":[{"name":"Billing"}]}}""")
                .status()).isEqualTo(201);

        JsonNode fields = demo.get("/rest/api/3/field/search?type=custom&maxResults=5").json();
        assertThat(fields.path("values")).hasSize(5);
        assertThat(fields.path("isLast").asBoolean()).isFalse();
        assertThat(demo.get("/rest/api/3/priority/search?projectId=10001").json().path("values"))
                .extracting(p -> p.path("name").asText()).containsExactly("P1", "P2", "P3", "P4");
        createBug(demo, "3", ADF);
        assertThat(demo.post("/rest/api/3/search/approximate-count", "{\"jql\":\"project = DEMO\"}").json().path("count").asInt()).isEqualTo(2);
        assertThat(admin.get("/rest/api/2/field/search").status()).isEqualTo(404);
    }

    @Test
    void invalidWritesGetJirasRefusals() {
        String unknownNode = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"marquee\",\"content\":[]}]}";
        String unknownMark = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"x\",\"marks\":[{\"type\":\"blink\"}]}]}]}";
        assertThat(fieldError(create(demo, "3", "\"description\":" + unknownNode), "description")).isEqualTo("INVALID_INPUT");
        assertThat(fieldError(create(demo, "3", "\"description\":" + unknownMark), "description")).isEqualTo("INVALID_INPUT");
        String longText = "\"" + "x".repeat(32_768) + "\"";
        assertThat(fieldError(create(admin, "2", "\"description\":" + longText), "description")).contains("32,767");
        assertThat(fieldError(create(demo, "2", "\"labels\":[\"" + "l".repeat(256) + "\"]"), "labels")).contains("255");
        String key = createBug(demo, "3", ADF);
        assertThat(fieldError(demo.post("/rest/api/2/issue/" + key + "/comment", "{\"body\":" + longText + "}"), "comment")).contains("32,767");
        assertThat(fieldError(demo.post("/rest/api/3/issue/" + key + "/comment", "{\"body\":" + unknownNode + "}"), "comment")).isEqualTo("INVALID_INPUT");
        SandboxClient.Answer twice = demo.put("/rest/api/3/issue/" + key,
                "{\"fields\":{\"summary\":\"a\"},\"update\":{\"summary\":[{\"set\":\"b\"}]}}");
        assertThat(fieldError(twice, "summary")).contains("both 'fields' and 'update'");
        // nothing half-stored
        assertThat(demo.get("/rest/api/3/issue/" + key).json().path("fields").path("comment").path("total").asInt()).isZero();
        assertThat(demo.get("/rest/api/3/issue/" + key).json().path("fields").path("summary").asText()).startsWith("Crash");
    }

    private SandboxClient.Answer create(SandboxClient client, String version, String extraField) {
        return client.post("/rest/api/" + version + "/issue",
                "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\"," + extraField + "}}");
    }

    private static String fieldError(SandboxClient.Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        return answer.json().path("errors").path(field).asText();
    }

    @Test
    void browsePageShowsTheIssueEscaped() {
        String key = createBug(demo, "3", ADF);
        demo.post("/rest/api/2/issue/" + key + "/comment", "{\"body\":\"<img src=x onerror=alert(1)> looks bad\"}");
        SandboxClient.Answer page = SandboxClient.anonymous(cloud).get("/browse/" + key);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Crash &lt;script&gt;alert(1)&lt;/script&gt;", "To Do", "Medium", "Tap &lt;b&gt;pay&lt;/b&gt;",
                "&lt;img src=x onerror=alert(1)&gt; looks bad").doesNotContain("<script>", "<img");
        assertThat(SandboxClient.anonymous(server).get("/browse/DEMO-404").status()).isEqualTo(404);
        List<String> unsafe = new ArrayList<>(page.headers().allValues("Content-Security-Policy"));
        assertThat(unsafe).containsExactly("default-src 'none'; style-src 'unsafe-inline'");
    }

    @Test
    void usersAreFoundAndReadAsJiraDoes() {
        SandboxClient.anonymous(cloud).post("/_sandbox/seed", """
                {"users":[{"displayName":"Gone Alex","emailAddress":"gone.alex@example.com","accountId":"557058:gone","active":false}]}""");
        SandboxClient.anonymous(server).post("/_sandbox/seed", """
                {"users":[{"displayName":"Gone Alex","emailAddress":"gone.alex@example.com","name":"gonealex","active":false}]}""");

        // Cloud's user search finds active users only; Server's takes includeActive / includeInactive
        assertThat(demo.get("/rest/api/3/user/search?query=alex").json().findValuesAsText("displayName")).containsExactly("Alex Triager");
        assertThat(admin.get("/rest/api/2/user/search?username=alex").json().findValuesAsText("displayName")).containsExactly("Alex Triager");
        assertThat(admin.get("/rest/api/2/user/search?username=alex&includeInactive=true&includeActive=false").json()
                .findValuesAsText("displayName")).containsExactly("Gone Alex");

        // one user: Cloud by accountId, Server by username or key
        JsonNode alex = demo.get("/rest/api/3/user?accountId=" + ALEX).json();
        assertThat(alex.get("displayName").asText()).isEqualTo("Alex Triager");
        assertThat(alex.has("groups")).isTrue();
        assertThat(admin.get("/rest/api/2/user?username=alex").json().get("name").asText()).isEqualTo("alex");
        SandboxClient.Answer missing = admin.get("/rest/api/2/user?username=nobody");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("errorMessages").get(0).asText()).isEqualTo("The user named 'nobody' does not exist");
        assertThat(demo.get("/rest/api/3/user").status()).isEqualTo(400);

        // /rest/api/latest is REST v2 (plain-string rich text), on both flavours
        String key = createBug(demo, "3", ADF);
        assertThat(demo.get("/rest/api/latest/issue/" + key + "?fields=description").json().at("/fields/description").isTextual()).isTrue();
        assertThat(admin.get("/rest/api/latest/myself").json().get("name").asText()).isEqualTo("admin");
    }

    @Test
    void labelsAndProjectTypesAreListed() {
        demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","labels":["ios","checkout"]}}""");
        demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","labels":["android","ios"]}}""");

        JsonNode labels = demo.get("/rest/api/3/label").json();
        assertThat(labels.get("values")).extracting(JsonNode::asText).containsExactly("android", "checkout", "ios");
        assertThat(labels.get("maxResults").asInt()).isEqualTo(1000);
        assertThat(demo.get("/rest/api/3/label?maxResults=2").json().get("isLast").asBoolean()).isFalse();
        assertThat(admin.get("/rest/api/2/label").status()).as("Data Center has no label list").isEqualTo(404);

        assertThat(demo.get("/rest/api/3/project/search?typeKey=service_desk").json().get("values").findValuesAsText("key"))
                .containsExactly("HELP");
        assertThat(demo.get("/rest/api/3/project/search?typeKey=business,service_desk").json().get("values").findValuesAsText("key"))
                .containsExactly("BIZ", "HELP");
    }
}
