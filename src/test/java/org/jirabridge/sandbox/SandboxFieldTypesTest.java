package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeded field catalogue: DEMO's Bug screen carries an optional custom field of every type (plus components, fix
 * versions, environment and due date), REQ requires Severity and uses the custom priority scheme P1-P4. Values are
 * read as Jira reads them per REST version (v3: ADF for multi-line text; Cloud users by accountId, Server by name).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxFieldTypesTest {

    private static final String ALEX_CLOUD = "557058:2a3e4c5d-0000-4000-8000-000000000002";
    private static final String ADF = """
            {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Open the app"}]}]}""";

    private JiraSandbox cloud;
    private JiraSandbox server;
    private final List<RecordedExchange> cloudTraffic = new CopyOnWriteArrayList<>();
    private final List<RecordedExchange> serverTraffic = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        cloud = JiraSandbox.start(0, Flavour.CLOUD);
        server = JiraSandbox.start(0, Flavour.SERVER);
        cloud.addListener(cloudTraffic::add);
        server.addListener(serverTraffic::add);
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void reset() {
        cloud.reset();
        server.reset();
        cloudTraffic.clear();
        serverTraffic.clear();
    }

    /** The three ways a client talks to Jira: Cloud v3, Cloud v2, Server v2. */
    static Stream<Arguments> apis() {
        return Stream.of(Arguments.of(Flavour.CLOUD, "3"), Arguments.of(Flavour.CLOUD, "2"),
                Arguments.of(Flavour.SERVER, "2"));
    }

    private JiraSandbox sandbox(Flavour flavour) {
        return flavour == Flavour.CLOUD ? cloud : server;
    }

    private static String user(Flavour flavour) {
        return flavour == Flavour.CLOUD ? "{\"accountId\":\"" + ALEX_CLOUD + "\"}" : "{\"name\":\"alex\"}";
    }

    private static String everyType(Flavour flavour, String version) {
        String text = version.equals("3") ? ADF : "\"Open the app\"";
        return """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"Every type",
                 "customfield_10010":"3.4.1",
                 "customfield_10011":{"value":"Major"},
                 "customfield_10012":%s,
                 "customfield_10013":42.5,
                 "customfield_10014":"2026-03-01",
                 "customfield_10015":"2026-03-01T14:30:00.000+0000",
                 "customfield_10016":"https://logs.example.com/crash/1",
                 "customfield_10017":["ios-17","iphone"],
                 "customfield_10018":{"id":"10031"},
                 "customfield_10019":[{"value":"Checkout"},{"value":"Login"}],
                 "customfield_10020":[{"id":"10051"}],
                 "customfield_10021":{"value":"Apple","child":{"value":"iPad"}},
                 "customfield_10022":%s,
                 "customfield_10023":[%s],
                 "customfield_10024":{"name":"3.4.1"},
                 "components":[{"name":"Checkout"},{"id":"10201"}],
                 "fixVersions":[{"name":"3.5.0"}],
                 "environment":%s,
                 "duedate":"2026-04-30"}}""".formatted(text, user(flavour), user(flavour), text);
    }

    @ParameterizedTest
    @MethodSource("apis")
    void aBugWithAFieldOfEveryTypeIsStoredAndReadBack(Flavour flavour, String version) {
        SandboxClient demo = SandboxClient.demo(sandbox(flavour));
        String api = "/rest/api/" + version;

        SandboxClient.Answer created = demo.post(api + "/issue", everyType(flavour, version));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode fields = demo.get(api + "/issue/DEMO-1").json().get("fields");

        assertThat(fields.get("customfield_10010").asText()).isEqualTo("3.4.1");
        assertThat(fields.at("/customfield_10011/value").asText()).isEqualTo("Major");
        assertThat(fields.at("/customfield_10011/id").asText()).isEqualTo("10021");
        if (version.equals("3")) {
            assertThat(fields.at("/customfield_10012/type").asText()).isEqualTo("doc");
            assertThat(fields.at("/environment/type").asText()).isEqualTo("doc");
        } else {
            assertThat(fields.get("customfield_10012").asText()).isEqualTo("Open the app");
            assertThat(fields.get("environment").asText()).isEqualTo("Open the app");
        }
        assertThat(fields.get("customfield_10013").asDouble()).isEqualTo(42.5);
        assertThat(fields.get("customfield_10014").asText()).isEqualTo("2026-03-01");
        assertThat(fields.get("customfield_10015").asText()).isEqualTo("2026-03-01T14:30:00.000+0000");
        assertThat(fields.get("customfield_10016").asText()).isEqualTo("https://logs.example.com/crash/1");
        assertThat(fields.get("customfield_10017")).extracting(JsonNode::asText).containsExactly("ios-17", "iphone");
        assertThat(fields.at("/customfield_10018/value").asText()).isEqualTo("Android");
        assertThat(fields.get("customfield_10019")).extracting(o -> o.get("value").asText()).containsExactly("Checkout", "Login");
        assertThat(fields.get("customfield_10020")).extracting(o -> o.get("value").asText()).containsExactly("In-app");
        assertThat(fields.at("/customfield_10021/value").asText()).isEqualTo("Apple");
        assertThat(fields.at("/customfield_10021/child/value").asText()).isEqualTo("iPad");
        String userKey = flavour == Flavour.CLOUD ? "accountId" : "name";
        String alex = flavour == Flavour.CLOUD ? ALEX_CLOUD : "alex";
        assertThat(fields.at("/customfield_10022/" + userKey).asText()).isEqualTo(alex);
        assertThat(fields.get("customfield_10023")).extracting(u -> u.get(userKey).asText()).containsExactly(alex);
        assertThat(fields.at("/customfield_10024/name").asText()).isEqualTo("3.4.1");
        assertThat(fields.get("components")).extracting(c -> c.get("name").asText()).containsExactly("Checkout", "Login");
        assertThat(fields.get("fixVersions")).extracting(v -> v.get("name").asText()).containsExactly("3.5.0");
        assertThat(fields.get("duedate").asText()).isEqualTo("2026-04-30");

        JsonNode listed = SandboxClient.anonymous(sandbox(flavour)).get("/_sandbox/issues").json().at("/issues/0/fields");
        assertThat(listed.get("customfield_10011").asText()).isEqualTo("Major");
        assertThat(listed.get("customfield_10019")).extracting(JsonNode::asText).containsExactly("Checkout", "Login");
        assertThat(listed.at("/customfield_10021/child").asText()).isEqualTo("iPad");
        assertThat(listed.get("customfield_10022").asText()).isEqualTo(alex);
        assertThat(listed.get("components")).extracting(JsonNode::asText).containsExactly("Checkout", "Login");
        assertThat(listed.get("customfield_10024").asText()).isEqualTo("3.4.1");
        assertConforms(flavour);
    }

    @ParameterizedTest
    @MethodSource("apis")
    void everyWrongValueIsNamedInOneAnswer(Flavour flavour, String version) {
        SandboxClient demo = SandboxClient.demo(sandbox(flavour));
        String textareaWrong = version.equals("3") ? "\"plain text\"" : ADF;
        SandboxClient.Answer refused = demo.post("/rest/api/" + version + "/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"Wrong values",
                 "customfield_10010":"%s",
                 "customfield_10011":{"value":"Huge"},
                 "customfield_10012":%s,
                 "customfield_10013":"forty",
                 "customfield_10014":"01/03/2026",
                 "customfield_10015":"yesterday",
                 "customfield_10016":"not a url",
                 "customfield_10017":"single",
                 "customfield_10018":"Android",
                 "customfield_10019":[{"value":"Checkout"},{"id":"99999"}],
                 "customfield_10021":{"value":"Apple","child":{"value":"Tablet"}},
                 "customfield_10022":{"accountId":"nobody","name":"nobody"},
                 "customfield_10024":{"name":"9.9"},
                 "components":[{"name":"Billing"}],
                 "fixVersions":{"name":"3.5.0"}}}""".formatted("x".repeat(256), textareaWrong));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode errors = refused.json().get("errors");
        assertThat(errors.get("customfield_10010").asText()).contains("exceeds the allowed limit of 255 characters");
        assertThat(errors.get("customfield_10011").asText()).isEqualTo("Option value 'Huge' is not valid");
        assertThat(errors.get("customfield_10012").asText()).isEqualTo(version.equals("3")
                ? Adf.NOT_A_DOCUMENT : IssueEditor.NOT_A_STRING);
        assertThat(errors.get("customfield_10013").asText()).isEqualTo("Operation value must be a number");
        assertThat(errors.get("customfield_10014").asText()).isEqualTo("Error parsing date string: 01/03/2026");
        assertThat(errors.get("customfield_10015").asText()).isEqualTo("Error parsing date string: yesterday");
        assertThat(errors.get("customfield_10016").asText()).isEqualTo("Not a valid URL");
        assertThat(errors.get("customfield_10017").asText()).isEqualTo("data was not an array");
        assertThat(errors.get("customfield_10018").asText()).isEqualTo(FieldValues.NO_PARENT_OPTION);
        assertThat(errors.get("customfield_10019").asText()).isEqualTo("Option id '99999' is not valid");
        assertThat(errors.get("customfield_10021").asText()).isEqualTo("Option value 'Tablet' is not valid");
        assertThat(errors.get("customfield_10022").asText()).isEqualTo(flavour == Flavour.CLOUD
                ? "Specify a valid value for customfield_10022" : "User 'nobody' does not exist.");
        assertThat(errors.get("customfield_10024").asText()).isEqualTo("Version name '9.9' is not valid");
        assertThat(errors.get("components").asText()).isEqualTo("Component name 'Billing' is not valid");
        assertThat(errors.get("fixVersions").asText()).isEqualTo("data was not an array");
        assertThat(SandboxClient.anonymous(sandbox(flavour)).get("/_sandbox/issues").json().get("issues")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("apis")
    void createMetaOfTheBugScreenDescribesEveryFieldWithItsAllowedValues(Flavour flavour, String version) {
        JsonNode page = SandboxClient.demo(sandbox(flavour))
                .get("/rest/api/" + version + "/issue/createmeta/DEMO/issuetypes/10001?maxResults=200").json();
        JsonNode fields = page.get(flavour == Flavour.CLOUD ? "fields" : "values");
        Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        fields.forEach(f -> byId.put(f.get("fieldId").asText(), f));

        assertThat(byId).containsKeys("customfield_10010", "customfield_10011", "customfield_10012", "customfield_10013",
                "customfield_10014", "customfield_10015", "customfield_10016", "customfield_10017", "customfield_10018",
                "customfield_10019", "customfield_10020", "customfield_10021", "customfield_10022", "customfield_10023",
                "customfield_10024", "components", "fixVersions", "environment", "duedate");
        assertThat(byId.values()).filteredOn(f -> f.get("fieldId").asText().startsWith("customfield_"))
                .allSatisfy(f -> assertThat(f.get("required").asBoolean()).isFalse());
        assertThat(byId.get("customfield_10018").at("/schema/custom").asText()).endsWith(":radiobuttons");
        assertThat(byId.get("customfield_10020").at("/schema/items").asText()).isEqualTo("option");
        assertThat(byId.get("customfield_10021").at("/allowedValues/0/children")).extracting(c -> c.get("value").asText())
                .containsExactly("iPhone", "iPad");
        assertThat(byId.get("customfield_10024").get("allowedValues")).extracting(v -> v.get("name").asText())
                .containsExactly("3.4.0", "3.4.1", "3.5.0");
        assertThat(byId.get("components").get("allowedValues")).extracting(c -> c.get("name").asText())
                .containsExactly("Checkout", "Login", "Mobile app");
        assertThat(byId.get("priority").get("allowedValues")).extracting(p -> p.get("name").asText())
                .containsExactly("Highest", "High", "Medium", "Low", "Lowest");
        assertConforms(flavour);
    }

    @ParameterizedTest
    @MethodSource("apis")
    void reqRequiresSeverityAndHasItsOwnPriorityScheme(Flavour flavour, String version) {
        SandboxClient demo = SandboxClient.demo(sandbox(flavour));
        String api = "/rest/api/" + version;

        JsonNode meta = demo.get(api + "/issue/createmeta/REQ/issuetypes/10002").json();
        JsonNode fields = meta.get(flavour == Flavour.CLOUD ? "fields" : "values");
        JsonNode severity = find(fields, "customfield_10011");
        JsonNode priority = find(fields, "priority");
        assertThat(severity.get("required").asBoolean()).isTrue();
        assertThat(severity.get("hasDefaultValue").asBoolean()).isFalse();
        assertThat(priority.get("allowedValues")).extracting(p -> p.get("name").asText()).containsExactly("P1", "P2", "P3", "P4");
        assertThat(priority.at("/defaultValue/name").asText()).isEqualTo("P3");

        SandboxClient.Answer missing = demo.post(api + "/issue", """
                {"fields":{"project":{"key":"REQ"},"issuetype":{"name":"Task"},"summary":"No severity",
                 "priority":{"name":"High"},"customfield_10012":"steps"}}""");
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().at("/errors/customfield_10011").asText()).isEqualTo("Severity is required.");
        assertThat(missing.json().at("/errors/priority").asText()).isEqualTo(IssueEditor.PRIORITY_INVALID);
        assertThat(missing.json().at("/errors/customfield_10012").asText()).contains("cannot be set");

        SandboxClient.Answer created = demo.post(api + "/issue", """
                {"fields":{"project":{"key":"REQ"},"issuetype":{"name":"Task"},"summary":"With severity",
                 "priority":{"name":"P1"},"customfield_10011":{"value":"Critical"}}}""");
        SandboxClient.Answer defaulted = demo.post(api + "/issue", """
                {"fields":{"project":{"key":"REQ"},"issuetype":{"name":"Bug"},"summary":"Default priority",
                 "customfield_10011":{"id":"10022"}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(defaulted.status()).as(defaulted.body()).isEqualTo(201);
        assertThat(demo.get(api + "/issue/REQ-1").json().at("/fields/priority/name").asText()).isEqualTo("P1");
        assertThat(demo.get(api + "/issue/REQ-2").json().at("/fields/priority/name").asText()).isEqualTo("P3");
        // the P-priorities are not in DEMO's scheme
        SandboxClient.Answer wrongScheme = demo.post(api + "/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"P1 in DEMO","priority":{"id":"10000"}}}""");
        assertThat(wrongScheme.json().at("/errors/priority").asText()).isEqualTo(IssueEditor.PRIORITY_INVALID);
        assertConforms(flavour);
    }

    @Test
    void attachmentsAboveTheSizeLimitGet413() {
        SandboxClient control = SandboxClient.anonymous(cloud);
        SandboxClient demo = SandboxClient.demo(cloud);
        demo.post("/rest/api/3/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"Attach"}}""");
        assertThat(control.put("/_sandbox/attachment-limit", "{\"maxBytes\":10}").status()).isEqualTo(200);

        SandboxClient.Answer tooLarge = demo.upload("/rest/api/3/issue/DEMO-1/attachments", "file", "big.log",
                "text/plain", "12345678901".getBytes(StandardCharsets.UTF_8), "X-Atlassian-Token", "no-check");
        SandboxClient.Answer fits = demo.upload("/rest/api/3/issue/DEMO-1/attachments", "file", "small.log",
                "text/plain", "1234567890".getBytes(StandardCharsets.UTF_8), "X-Atlassian-Token", "no-check");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("errorMessages").get(0).asText()).contains("big.log").contains("10 bytes");
        assertThat(fits.status()).isEqualTo(200);
        assertThat(demo.get("/rest/api/3/issue/DEMO-1").json().at("/fields/attachment")).hasSize(1);
        cloud.reset();
        assertThat(control.get("/_sandbox/attachment-limit").json().get("maxBytes").asLong()).isEqualTo(10_485_760L);
    }

    @Test
    void seedTakesValuesOfEveryType() {
        SandboxClient.Answer seeded = SandboxClient.anonymous(server).post("/_sandbox/seed", """
                {"issues":[{"project":"DEMO","issueType":"Bug","summary":"Seeded",
                  "fields":{"customfield_10011":"Critical","customfield_10018":"Web",
                            "customfield_10021":{"value":"Android","child":{"value":"Tablet"}},
                            "components":[{"name":"Login"}],"customfield_10022":{"name":"alex"}}}]}""");
        SandboxClient.Answer wrong = SandboxClient.anonymous(server).post("/_sandbox/seed", """
                {"issues":[{"project":"DEMO","summary":"Bad","fields":{"customfield_10018":"Mars"}}]}""");

        assertThat(seeded.status()).as(seeded.body()).isEqualTo(200);
        JsonNode fields = SandboxClient.demo(server).get("/rest/api/2/issue/DEMO-1").json().get("fields");
        assertThat(fields.at("/customfield_10018/value").asText()).isEqualTo("Web");
        assertThat(fields.at("/customfield_10021/child/value").asText()).isEqualTo("Tablet");
        assertThat(fields.at("/components/0/name").asText()).isEqualTo("Login");
        assertThat(fields.at("/customfield_10022/name").asText()).isEqualTo("alex");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("customfield_10018");
    }

    private static JsonNode find(JsonNode fields, String id) {
        for (JsonNode field : fields) {
            if (field.get("fieldId").asText().equals(id)) {
                return field;
            }
        }
        throw new AssertionError("no field " + id + " in " + fields);
    }

    private void assertConforms(Flavour flavour) {
        OpenApiContract.forFlavour(flavour).assertConforms(flavour == Flavour.CLOUD ? cloudTraffic : serverTraffic);
    }
}
