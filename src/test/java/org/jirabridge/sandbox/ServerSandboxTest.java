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

/** Every endpoint of the Server/Data Center flavour over real HTTP: REST v2 only, usernames, startAt paging. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSandboxTest {

    private JiraSandbox sandbox;
    private SandboxClient admin;

    @BeforeAll
    void start() {
        sandbox = JiraSandbox.start(0, Flavour.SERVER);
        admin = SandboxClient.demo(sandbox);
    }

    @AfterAll
    void stop() {
        sandbox.stop();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    private String create(String summary, String extraFields) {
        SandboxClient.Answer created = admin.post("/rest/api/2/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"%s"%s}}""".formatted(summary, extraFields));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    @Test
    void serverInfoSaysServerAndVersion9ByDefault() {
        JsonNode info = SandboxClient.anonymous(sandbox).get("/rest/api/2/serverInfo").json();

        assertThat(info.get("deploymentType").asText()).isEqualTo("Server");
        assertThat(info.get("version").asText()).isEqualTo("9.12.2");
        assertThat(info.get("versionNumbers")).extracting(JsonNode::asInt).containsExactly(9, 12, 2);
    }

    @Test
    void restV3DoesNotExistOnServer() {
        assertThat(admin.get("/rest/api/3/serverInfo").status()).isEqualTo(404);
        assertThat(admin.post("/rest/api/3/issue", "{}").status()).isEqualTo(404);
    }

    @Test
    void usersCarryNameAndKeyNotAccountId() {
        SandboxClient.Answer answer = admin.get("/rest/api/2/myself");

        JsonNode me = answer.json();
        assertThat(me.get("name").asText()).isEqualTo("admin");
        assertThat(me.get("key").asText()).isEqualTo("JIRAUSER10000");
        assertThat(me.has("accountId")).isFalse();
        assertThat(answer.header("X-AUSERNAME")).isEqualTo("admin");
    }

    @Test
    void personalAccessTokensAreBearerTokens() {
        assertThat(SandboxClient.bearer(sandbox, "demo-pat").get("/rest/api/2/myself").json().get("name").asText()).isEqualTo("admin");
        assertThat(SandboxClient.basic(sandbox, "admin", "demo-pat").get("/rest/api/2/myself").status()).isEqualTo(401);
        SandboxClient.Answer wrongPat = SandboxClient.bearer(sandbox, "not-a-pat").get("/rest/api/2/myself");
        assertThat(wrongPat.status()).isEqualTo(401);
        assertThat(wrongPat.header("X-Seraph-LoginReason")).isEqualTo("AUTHENTICATED_FAILED");
    }

    @Test
    void revokingAPatLeavesThePasswordWorking() {
        assertThat(SandboxClient.anonymous(sandbox).post("/_sandbox/revoke", "{\"credential\":\"demo-pat\"}").status()).isEqualTo(204);

        assertThat(SandboxClient.bearer(sandbox, "demo-pat").get("/rest/api/2/myself").status()).isEqualTo(401);
        assertThat(admin.get("/rest/api/2/myself").status()).isEqualTo(200);
    }

    @Test
    void seededServerUsersSignInWithPasswordOrPat() {
        SandboxClient.anonymous(sandbox).post("/_sandbox/seed", """
                {"users":[{"name":"kim","displayName":"Kim","password":"kim-pw","personalAccessToken":"kim-pat"},
                          {"name":"gone","password":"gone-pw","active":false}]}""");

        assertThat(SandboxClient.basic(sandbox, "kim", "kim-pw").get("/rest/api/2/myself").json().get("name").asText()).isEqualTo("kim");
        assertThat(SandboxClient.bearer(sandbox, "kim-pat").get("/rest/api/2/myself").json().get("displayName").asText()).isEqualTo("Kim");
        assertThat(SandboxClient.basic(sandbox, "gone", "gone-pw").get("/rest/api/2/myself").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordGets401WithSeraphsReason() {
        SandboxClient.Answer answer = SandboxClient.basic(sandbox, "admin", "wrong").get("/rest/api/2/myself");
        SandboxClient.Answer anonymous = SandboxClient.anonymous(sandbox).get("/rest/api/2/issue/DEMO-1");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("X-Seraph-LoginReason")).isEqualTo("AUTHENTICATED_FAILED");
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("errorMessages").get(0).asText()).isEqualTo(Authenticator.NOT_AUTHENTICATED);
    }

    @Test
    void myPermissionsWithoutParameterListsAllOnServer() {
        JsonNode permissions = admin.get("/rest/api/2/mypermissions").json().get("permissions");

        assertThat(permissions.size()).isEqualTo(Catalog.PERMISSIONS.size());
        assertThat(permissions.at("/CREATE_ISSUES/havePermission").asBoolean()).isTrue();
    }

    @Test
    void projectSearchIsCloudOnly() {
        assertThat(admin.get("/rest/api/2/project").json().get(0).get("key").asText()).isEqualTo("DEMO");
        assertThat(admin.get("/rest/api/2/project/search").status()).isEqualTo(404);
    }

    @Test
    void metadataEndpointsSpeakServer() {
        JsonNode fields = admin.get("/rest/api/2/field").json();
        JsonNode priorities = admin.get("/rest/api/2/priority").json();
        JsonNode assignable = admin.get("/rest/api/2/user/assignable/search?project=DEMO&username=ale").json();
        SandboxClient.Answer project = admin.get("/rest/api/2/project/DEMO");

        assertThat(fields).extracting(f -> f.get("id").asText()).contains("customfield_10010", "customfield_10011");
        assertThat(fields.get(0).has("key")).isFalse();
        assertThat(priorities).hasSize(9);
        assertThat(priorities.get(0).has("isDefault")).isFalse();
        assertThat(assignable).extracting(u -> u.get("name").asText()).containsExactly("alex");
        assertThat(project.json().get("id").asText()).isEqualTo("10000");
        assertThat(admin.get("/rest/api/2/project/NOPE").status()).isEqualTo(404);
    }

    @Test
    void issueFailureCases() {
        String key = create("S", "");

        assertThat(admin.get("/rest/api/2/issue/DEMO-42").status()).isEqualTo(404);
        assertThat(admin.post("/rest/api/2/issue/DEMO-42/comment", "{\"body\":\"x\"}").status()).isEqualTo(404);
        assertThat(admin.post("/rest/api/2/issue/" + key + "/comment", "{\"body\":\"\"}").json().at("/errors/comment").asText())
                .isEqualTo("Comment body can not be empty!");
        assertThat(admin.post("/rest/api/2/issue/" + key + "/transitions", "{\"transition\":{\"id\":\"11\"}}").status()).isEqualTo(400);
        assertThat(admin.upload("/rest/api/2/issue/" + key + "/attachments", "file", "a.txt", "text/plain", new byte[] {1}).status())
                .isEqualTo(403);
        assertThat(admin.get("/rest/api/2/issue/" + key + "/properties/none").status()).isEqualTo(404);
        assertThat(admin.put("/rest/api/2/issue/" + key, "{\"fields\":{\"labels\":[\"a b\"],\"summary\":\"\"}}").json().get("errors"))
                .hasSize(2);
    }

    @Test
    void newCreateMetaPagesAsValuesWithIsLast() {
        JsonNode types = admin.get("/rest/api/2/issue/createmeta/DEMO/issuetypes?maxResults=2").json();
        JsonNode fields = admin.get("/rest/api/2/issue/createmeta/DEMO/issuetypes/10001").json();

        assertThat(types.get("values")).hasSize(2);
        assertThat(types.get("isLast").asBoolean()).isFalse();
        assertThat(types.get("total").asInt()).isEqualTo(3);
        assertThat(fields.get("values")).extracting(f -> f.get("fieldId").asText()).contains("summary", "customfield_10011");
        assertThat(fields.get("isLast").asBoolean()).isTrue();
    }

    @Test
    void theOldCreateMetaIsServedOnlyBeforeVersion9() {
        assertThat(admin.get("/rest/api/2/issue/createmeta?projectKeys=DEMO").status()).isEqualTo(404);

        SandboxClient.Answer seeded = SandboxClient.anonymous(sandbox).post("/_sandbox/seed", "{\"serverVersion\":\"8.20.10\"}");
        JsonNode old = admin.get("/rest/api/2/issue/createmeta?projectKeys=DEMO&expand=projects.issuetypes.fields").json();
        JsonNode withoutFields = admin.get("/rest/api/2/issue/createmeta?projectKeys=DEMO").json();

        assertThat(seeded.status()).isEqualTo(200);
        assertThat(SandboxClient.anonymous(sandbox).get("/rest/api/2/serverInfo").json().get("version").asText()).isEqualTo("8.20.10");
        assertThat(old.at("/projects/0/key").asText()).isEqualTo("DEMO");
        assertThat(old.at("/projects/0/issuetypes")).extracting(t -> t.get("name").asText()).containsExactly("Bug", "Task", "Story");
        assertThat(old.at("/projects/0/issuetypes/0/fields/summary/required").asBoolean()).isTrue();
        assertThat(old.at("/projects/0/issuetypes/0/fields/customfield_10011/allowedValues")).hasSize(3);
        assertThat(withoutFields.at("/projects/0/issuetypes/0").has("fields")).isFalse();
        sandbox.reset();
        assertThat(admin.get("/rest/api/2/issue/createmeta?projectKeys=DEMO").status()).isEqualTo(404);
    }

    @Test
    void createReadEditAndDeleteWithWikiMarkup() {
        String key = create("Crash", ",\"description\":\"h2. Steps\\n# open app\",\"assignee\":{\"name\":\"alex\"},\"customfield_10010\":\"1.0\"");

        JsonNode issue = admin.get("/rest/api/2/issue/" + key).json();
        assertThat(issue.get("self").asText()).isEqualTo(sandbox.baseUrl() + "/rest/api/2/issue/10001");
        assertThat(issue.at("/fields/description").asText()).isEqualTo("h2. Steps\n# open app");
        assertThat(issue.at("/fields/assignee/name").asText()).isEqualTo("alex");
        assertThat(issue.at("/fields/reporter/name").asText()).isEqualTo("admin");
        assertThat(issue.at("/fields/reporter").has("accountId")).isFalse();
        assertThat(admin.put("/rest/api/2/issue/" + key, "{\"fields\":{\"assignee\":null,\"customfield_10010\":\"1.1\"}}").status()).isEqualTo(204);
        JsonNode edited = admin.get("/rest/api/2/issue/" + key + "?fields=assignee,customfield_10010").json();
        assertThat(edited.at("/fields/assignee").isNull()).isTrue();
        assertThat(edited.at("/fields/customfield_10010").asText()).isEqualTo("1.1");
        assertThat(admin.put("/rest/api/2/issue/" + key + "?returnIssue=true", "{\"fields\":{\"summary\":\"x\"}}").status()).isEqualTo(204);
        assertThat(admin.delete("/rest/api/2/issue/" + key).status()).isEqualTo(204);
    }

    @Test
    void serverValidationMessages() {
        SandboxClient.Answer project = admin.post("/rest/api/2/issue", "{\"fields\":{\"project\":{\"key\":\"NOPE\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\"}}");
        SandboxClient.Answer type = admin.post("/rest/api/2/issue", "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Epic\"},\"summary\":\"S\"}}");
        SandboxClient.Answer user = admin.post("/rest/api/2/issue",
                "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\",\"assignee\":{\"name\":\"nobody\"}}}");
        SandboxClient.Answer adf = admin.post("/rest/api/2/issue",
                "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\",\"description\":{\"type\":\"doc\"}}}");
        SandboxClient.Answer notJson = admin.post("/rest/api/2/issue", "{not json");

        assertThat(project.json().at("/errors/project").asText()).isEqualTo("valid project is required");
        assertThat(type.json().at("/errors/issuetype").asText()).isEqualTo("valid issue type is required");
        assertThat(user.json().at("/errors/assignee").asText()).isEqualTo("User 'nobody' does not exist.");
        assertThat(adf.json().at("/errors/description").asText()).isEqualTo("Operation value must be a string");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("errorMessages")).hasSize(1);
    }

    @Test
    void commentsAreStringsAndAdfIsRefused() {
        String key = create("S", "");

        SandboxClient.Answer added = admin.post("/rest/api/2/issue/" + key + "/comment", "{\"body\":\"*bold* text\"}");
        SandboxClient.Answer adf = admin.post("/rest/api/2/issue/" + key + "/comment", "{\"body\":{\"type\":\"doc\",\"version\":1,\"content\":[]}}");
        JsonNode list = admin.get("/rest/api/2/issue/" + key + "/comment").json();

        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("body").asText()).isEqualTo("*bold* text");
        assertThat(added.json().at("/author/name").asText()).isEqualTo("admin");
        assertThat(adf.status()).isEqualTo(400);
        assertThat(list.get("total").asInt()).isEqualTo(1);
    }

    @Test
    void transitionsAndAttachments() {
        String key = create("S", "");

        assertThat(admin.get("/rest/api/2/issue/" + key + "/transitions").json().get("transitions")).hasSize(2);
        assertThat(admin.post("/rest/api/2/issue/" + key + "/transitions",
                "{\"transition\":{\"id\":\"31\"},\"update\":{\"comment\":[{\"add\":{\"body\":\"Fixed in 1.2\"}}]}}").status()).isEqualTo(204);
        JsonNode issue = admin.get("/rest/api/2/issue/" + key).json();
        assertThat(issue.at("/fields/status/name").asText()).isEqualTo("Done");
        assertThat(issue.at("/fields/comment/comments/0/body").asText()).isEqualTo("Fixed in 1.2");
        SandboxClient.Answer attached = admin.upload("/rest/api/2/issue/" + key + "/attachments", "file", "a.png", "image/png",
                new byte[] {1, 2, 3}, "X-Atlassian-Token", "no-check");
        assertThat(attached.status()).isEqualTo(200);
        assertThat(attached.json().get(0).get("content").asText()).isEqualTo(sandbox.baseUrl() + "/secure/attachment/10000/a.png");
    }

    @Test
    void searchPagesWithStartAtAndTotal() {
        for (int i = 1; i <= 5; i++) {
            create("Issue " + i, i % 2 == 0 ? ",\"labels\":[\"even\"]" : "");
        }

        JsonNode page = admin.get("/rest/api/2/search?jql=project%3DDEMO%20ORDER%20BY%20key%20ASC&startAt=1&maxResults=2&fields=summary").json();
        JsonNode posted = admin.post("/rest/api/2/search", """
                {"jql":"project = DEMO AND labels = even ORDER BY key DESC","startAt":0,"maxResults":10}""").json();
        JsonNode everything = admin.get("/rest/api/2/search").json();

        assertThat(page.get("startAt").asInt()).isEqualTo(1);
        assertThat(page.get("maxResults").asInt()).isEqualTo(2);
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("issues")).extracting(i -> i.get("key").asText()).containsExactly("DEMO-2", "DEMO-3");
        List<String> fieldNames = new ArrayList<>();
        page.at("/issues/0/fields").fieldNames().forEachRemaining(fieldNames::add);
        assertThat(fieldNames).containsExactly("summary");
        assertThat(posted.get("issues")).extracting(i -> i.get("key").asText()).containsExactly("DEMO-4", "DEMO-2");
        assertThat(posted.at("/issues/0/fields/status/name").asText()).isEqualTo("To Do");
        assertThat(posted.at("/issues/0/fields").has("comment")).isFalse();
        assertThat(everything.get("total").asInt()).isEqualTo(5);
        assertThat(admin.get("/rest/api/2/search/jql?jql=project%3DDEMO").status()).isEqualTo(404);
    }
}
