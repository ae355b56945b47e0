package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every endpoint of the Cloud flavour over real HTTP, with the failure cases Atlassian documents. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudSandboxTest {

    private static final String ADF = """
            {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"It crashes on start"}]}]}""";

    private JiraSandbox sandbox;
    private SandboxClient demo;

    @BeforeAll
    void start() {
        sandbox = JiraSandbox.start(0, Flavour.CLOUD);
        demo = SandboxClient.demo(sandbox);
    }

    @AfterAll
    void stop() {
        sandbox.stop();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    private String createBug(String summary) {
        SandboxClient.Answer created = demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"%s","description":%s}}"""
                .formatted(summary, ADF));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    // ---- server information, identity and authentication

    @Test
    void serverInfoIsAnonymousAndSaysCloud() {
        SandboxClient.Answer answer = SandboxClient.anonymous(sandbox).get("/rest/api/3/serverInfo");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("deploymentType").asText()).isEqualTo("Cloud");
        assertThat(answer.json().get("baseUrl").asText()).isEqualTo(sandbox.baseUrl());
        assertThat(answer.json().get("versionNumbers").get(0).asInt()).isEqualTo(1001);
        assertThat(answer.json().get("serverTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    }

    @Test
    void myselfDescribesTheDemoUserByAccountId() {
        SandboxClient.Answer answer = demo.get("/rest/api/3/myself");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode me = answer.json();
        assertThat(me.get("accountId").asText()).startsWith("557058:");
        assertThat(me.get("emailAddress").asText()).isEqualTo("demo@example.com");
        assertThat(me.get("displayName").asText()).isEqualTo("Demo User");
        assertThat(me.get("active").asBoolean()).isTrue();
        assertThat(me.get("accountType").asText()).isEqualTo("atlassian");
        assertThat(me.has("name")).isFalse();
        assertThat(me.has("key")).isFalse();
    }

    @Test
    void missingCredentialsGet401WithJirasBody() {
        SandboxClient.Answer answer = SandboxClient.anonymous(sandbox).get("/rest/api/3/myself");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("errorMessages").get(0).asText()).isEqualTo(Authenticator.NOT_AUTHENTICATED);
    }

    @Test
    void aWrongApiTokenIsRefusedEvenOnAnonymousEndpoints() {
        SandboxClient wrong = SandboxClient.basic(sandbox, "demo@example.com", "not-the-token");

        for (String path : List.of("/rest/api/3/myself", "/rest/api/3/serverInfo")) {
            SandboxClient.Answer answer = wrong.get(path);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body()).isEqualTo("Client must be authenticated to access this resource.");
            assertThat(answer.header("X-Seraph-LoginReason")).isEqualTo("AUTHENTICATED_FAILED");
        }
    }

    @Test
    void cloudRefusesAccountPasswordsAndPersonalAccessTokens() {
        SandboxClient.Answer password = SandboxClient.basic(sandbox, "demo@example.com", "demo").get("/rest/api/3/myself");
        SandboxClient.Answer bearer = SandboxClient.bearer(sandbox, "demo-token").get("/rest/api/3/myself");

        assertThat(password.status()).isEqualTo(401);
        assertThat(password.body()).startsWith("Basic authentication with passwords is deprecated.");
        assertThat(bearer.status()).isEqualTo(401);
    }

    @Test
    void myPermissionsRequiresThePermissionsParameterOnCloud() {
        SandboxClient.Answer without = demo.get("/rest/api/3/mypermissions");
        SandboxClient.Answer with = demo.get("/rest/api/3/mypermissions?projectKey=DEMO&permissions=CREATE_ISSUES,BROWSE_PROJECTS");
        SandboxClient.Answer unknownProject = demo.get("/rest/api/3/mypermissions?projectKey=NOPE&permissions=CREATE_ISSUES");

        assertThat(without.status()).isEqualTo(400);
        assertThat(without.json().get("errorMessages").get(0).asText()).isEqualTo("The 'permissions' query parameter is required.");
        assertThat(with.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        with.json().get("permissions").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("CREATE_ISSUES", "BROWSE_PROJECTS");
        assertThat(with.json().at("/permissions/CREATE_ISSUES/havePermission").asBoolean()).isTrue();
        assertThat(unknownProject.status()).isEqualTo(404);
    }

    // ---- projects and metadata

    @Test
    void projectsListAndSearchPage() {
        sandbox.reset();
        SandboxClient.anonymous(sandbox).post("/_sandbox/seed", """
                {"projects":[{"key":"OPS","name":"Operations"},{"key":"WEB","name":"Website"}]}""");

        SandboxClient.Answer list = demo.get("/rest/api/3/project");
        SandboxClient.Answer first = demo.get("/rest/api/3/project/search?maxResults=2");
        SandboxClient.Answer second = demo.get("/rest/api/3/project/search?startAt=4&maxResults=2");

        // DEMO, REQ, BIZ (business) and HELP (service desk) are seeded, OPS and WEB added
        assertThat(list.json()).hasSize(6);
        assertThat(list.json().get(0).get("id").asText()).isEqualTo("10000");
        assertThat(list.json().get(0).get("key").asText()).isEqualTo("DEMO");
        assertThat(list.json().get(1).get("key").asText()).isEqualTo("REQ");
        assertThat(first.json().get("total").asInt()).isEqualTo(6);
        assertThat(first.json().get("isLast").asBoolean()).isFalse();
        assertThat(first.json().get("values")).hasSize(2);
        assertThat(first.json().get("nextPage").asText()).endsWith("startAt=2&maxResults=2");
        assertThat(second.json().get("isLast").asBoolean()).isTrue();
        assertThat(second.json().get("values").get(0).get("key").asText()).isEqualTo("OPS");
        assertThat(second.json().get("values").get(1).get("key").asText()).isEqualTo("WEB");
        assertThat(demo.get("/rest/api/3/project/OPS").json().get("name").asText()).isEqualTo("Operations");
        assertThat(demo.get("/rest/api/3/project/NOPE").status()).isEqualTo(404);
    }

    @Test
    void createMetaListsIssueTypesInPages() {
        SandboxClient.Answer all = demo.get("/rest/api/3/issue/createmeta/DEMO/issuetypes");
        SandboxClient.Answer page = demo.get("/rest/api/3/issue/createmeta/10000/issuetypes?startAt=1&maxResults=1");
        SandboxClient.Answer tooBig = demo.get("/rest/api/3/issue/createmeta/DEMO/issuetypes?maxResults=201");
        SandboxClient.Answer unknown = demo.get("/rest/api/3/issue/createmeta/NOPE/issuetypes");

        assertThat(all.json().get("total").asInt()).isEqualTo(3);
        assertThat(all.json().get("issueTypes")).extracting(t -> t.get("name").asText()).containsExactly("Bug", "Task", "Story");
        assertThat(all.json().get("issueTypes")).extracting(t -> t.get("id").asText()).containsExactly("10001", "10002", "10003");
        assertThat(page.json().get("issueTypes")).hasSize(1);
        assertThat(page.json().get("issueTypes").get(0).get("name").asText()).isEqualTo("Task");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("errorMessages").get(0).asText()).isEqualTo("Parameter 'maxResults' must not exceed the limit '200'");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void createMetaFieldsDescribeTheScreenOfEachIssueType() {
        JsonNode bug = demo.get("/rest/api/3/issue/createmeta/DEMO/issuetypes/10001").json();
        JsonNode task = demo.get("/rest/api/3/issue/createmeta/DEMO/issuetypes/10002").json();

        JsonNode summary = field(bug, "summary");
        assertThat(summary.get("required").asBoolean()).isTrue();
        assertThat(summary.get("key").asText()).isEqualTo("summary");
        assertThat(summary.get("name").asText()).isEqualTo("Summary");
        assertThat(summary.at("/schema/type").asText()).isEqualTo("string");
        assertThat(summary.get("hasDefaultValue").asBoolean()).isFalse();
        JsonNode priority = field(bug, "priority");
        assertThat(priority.get("hasDefaultValue").asBoolean()).isTrue();
        assertThat(priority.get("allowedValues")).extracting(p -> p.get("name").asText())
                .containsExactly("Highest", "High", "Medium", "Low", "Lowest");
        assertThat(field(bug, "customfield_10010").at("/schema/custom").asText()).endsWith(":textfield");
        assertThat(field(bug, "customfield_10011").get("allowedValues")).extracting(o -> o.get("value").asText())
                .containsExactly("Critical", "Major", "Minor");
        assertThat(task.get("fields")).extracting(f -> f.get("fieldId").asText()).doesNotContain("customfield_10011")
                .contains("customfield_10010");
        assertThat(bug.get("total").asInt()).isEqualTo(bug.get("fields").size());
    }

    private static JsonNode field(JsonNode page, String fieldId) {
        for (JsonNode field : page.get("fields")) {
            if (field.get("fieldId").asText().equals(fieldId)) {
                return field;
            }
        }
        throw new AssertionError("no field " + fieldId + " in " + page);
    }

    @Test
    void theOldCreateMetaFormIsGoneOnCloud() {
        SandboxClient.Answer answer = demo.get("/rest/api/3/issue/createmeta?projectKeys=DEMO&expand=projects.issuetypes.fields");

        assertThat(answer.status()).isEqualTo(404);
    }

    @Test
    void fieldsPrioritiesAndAssignableUsers() {
        JsonNode fields = demo.get("/rest/api/3/field").json();
        JsonNode priorities = demo.get("/rest/api/2/priority").json();
        SandboxClient.Answer assignable = demo.get("/rest/api/3/user/assignable/search?project=DEMO");
        SandboxClient.Answer noProject = demo.get("/rest/api/3/user/assignable/search");

        assertThat(fields).extracting(f -> f.get("id").asText()).contains("summary", "description", "customfield_10010", "customfield_10011");
        JsonNode appVersion = fields.findParents("id").stream().filter(f -> f.get("id").asText().equals("customfield_10010")).findFirst().orElseThrow();
        assertThat(appVersion.get("name").asText()).isEqualTo("App version");
        assertThat(appVersion.get("custom").asBoolean()).isTrue();
        assertThat(priorities).extracting(p -> p.get("id").asText() + "=" + p.get("name").asText())
                .containsExactly("1=Highest", "2=High", "3=Medium", "4=Low", "5=Lowest",
                        "10000=P1", "10001=P2", "10002=P3", "10003=P4");
        assertThat(assignable.json()).extracting(u -> u.get("emailAddress").asText()).contains("demo@example.com", "alex@example.com");
        assertThat(assignable.json().get(0).has("accountId")).isTrue();
        assertThat(noProject.status()).isEqualTo(400);
    }

    // ---- issues

    @Test
    void createAnswers201WithDeterministicIdsAndKeys() {
        SandboxClient.Answer first = demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"id":"10001"},"summary":"App crashes on start",
                 "description":%s,"priority":{"name":"High"},"labels":["crash","android"],
                 "customfield_10010":"2.4.1","customfield_10011":{"value":"Critical"}}}""".formatted(ADF));
        SandboxClient.Answer second = demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"id":"10000"},"issuetype":{"name":"Task"},"summary":"Second"}}""");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("id").asText()).isEqualTo("10001");
        assertThat(first.json().get("key").asText()).isEqualTo("DEMO-1");
        assertThat(first.json().get("self").asText()).isEqualTo(sandbox.baseUrl() + "/rest/api/3/issue/10001");
        assertThat(second.json().get("key").asText()).isEqualTo("DEMO-2");
        JsonNode issue = demo.get("/rest/api/3/issue/DEMO-1").json();
        assertThat(issue.at("/fields/summary").asText()).isEqualTo("App crashes on start");
        assertThat(issue.at("/fields/description/type").asText()).isEqualTo("doc");
        assertThat(issue.at("/fields/priority/name").asText()).isEqualTo("High");
        assertThat(issue.at("/fields/status/name").asText()).isEqualTo("To Do");
        assertThat(issue.at("/fields/status/statusCategory/key").asText()).isEqualTo("new");
        assertThat(issue.at("/fields/customfield_10010").asText()).isEqualTo("2.4.1");
        assertThat(issue.at("/fields/customfield_10011/value").asText()).isEqualTo("Critical");
        assertThat(issue.at("/fields/reporter/accountId").asText()).startsWith("557058:");
        assertThat(issue.at("/fields/labels")).extracting(JsonNode::asText).containsExactly("crash", "android");
        assertThat(issue.at("/fields/created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        JsonNode defaulted = demo.get("/rest/api/3/issue/DEMO-2").json();
        assertThat(defaulted.at("/fields/priority/name").asText()).isEqualTo("Medium");
    }

    @Test
    void v3RefusesADescriptionThatIsNotAnAtlassianDocument() {
        SandboxClient.Answer answer = demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","description":"plain text"}}""");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"errorMessages\":[],\"errors\":{\"description\":"
                + "\"Operation value must be an Atlassian Document (see the Atlassian Document Format)\"}}");
    }

    @Test
    void v2TakesPlainTextAndV3ShowsItAsAdf() {
        SandboxClient.Answer created = demo.post("/rest/api/2/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","description":"line one\\nline two"}}""");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("self").asText()).contains("/rest/api/2/issue/");
        JsonNode v3 = demo.get("/rest/api/3/issue/DEMO-1?fields=description").json();
        JsonNode v2 = demo.get("/rest/api/2/issue/DEMO-1?fields=description").json();
        assertThat(v3.at("/fields/description/type").asText()).isEqualTo("doc");
        assertThat(v3.at("/fields/description/content/0/content/0/text").asText()).isEqualTo("line one");
        assertThat(v3.at("/fields/description/content/0/content/1/type").asText()).isEqualTo("hardBreak");
        assertThat(v2.at("/fields/description").asText()).isEqualTo("line one\nline two");
        SandboxClient.Answer adfOnV2 = demo.post("/rest/api/2/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","description":%s}}""".formatted(ADF));
        assertThat(adfOnV2.status()).isEqualTo(400);
        assertThat(adfOnV2.json().at("/errors/description").asText()).isEqualTo("Operation value must be a string");
    }

    @Test
    void writesMustBeJsonAndFormLikeContentTypesTripTheXsrfCheck() {
        String bug = "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\"}}";

        SandboxClient.Answer textPlain = demo.send("POST", "/rest/api/3/issue", bug, "text/plain");
        SandboxClient.Answer xml = demo.send("POST", "/rest/api/3/issue", bug, "application/xml");
        SandboxClient.Answer textWithToken = demo.send("POST", "/rest/api/3/issue", bug, "text/plain", "X-Atlassian-Token", "no-check");
        SandboxClient.Answer json = demo.send("POST", "/rest/api/3/issue", bug, "application/json; charset=UTF-8");

        assertThat(textPlain.status()).isEqualTo(403);
        assertThat(textPlain.body()).isEqualTo("XSRF check failed");
        assertThat(xml.status()).isEqualTo(415);
        assertThat(textWithToken.status()).isEqualTo(415);
        assertThat(json.status()).isEqualTo(201);
    }

    @Test
    void createValidatesLikeJira() {
        assertThat(createError("""
                {"fields":{"project":{"key":"NOPE"},"issuetype":{"name":"Bug"},"summary":"S"}}""", "project"))
                .isEqualTo("Specify a valid project ID or key");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"id":"999"},"summary":"S"}}""", "issuetype"))
                .isEqualTo("Specify a valid issue type");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"}}}""", "summary"))
                .isEqualTo("You must specify a summary of the issue.");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"%s"}}""".formatted("x".repeat(256)), "summary"))
                .isEqualTo("Summary must be less than 255 characters.");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","labels":["two words"]}}""", "labels"))
                .isEqualTo("The label 'two words' contains spaces which is invalid.");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","customfield_99999":"x"}}""", "customfield_99999"))
                .isEqualTo("Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"S","customfield_11011":{"value":"Critical"}}}"""
                .replace("11011", "10011"), "customfield_10011"))
                .isEqualTo("Field 'customfield_10011' cannot be set. It is not on the appropriate screen, or unknown.");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","priority":{"name":"Blocker"}}}""", "priority"))
                .isEqualTo("The priority selected is invalid.");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","customfield_10011":{"value":"Huge"}}}""", "customfield_10011"))
                .isEqualTo("Option value 'Huge' is not valid");
        assertThat(createError("""
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S","assignee":{"name":"alex"}}}""", "assignee"))
                .isEqualTo("Specify a valid value for assignee");
        assertThat(sandboxIssues()).isEmpty();
    }

    private String createError(String body, String field) {
        SandboxClient.Answer answer = demo.post("/rest/api/3/issue", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("errorMessages")).isEmpty();
        return answer.json().at("/errors/" + field).asText();
    }

    private JsonNode sandboxIssues() {
        return SandboxClient.anonymous(sandbox).get("/_sandbox/issues").json().get("issues");
    }

    @Test
    void entityPropertiesSentOnCreateCanBeRead() {
        demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S"},
                 "properties":[{"key":"jira-bridge.report","value":{"reportId":"r-42"}}]}""");

        SandboxClient.Answer property = demo.get("/rest/api/3/issue/DEMO-1/properties/jira-bridge.report");
        SandboxClient.Answer missing = demo.get("/rest/api/3/issue/DEMO-1/properties/nothing-here");
        SandboxClient.Answer keys = demo.get("/rest/api/3/issue/DEMO-1/properties");
        SandboxClient.Answer inIssue = demo.get("/rest/api/3/issue/DEMO-1?fields=summary&properties=jira-bridge.report");

        assertThat(property.status()).isEqualTo(200);
        assertThat(property.json().get("key").asText()).isEqualTo("jira-bridge.report");
        assertThat(property.json().at("/value/reportId").asText()).isEqualTo("r-42");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(keys.json().get("keys").get(0).get("key").asText()).isEqualTo("jira-bridge.report");
        assertThat(inIssue.json().at("/properties/jira-bridge.report/reportId").asText()).isEqualTo("r-42");
        assertThat(demo.put("/rest/api/3/issue/DEMO-1/properties/second", "{\"n\":1}").status()).isEqualTo(201);
        assertThat(demo.put("/rest/api/3/issue/DEMO-1/properties/second", "{\"n\":2}").status()).isEqualTo(200);
        assertThat(demo.get("/rest/api/3/issue/DEMO-1/properties/second").json().at("/value/n").asInt()).isEqualTo(2);
        assertThat(demo.delete("/rest/api/3/issue/DEMO-1/properties/second").status()).isEqualTo(204);
    }

    @Test
    void getHonoursTheFieldsParameter() {
        String key = createBug("S");

        JsonNode some = demo.get("/rest/api/3/issue/" + key + "?fields=summary,status").json();
        JsonNode allButDescription = demo.get("/rest/api/3/issue/" + key + "?fields=-description").json();
        SandboxClient.Answer unknown = demo.get("/rest/api/3/issue/DEMO-99");

        List<String> names = new ArrayList<>();
        some.get("fields").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("summary", "status");
        assertThat(allButDescription.get("fields").has("description")).isFalse();
        assertThat(allButDescription.get("fields").has("comment")).isTrue();
        assertThat(some.get("id").asText()).isEqualTo("10001");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("errorMessages").get(0).asText()).isEqualTo("Issue does not exist or you do not have permission to see it.");
    }

    @Test
    void editSetsFieldsAndAppliesUpdateOperations() {
        String key = createBug("Before");
        demo.put("/rest/api/3/issue/" + key, "{\"fields\":{\"labels\":[\"a\",\"b\"]}}");

        SandboxClient.Answer edited = demo.put("/rest/api/3/issue/" + key, """
                {"fields":{"summary":"After","priority":{"id":"1"}},
                 "update":{"labels":[{"add":"c"},{"remove":"a"}],"comment":[{"add":{"body":%s}}]}}""".formatted(ADF));
        SandboxClient.Answer empty = demo.put("/rest/api/3/issue/" + key, "{}");
        SandboxClient.Answer status = demo.put("/rest/api/3/issue/" + key, "{\"fields\":{\"status\":{\"name\":\"Done\"}}}");
        SandboxClient.Answer textOnV3 = demo.put("/rest/api/3/issue/" + key, "{\"fields\":{\"description\":\"text\"}}");

        assertThat(edited.status()).isEqualTo(204);
        assertThat(edited.body()).isEmpty();
        JsonNode issue = demo.get("/rest/api/3/issue/" + key).json();
        assertThat(issue.at("/fields/summary").asText()).isEqualTo("After");
        assertThat(issue.at("/fields/priority/name").asText()).isEqualTo("Highest");
        assertThat(issue.at("/fields/labels")).extracting(JsonNode::asText).containsExactly("b", "c");
        assertThat(issue.at("/fields/comment/total").asInt()).isEqualTo(1);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errorMessages").get(0).asText()).isEqualTo("one of 'fields' or 'update' required");
        assertThat(status.json().at("/errors/status").asText()).contains("cannot be set");
        assertThat(textOnV3.json().at("/errors/description").asText()).isEqualTo(Adf.NOT_A_DOCUMENT);
    }

    @Test
    void deleteRemovesTheIssue() {
        String key = createBug("S");

        assertThat(demo.delete("/rest/api/3/issue/" + key).status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/issue/" + key).status()).isEqualTo(404);
        assertThat(demo.delete("/rest/api/3/issue/" + key).status()).isEqualTo(404);
    }

    @Test
    void commentsAreAddedAsAdfAndListedInPages() {
        String key = createBug("S");
        for (int i = 1; i <= 3; i++) {
            SandboxClient.Answer added = demo.post("/rest/api/3/issue/" + key + "/comment", "{\"body\":" + ADF.replace("It crashes on start", "c" + i) + "}");
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.json().at("/author/accountId").asText()).startsWith("557058:");
            assertThat(added.json().at("/body/type").asText()).isEqualTo("doc");
        }

        JsonNode page = demo.get("/rest/api/3/issue/" + key + "/comment?startAt=1&maxResults=1").json();
        SandboxClient.Answer plain = demo.post("/rest/api/3/issue/" + key + "/comment", "{\"body\":\"plain\"}");
        JsonNode v2 = demo.get("/rest/api/2/issue/" + key + "/comment").json();

        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("startAt").asInt()).isEqualTo(1);
        assertThat(page.get("maxResults").asInt()).isEqualTo(1);
        assertThat(page.get("comments")).hasSize(1);
        assertThat(page.at("/comments/0/body/content/0/content/0/text").asText()).isEqualTo("c2");
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.json().at("/errors/comment").asText()).isEqualTo("Comment body is not valid!");
        assertThat(v2.at("/comments/2/body").asText()).isEqualTo("c3");
    }

    @Test
    void transitionsFollowTheWorkflow() {
        String key = createBug("S");

        JsonNode available = demo.get("/rest/api/3/issue/" + key + "/transitions").json();
        SandboxClient.Answer toProgress = demo.post("/rest/api/3/issue/" + key + "/transitions", "{\"transition\":{\"id\":\"21\"}}");
        SandboxClient.Answer again = demo.post("/rest/api/3/issue/" + key + "/transitions", "{\"transition\":{\"id\":\"21\"}}");
        SandboxClient.Answer unknown = demo.post("/rest/api/3/issue/" + key + "/transitions", "{\"transition\":{\"id\":\"99\"}}");
        SandboxClient.Answer withField = demo.post("/rest/api/3/issue/" + key + "/transitions",
                "{\"transition\":{\"id\":\"31\"},\"fields\":{\"assignee\":null}}");

        assertThat(available.get("transitions")).extracting(t -> t.get("id").asText() + ":" + t.at("/to/name").asText())
                .containsExactly("21:In Progress", "31:Done");
        assertThat(available.at("/transitions/1/to/statusCategory/key").asText()).isEqualTo("done");
        assertThat(toProgress.status()).isEqualTo(204);
        assertThat(demo.get("/rest/api/3/issue/" + key).json().at("/fields/status/statusCategory/key").asText()).isEqualTo("indeterminate");
        assertThat(again.status()).isEqualTo(400);
        assertThat(unknown.json().get("errorMessages").get(0).asText()).isEqualTo("Transition id '99' is not valid for this issue.");
        assertThat(withField.json().at("/errors/assignee").asText())
                .isEqualTo("Field 'assignee' cannot be set. It is not on the appropriate screen, or unknown.");
        assertThat(demo.post("/rest/api/3/issue/" + key + "/transitions", "{\"transition\":{\"id\":\"31\"}}").status()).isEqualTo(204);
        JsonNode done = demo.get("/rest/api/3/issue/" + key).json();
        assertThat(done.at("/fields/status/name").asText()).isEqualTo("Done");
        assertThat(done.at("/fields/resolution/name").asText()).isEqualTo("Done");
        assertThat(done.at("/fields/resolutiondate").isTextual()).isTrue();
    }

    @Test
    void attachmentsNeedTheXsrfHeaderAndAMultipartFilePart() {
        String key = createBug("S");
        byte[] log = "stack trace".getBytes(StandardCharsets.UTF_8);

        SandboxClient.Answer noToken = demo.upload("/rest/api/3/issue/" + key + "/attachments", "file", "crash.log", "text/plain", log);
        SandboxClient.Answer wrongPart = demo.upload("/rest/api/3/issue/" + key + "/attachments", "upload", "crash.log", "text/plain", log,
                "X-Atlassian-Token", "no-check");
        SandboxClient.Answer ok = demo.upload("/rest/api/3/issue/" + key + "/attachments", "file", "crash.log", "text/plain", log,
                "X-Atlassian-Token", "no-check");

        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).isEqualTo("XSRF check failed");
        assertThat(wrongPart.status()).isEqualTo(400);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json()).hasSize(1);
        assertThat(ok.json().get(0).get("filename").asText()).isEqualTo("crash.log");
        assertThat(ok.json().get(0).get("size").asInt()).isEqualTo(log.length);
        assertThat(ok.json().get(0).get("mimeType").asText()).isEqualTo("text/plain");
        assertThat(demo.get("/rest/api/3/issue/" + key).json().at("/fields/attachment/0/filename").asText()).isEqualTo("crash.log");
        assertThat(sandboxIssues().get(0).at("/attachments/0/size").asInt()).isEqualTo(log.length);
    }

    // ---- search

    @Test
    void searchJqlPagesWithNextPageTokenAndReturnsIdsByDefault() {
        for (int i = 1; i <= 3; i++) {
            createBug("Bug " + i);
        }

        SandboxClient.Answer first = demo.get("/rest/api/3/search/jql?jql=project%20%3D%20DEMO%20ORDER%20BY%20key%20ASC&maxResults=2");
        String token = first.json().get("nextPageToken").asText();
        SandboxClient.Answer second = demo.post("/rest/api/3/search/jql", """
                {"jql":"project = DEMO ORDER BY key ASC","maxResults":2,"nextPageToken":"%s","fields":["summary","status"]}""".formatted(token));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("isLast").asBoolean()).isFalse();
        assertThat(first.json().get("issues")).extracting(i -> i.get("id").asText()).containsExactly("10001", "10002");
        assertThat(first.json().get("issues").get(0).has("fields")).isFalse();
        assertThat(first.json().has("total")).isFalse();
        assertThat(second.json().get("isLast").asBoolean()).isTrue();
        assertThat(second.json().has("nextPageToken")).isFalse();
        assertThat(second.json().at("/issues/0/key").asText()).isEqualTo("DEMO-3");
        assertThat(second.json().at("/issues/0/fields/summary").asText()).isEqualTo("Bug 3");
        assertThat(second.json().at("/issues/0/fields/status/name").asText()).isEqualTo("To Do");
    }

    @Test
    void theRemovedSearchAnswers410() {
        SandboxClient.Answer v3 = demo.get("/rest/api/3/search?jql=project%3DDEMO");
        SandboxClient.Answer v2 = demo.post("/rest/api/2/search", "{\"jql\":\"project = DEMO\"}");

        assertThat(v3.status()).isEqualTo(410);
        assertThat(v2.status()).isEqualTo(410);
        assertThat(v3.json().get("errorMessages").get(0).asText()).startsWith("The requested API has been removed.");
    }

    @Test
    void jqlThatTheSandboxCannotAnswerIsA400NeverIgnored() {
        createBug("S");

        assertThat(jqlError("project = DEMO AND status WAS Done")).startsWith("Error in the JQL Query:");
        assertThat(jqlError("assignee in membersOf(devs)")).isEqualTo("Unable to find JQL function 'membersOf(devs)'.");
        assertThat(jqlError("summary = crash")).isEqualTo("The operator '=' is not supported by the 'summary' field.");
        assertThat(jqlError("project = DEMO ORDER BY colour")).isEqualTo("Field 'colour' does not exist or you do not have permission to view it.");
        assertThat(jqlError("colour = red")).isEqualTo("Field 'colour' does not exist or you do not have permission to view it.");
        assertThat(jqlError("project = NOPE")).isEqualTo("The value 'NOPE' does not exist for the field 'project'.");
        assertThat(jqlError("key = DEMO-99")).isEqualTo("An issue with key 'DEMO-99' does not exist for the field 'key'.");
        assertThat(jqlError("ORDER BY created DESC")).isEqualTo(Jql.UNBOUNDED);
        assertThat(jqlError("updated >= \"yesterday\"")).startsWith("Date value 'yesterday' for field 'updated' is invalid.");
    }

    private String jqlError(String jql) {
        SandboxClient.Answer answer = demo.post("/rest/api/3/search/jql", SandboxClient.MAPPER.createObjectNode().put("jql", jql).toString());
        assertThat(answer.status()).as(jql).isEqualTo(400);
        return answer.json().get("errorMessages").get(0).asText();
    }
}
