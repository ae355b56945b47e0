package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.jirabridge.testsupport.OpenApiContract;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives a realistic sequence through each flavour and checks every exchange against Atlassian's OpenAPI
 * documents: a sandbox that answers what real Jira would not would hide bugs in the component. The last test checks
 * that this traffic reached every route the sandbox serves, so coverage cannot drop unnoticed when a route is added.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxSpecConformanceTest {

    /**
     * Routes this class does not spec-check, each with the reason; every other route the sandbox registers must be
     * answered (2xx) by the conformance traffic above.
     */
    private static final Map<String, String> NOT_CHECKED_HERE = notCheckedHere();

    /** Per flavour, the routes the sandbox registered and those answered by traffic that conformed. */
    private static final Map<Flavour, Set<String>> REGISTERED = new EnumMap<>(Flavour.class);
    private static final Map<Flavour, Set<String>> SPEC_CHECKED = new EnumMap<>(Flavour.class);
    /** The traffic tests whose traffic conformed: the coverage check needs all of them. */
    private static final Set<String> CONFORMED = ConcurrentHashMap.newKeySet();
    private static volatile String currentTest;

    private static final String ADF = """
            {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Steps: open the app"}]}]}""";

    @BeforeEach
    void name(TestInfo info) {
        currentTest = info.getTestMethod().map(Method::getName).orElseThrow();
    }

    @Test
    void cloudTrafficConformsToTheCloudSpecs() {
        Recorder traffic;
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD)) {
            traffic = new Recorder(sandbox);
            SandboxClient demo = SandboxClient.demo(sandbox);
            SandboxClient.anonymous(sandbox).get("/rest/api/3/serverInfo");
            demo.get("/rest/api/3/myself");
            demo.get("/rest/api/3/mypermissions?projectKey=DEMO&permissions=CREATE_ISSUES,BROWSE_PROJECTS");
            demo.get("/rest/api/3/project");
            demo.get("/rest/api/3/project/search?startAt=0&maxResults=10");
            demo.get("/rest/api/3/issue/createmeta/DEMO/issuetypes");
            demo.get("/rest/api/3/issue/createmeta/DEMO/issuetypes/10001");
            demo.get("/rest/api/3/field");
            demo.get("/rest/api/3/priority");
            demo.get("/rest/api/3/user/assignable/search?project=DEMO");
            demo.post("/rest/api/3/issue", """
                    {"fields":{"project":{"key":"DEMO"},"issuetype":{"id":"10001"},"summary":"Crash on start","description":%s,
                     "priority":{"id":"2"},"labels":["crash"],"customfield_10010":"2.4.1","customfield_10011":{"id":"10020"}},
                     "properties":[{"key":"jira-bridge.report","value":{"reportId":"r-1"}}]}""".formatted(ADF));
            demo.get("/rest/api/3/issue/DEMO-1");
            demo.get("/rest/api/3/issue/DEMO-1?fields=summary,status,updated");
            demo.get("/rest/api/3/issue/DEMO-1/properties/jira-bridge.report");
            demo.put("/rest/api/3/issue/DEMO-1", "{\"fields\":{\"priority\":{\"id\":\"1\"}},\"update\":{\"labels\":[{\"add\":\"android\"}]}}");
            demo.post("/rest/api/3/issue/DEMO-1/comment", "{\"body\":" + ADF + "}");
            demo.get("/rest/api/3/issue/DEMO-1/comment?startAt=0&maxResults=50");
            demo.get("/rest/api/3/issue/DEMO-1/transitions");
            demo.post("/rest/api/3/issue/DEMO-1/transitions", "{\"transition\":{\"id\":\"21\"}}");
            demo.upload("/rest/api/3/issue/DEMO-1/attachments", "file", "crash.log", "text/plain",
                    "trace".getBytes(StandardCharsets.UTF_8), "X-Atlassian-Token", "no-check");
            demo.get("/rest/api/3/search/jql?jql=project%20%3D%20DEMO%20ORDER%20BY%20updated%20DESC&fields=summary,status&maxResults=10");
            demo.post("/rest/api/3/search/jql", "{\"jql\":\"project = DEMO AND updated >= -1d\",\"fields\":[\"*navigable\"],\"maxResults\":50}");
            // the metadata reads and the life again through REST v2 (wiki markup instead of ADF)
            SandboxClient.anonymous(sandbox).get("/rest/api/2/serverInfo");
            demo.get("/rest/api/2/issue/createmeta/DEMO/issuetypes");
            demo.get("/rest/api/2/issue/createmeta/DEMO/issuetypes/10002");
            demo.get("/rest/api/2/field");
            demo.get("/rest/api/2/priority");
            demo.get("/rest/api/2/user/assignable/search?project=DEMO");
            demo.post("/rest/api/2/issue", """
                    {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"Feedback","description":"*wiki* text"},
                     "properties":[{"key":"jira-bridge.report","value":{"reportId":"r-2"}}]}""");
            demo.get("/rest/api/2/issue/DEMO-2");
            demo.get("/rest/api/2/issue/DEMO-2/properties/jira-bridge.report");
            demo.put("/rest/api/2/issue/DEMO-2", "{\"fields\":{\"priority\":{\"id\":\"1\"}},\"update\":{\"labels\":[{\"add\":\"android\"}]}}");
            demo.post("/rest/api/2/issue/DEMO-2/comment", "{\"body\":\"a comment\"}");
            demo.get("/rest/api/2/issue/DEMO-2/comment?startAt=0&maxResults=50");
            demo.post("/rest/api/2/issue/DEMO-2/transitions", "{\"transition\":{\"id\":\"21\"}}");
            demo.upload("/rest/api/2/issue/DEMO-2/attachments", "file", "crash.log", "text/plain",
                    "trace".getBytes(StandardCharsets.UTF_8), "X-Atlassian-Token", "no-check");
            demo.post("/rest/api/2/search/jql", "{\"jql\":\"key in (DEMO-1, DEMO-2)\",\"fields\":[\"summary\"]}");
            // documented failures
            demo.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\",\"description\":\"text\"}}");
            demo.get("/rest/api/3/issue/DEMO-99");
            demo.get("/rest/api/3/mypermissions");
            SandboxClient.anonymous(sandbox).get("/rest/api/3/myself");
            // Cloud removed /search (CHANGE-2046): every form of it answers 410 Gone
            demo.get("/rest/api/3/search?jql=project%3DDEMO");
            demo.post("/rest/api/3/search", "{\"jql\":\"project = DEMO\",\"startAt\":0,\"maxResults\":10,\"fields\":[\"summary\"]}");
            demo.get("/rest/api/2/search?jql=project%3DDEMO&startAt=0&maxResults=10");
            demo.post("/rest/api/2/search", "{\"jql\":\"project = DEMO\",\"startAt\":0,\"maxResults\":10,\"fields\":[\"summary\"]}");
            demo.delete("/rest/api/3/issue/DEMO-2");
        }

        assertThat(traffic).hasSizeGreaterThan(45);
        assertThat(traffic).filteredOn(e -> e.status() < 400).extracting(e -> e.method() + " " + e.path())
                .contains("POST /rest/api/2/issue/DEMO-2/transitions", "POST /rest/api/2/issue/DEMO-2/attachments",
                        "GET /rest/api/2/issue/DEMO-2/properties/jira-bridge.report");
        assertThat(refusals(traffic)).containsExactly("POST /rest/api/3/issue 400", "GET /rest/api/3/issue/DEMO-99 404",
                "GET /rest/api/3/mypermissions 400", "GET /rest/api/3/myself 401", "GET /rest/api/3/search 410",
                "POST /rest/api/3/search 410", "GET /rest/api/2/search 410", "POST /rest/api/2/search 410");
        assertThat(traffic).filteredOn(e -> e.status() == 410).allSatisfy(e -> assertThat(e.responseText())
                .contains("\"errorMessages\":[\"The requested API has been removed.").contains("CHANGE-2046"));
        traffic.assertConforms();
    }

    @Test
    void serverTrafficConformsToTheV2Spec() {
        Recorder traffic;
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.SERVER)) {
            traffic = new Recorder(sandbox);
            SandboxClient admin = SandboxClient.demo(sandbox);
            SandboxClient pat = SandboxClient.bearer(sandbox, "demo-pat");
            SandboxClient.anonymous(sandbox).get("/rest/api/2/serverInfo");
            pat.get("/rest/api/2/myself");
            admin.get("/rest/api/2/mypermissions?projectKey=DEMO");
            admin.get("/rest/api/2/project");
            admin.get("/rest/api/2/issue/createmeta/DEMO/issuetypes");
            admin.get("/rest/api/2/issue/createmeta/DEMO/issuetypes/10001");
            admin.get("/rest/api/2/field");
            admin.get("/rest/api/2/priority");
            admin.get("/rest/api/2/user/assignable/search?project=DEMO");
            pat.post("/rest/api/2/issue", """
                    {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"Crash","description":"h2. Steps",
                     "assignee":{"name":"alex"},"customfield_10011":{"value":"Major"}},
                     "properties":[{"key":"jira-bridge.report","value":{"reportId":"r-1"}}]}""");
            admin.get("/rest/api/2/issue/DEMO-1");
            admin.put("/rest/api/2/issue/DEMO-1", "{\"update\":{\"comment\":[{\"add\":{\"body\":\"via update\"}}]}}");
            admin.post("/rest/api/2/issue/DEMO-1/comment", "{\"body\":\"a comment\"}");
            admin.get("/rest/api/2/issue/DEMO-1/comment");
            admin.get("/rest/api/2/issue/DEMO-1/transitions");
            admin.post("/rest/api/2/issue/DEMO-1/transitions", "{\"transition\":{\"id\":\"31\"}}");
            admin.upload("/rest/api/2/issue/DEMO-1/attachments", "file", "shot.png", "image/png", new byte[] {1, 2},
                    "X-Atlassian-Token", "no-check");
            admin.get("/rest/api/2/search?jql=project%3DDEMO&startAt=0&maxResults=10");
            admin.post("/rest/api/2/search", "{\"jql\":\"project = DEMO ORDER BY created DESC\",\"startAt\":0,\"maxResults\":10,\"fields\":[\"summary\",\"status\"]}");
            admin.get("/rest/api/2/issue/DEMO-1/properties/jira-bridge.report");
            admin.post("/rest/api/2/issue", "{\"fields\":{\"project\":{\"key\":\"NOPE\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\"}}");
            admin.delete("/rest/api/2/issue/DEMO-1");
            SandboxClient.anonymous(sandbox).post("/_sandbox/seed", "{\"serverVersion\":\"8.20.10\"}");
            admin.get("/rest/api/2/issue/createmeta?projectKeys=DEMO&expand=projects.issuetypes.fields");
        }

        assertThat(traffic).hasSizeGreaterThan(20);
        traffic.assertConforms();
    }

    /** Every read and write of the sandbox's routine endpoints through one REST version. */
    private static void routineTraffic(SandboxClient client, String v, boolean cloud) {
        String api = "/rest/api/" + v;
        String user = cloud ? "557058:2a3e4c5d-0000-4000-8000-000000000002" : "alex";
        String description = v.equals("3") ? ADF : "\"Steps: open the app\"";
        client.post(api + "/issue", """
                {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"Crash","description":%s,"labels":["a"]}}"""
                .formatted(description));
        String key = "DEMO-1";
        client.get(api + "/issue/" + key + "?expand=names,schema,renderedFields,transitions,editmeta,operations");
        client.get(api + "/issue/" + key + "?fields=summary,watches,subtasks,issuelinks,worklog,timetracking&expand=transitions.fields");
        client.get(api + "/issue/" + key + "/transitions?expand=transitions.fields");
        client.get(api + "/issue/" + key + "/editmeta");
        client.put(api + "/issue/" + key + "/assignee", cloud ? "{\"accountId\":\"" + user + "\"}" : "{\"name\":\"alex\"}");
        client.put(api + "/issue/" + key + "/assignee", cloud ? "{\"accountId\":\"-1\"}" : "{\"name\":\"-1\"}");
        client.post(api + "/issue/" + key + "/watchers", "\"" + user + "\"");
        client.get(api + "/issue/" + key + "/watchers");
        client.delete(api + "/issue/" + key + "/watchers?" + (cloud ? "accountId=" : "username=") + user);
        client.post(api + "/issue/" + key + "/comment", "{\"body\":" + description + "}");
        client.get(api + "/issue/" + key + "/comment/10000");
        client.put(api + "/issue/" + key + "/comment/10000", "{\"body\":" + description + "}");
        client.delete(api + "/issue/" + key + "/comment/10000");
        client.put(api + "/issue/" + key + "/properties/bridge", "{\"reportId\":\"r-1\"}");
        client.get(api + "/issue/" + key + "/properties");
        client.delete(api + "/issue/" + key + "/properties/bridge");
        client.get(api + "/issuetype");
        client.get(api + "/issuetype/10001");
        client.get(api + "/resolution");
        client.get(api + "/resolution/10000");
        client.get(api + "/priority/3");
        client.get(api + "/project/DEMO");
        client.get(api + "/project?expand=description,lead,issueTypes");
        client.get(api + "/project/DEMO/components");
        client.get(api + "/project/DEMO/versions");
        client.get(api + "/project/DEMO/version?startAt=0&maxResults=2");
        client.post(api + "/component", "{\"name\":\"Billing " + v + "\",\"project\":\"DEMO\"}");
        client.get(api + "/component/10200");
        client.post(api + "/version", "{\"name\":\"9." + v + "\",\"project\":\"DEMO\"}");
        client.get(api + "/version/10100");
        if (cloud) {
            client.get(api + "/field/search?type=custom&startAt=0&maxResults=10");
            client.get(api + "/priority/search?projectId=10000");
            client.get(api + "/project/search?expand=lead,issueTypes,description");
            client.post(api + "/search/jql", "{\"jql\":\"project = DEMO OR labels = a ORDER BY rank\",\"fields\":[\"summary\"],"
                    + "\"expand\":\"names,schema,renderedFields,transitions,operations,editmeta\"}");
        } else {
            client.post(api + "/search", "{\"jql\":\"assignee is EMPTY AND text ~ crash ORDER BY rank\",\"fields\":[\"summary\"],"
                    + "\"expand\":[\"names\",\"schema\",\"renderedFields\",\"transitions\"]}");
            client.get(api + "/search?jql=statusCategory%20%21%3D%20Done&expand=names,schema");
        }
        // Jira's refusals
        client.put(api + "/issue/" + key, "{\"fields\":{\"summary\":\"a\"},\"update\":{\"summary\":[{\"set\":\"b\"}]}}");
        client.put(api + "/issue/" + key, "{\"update\":{\"labels\":[{\"add\":\"" + "l".repeat(256) + "\"}]}}");
        client.get(api + "/issue/DEMO-99/editmeta");
        client.put(api + "/issue/" + key + "/assignee", cloud ? "{\"accountId\":\"nobody\"}" : "{\"name\":\"nobody\"}");
        client.delete(api + "/issue/" + key);
    }

    /**
     * What the data import reads, through one REST version: users with time zones (and a hidden email on Cloud),
     * statuses with categories, projects by type, changelogs (embedded and paged), agile boards and sprints,
     * permissions taken away, and a deleted issue.
     */
    private static void ingestionTraffic(JiraSandbox sandbox, SandboxClient client, String v, boolean cloud) {
        String api = "/rest/api/" + v;
        String other = cloud ? "557058:2a3e4c5d-0000-4000-8000-000000000002" : "alex";
        SandboxClient control = SandboxClient.anonymous(sandbox);
        control.put("/_sandbox/users/profile", "{\"user\":\"" + other + "\",\"timeZone\":\"Europe/Berlin\",\"emailHidden\":true}");
        control.post("/_sandbox/seed/bulk", "{\"project\":\"BULK\",\"issues\":3,\"commentsPerIssue\":1,"
                + "\"transitionsPerIssue\":3,\"labels\":[\"api\"],\"sprints\":2,\"users\":2}");
        client.get(api + "/myself");
        client.get(api + "/user/search?" + (cloud ? "query=alex" : "username=alex") + "&startAt=0&maxResults=10");
        client.get(api + "/user/search?" + (cloud ? "accountId=" + other : "username=."));
        client.get(api + "/user/search");
        client.get(api + "/user?" + (cloud ? "accountId=" : "username=") + other);
        client.get(api + "/user?" + (cloud ? "accountId=" : "username=") + "nobody");
        client.get("/rest/api/latest/myself");
        client.get(api + "/status");
        client.get(api + "/status/3");
        client.get(api + "/status/Done");
        client.get(api + "/statuscategory");
        client.get(api + "/statuscategory/indeterminate");
        client.get(api + "/project");
        client.get(api + "/project/HELP");
        client.get(api + "/mypermissions?projectKey=BULK&permissions=BROWSE_PROJECTS");
        client.get(api + "/issue/BULK-1?expand=changelog");
        if (cloud) {
            client.get(api + "/users/search?startAt=0&maxResults=10");
            client.get(api + "/users?maxResults=2");
            client.get(api + "/label?startAt=0&maxResults=10");
            client.get(api + "/statuses/search?startAt=0&maxResults=50");
            client.get(api + "/statuses?id=10000&id=3");
            client.get(api + "/project/search?typeKey=service_desk");
            client.get(api + "/project/search?typeKey=business,software&orderBy=key");
            client.get(api + "/issue/BULK-1/changelog?startAt=0&maxResults=2");
            client.get(api + "/issue/BULK-1/changelog?startAt=2&maxResults=2");
            client.get(api + "/issue/BULK-99/changelog");
            client.post(api + "/changelog/bulkfetch", "{\"issueIdsOrKeys\":[\"BULK-1\",\"BULK-2\",\"BULK-3\"],\"maxResults\":4}");
            client.post(api + "/changelog/bulkfetch", "{\"issueIdsOrKeys\":[\"BULK-1\"],\"fieldIds\":[\"resolution\"]}");
            client.post(api + "/changelog/bulkfetch", "{\"issueIdsOrKeys\":[\"BULK-1\"],\"nextPageToken\":\"%%%\"}");
            client.post(api + "/search/approximate-count", "{\"jql\":\"project = BULK AND statusCategory = Done\"}");
            client.post(api + "/search/jql", "{\"jql\":\"project = BULK ORDER BY updated\",\"fields\":[\"summary\",\"updated\","
                    + "\"customfield_10100\"],\"expand\":\"changelog\",\"maxResults\":2}");
            client.get(api + "/search/jql?jql=project%20%3D%20BULK%20ORDER%20BY%20updated&fields=*all&expand=changelog");
        } else {
            client.get(api + "/search?jql=project%20%3D%20BULK%20ORDER%20BY%20updated&fields=*all&expand=changelog&maxResults=2");
            client.post(api + "/search", "{\"jql\":\"project = BULK ORDER BY updated\",\"fields\":[\"summary\",\"customfield_10100\"],"
                    + "\"expand\":[\"changelog\"],\"startAt\":2,\"maxResults\":2}");
        }
        String agile = "/rest/agile/1.0";
        client.get(agile + "/board?projectKeyOrId=DEMO&startAt=0&maxResults=10");
        client.get(agile + "/board/1");
        client.get(agile + "/board/1/sprint?state=active");
        client.get(agile + "/board/1/sprint");
        client.get(agile + "/sprint/1");
        client.get(agile + "/sprint/3/issue?fields=summary,status&maxResults=2");
        client.get(agile + "/board/999");
        client.get(agile + "/sprint/999");
        // a project whose permissions are taken away
        control.put("/_sandbox/permissions", "{\"project\":\"BULK\",\"denied\":[\"BROWSE_PROJECTS\"]}");
        client.get(api + "/mypermissions?projectKey=BULK&permissions=BROWSE_PROJECTS,CREATE_ISSUES");
        client.get(api + "/issue/BULK-1");
        client.get(cloud ? api + "/search/jql?jql=project%20%3D%20BULK" : api + "/search?jql=project%20%3D%20BULK");
        client.get(agile + "/board/2");
        control.put("/_sandbox/permissions", "{\"project\":\"BULK\",\"denied\":[]}");
        client.delete(api + "/issue/BULK-3");
        client.get(api + "/issue/BULK-3");
        client.delete(api + "/issue/BULK-3");
    }

    @Test
    void cloudIngestionEndpointsConform() {
        Recorder traffic;
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD)) {
            traffic = new Recorder(sandbox);
            ingestionTraffic(sandbox, SandboxClient.demo(sandbox), "3", true);
            sandbox.reset();
            ingestionTraffic(sandbox, SandboxClient.demo(sandbox), "2", true);
        }

        assertThat(traffic).hasSizeGreaterThan(80);
        assertThat(refusals(traffic)).containsExactlyElementsOf(List.of(3, 2).stream().flatMap(v -> Stream.of(
                "GET /rest/api/%s/user/search 400", "GET /rest/api/%s/user 404", "GET /rest/api/%s/issue/BULK-99/changelog 404",
                "POST /rest/api/%s/changelog/bulkfetch 400", "GET /rest/agile/1.0/board/999 404", "GET /rest/agile/1.0/sprint/999 404",
                "GET /rest/api/%s/issue/BULK-1 404", "GET /rest/api/%s/search/jql 400", "GET /rest/agile/1.0/board/2 404",
                "GET /rest/api/%s/issue/BULK-3 404", "DELETE /rest/api/%s/issue/BULK-3 404").map(r -> r.replace("%s", v.toString())))
                .toList());
        assertThat(traffic).filteredOn(e -> e.path().endsWith("/project/search") && e.rawQuery().contains("service_desk"))
                .allSatisfy(e -> assertThat(new String(e.responseBody(), StandardCharsets.UTF_8))
                        .contains("\"key\":\"HELP\"").doesNotContain("\"key\":\"DEMO\""));
        traffic.assertConforms();
    }

    /** "METHOD path status" of every answer of 400 or more, in order: the refusals a traffic run meant to provoke. */
    private static List<String> refusals(List<RecordedExchange> traffic) {
        return traffic.stream().filter(e -> e.status() >= 400).map(e -> e.method() + " " + e.path() + " " + e.status()).toList();
    }

    @Test
    void serverIngestionEndpointsConform() {
        Recorder traffic;
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.SERVER)) {
            traffic = new Recorder(sandbox);
            ingestionTraffic(sandbox, SandboxClient.demo(sandbox), "2", false);
        }

        assertThat(traffic).hasSizeGreaterThan(25);
        assertThat(refusals(traffic)).containsExactly("GET /rest/api/2/user/search 400", "GET /rest/api/2/user 404",
                "GET /rest/agile/1.0/board/999 404",
                "GET /rest/agile/1.0/sprint/999 404", "GET /rest/api/2/issue/BULK-1 404", "GET /rest/api/2/search 400",
                "GET /rest/agile/1.0/board/2 404", "GET /rest/api/2/issue/BULK-3 404", "DELETE /rest/api/2/issue/BULK-3 404");
        traffic.assertConforms();
    }

    @Test
    void cloudRoutineEndpointsConform() {
        Recorder traffic;
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD)) {
            traffic = new Recorder(sandbox);
            SandboxClient demo = SandboxClient.demo(sandbox);
            routineTraffic(demo, "3", true);
            demo.post("/rest/api/3/search/approximate-count", "{\"jql\":\"project = DEMO\"}");
            demo.post("/rest/api/3/issue", """
                    {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},"summary":"S",
                     "description":{"type":"doc","version":1,"content":[{"type":"marquee"}]}}}""");
            sandbox.reset();
            routineTraffic(demo, "2", true);
        }

        assertThat(traffic).hasSizeGreaterThan(80);
        assertThat(traffic).allMatch(e -> e.status() != 404 || e.path().contains("DEMO-99"));
        traffic.assertConforms();
    }

    @Test
    void serverRoutineEndpointsConform() {
        Recorder traffic;
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.SERVER)) {
            traffic = new Recorder(sandbox);
            routineTraffic(SandboxClient.demo(sandbox), "2", false);
        }

        assertThat(traffic).hasSizeGreaterThan(35);
        assertThat(traffic).allMatch(e -> e.status() != 404 || e.path().contains("DEMO-99"));
        traffic.assertConforms();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyRouteTheSandboxServesIsSpecChecked() {
        Set<String> trafficTests = new TreeSet<>();
        for (Method method : SandboxSpecConformanceTest.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Test.class) && !method.getName().equals(currentTest)) {
                trafficTests.add(method.getName());
            }
        }
        // run alone, or after a traffic test failed (which reports itself), there is nothing complete to judge
        Assumptions.assumeTrue(CONFORMED.containsAll(trafficTests), () -> "not every traffic test conformed: "
                + CONFORMED + " of " + trafficTests);
        Set<String> anyFlavour = new TreeSet<>();
        for (Flavour flavour : Flavour.values()) {
            Set<String> unchecked = new TreeSet<>(REGISTERED.get(flavour));
            anyFlavour.addAll(unchecked);
            unchecked.removeAll(SPEC_CHECKED.get(flavour));
            unchecked.removeAll(NOT_CHECKED_HERE.keySet());
            assertThat(unchecked).as(flavour + " routes that no spec-checked traffic had answered with 2xx").isEmpty();
        }
        // an exemption outliving its route would silently exempt a new route of that name
        assertThat(anyFlavour).as("routes exempted here: %s", NOT_CHECKED_HERE).containsAll(NOT_CHECKED_HERE.keySet());
    }

    private static Map<String, String> notCheckedHere() {
        Map<String, String> routes = new LinkedHashMap<>();
        String admin = "/rest/webhooks/1.0/webhook";
        for (String route : List.of("GET " + admin, "POST " + admin, "GET " + admin + "/{webhookId}",
                "PUT " + admin + "/{webhookId}", "DELETE " + admin + "/{webhookId}")) {
            routes.put(route, "admin webhooks: Atlassian publishes no OpenAPI document for /rest/webhooks/1.0");
        }
        for (String v : List.of("3", "2")) {
            String dynamic = "/rest/api/" + v + "/webhook";
            for (String route : List.of("GET " + dynamic, "POST " + dynamic, "DELETE " + dynamic,
                    "PUT " + dynamic + "/refresh", "GET " + dynamic + "/failed")) {
                routes.put(route, "dynamic webhooks answer apps only: SandboxDynamicWebhookTest spec-checks them");
            }
        }
        return Map.copyOf(routes);
    }

    /**
     * A sandbox's traffic as recorded, the route that answered each exchange (resolved as it happens: a Server's
     * routes change with its version) and every route the sandbox registered meanwhile.
     */
    private static final class Recorder extends AbstractList<RecordedExchange> {
        private final JiraSandbox sandbox;
        private final List<RecordedExchange> exchanges = new CopyOnWriteArrayList<>();
        private final Set<String> registered = ConcurrentHashMap.newKeySet();
        private final Set<String> answered = ConcurrentHashMap.newKeySet();

        Recorder(JiraSandbox sandbox) {
            this.sandbox = sandbox;
            registered.addAll(sandbox.routes());
            sandbox.addListener(this::record);
        }

        private void record(RecordedExchange exchange) {
            exchanges.add(exchange);
            registered.addAll(sandbox.routes());
            String route = sandbox.route(exchange.method(), exchange.path());
            // an error answer checks only the error body; 410 is all the removed Cloud /search ever answers
            if (route != null && (exchange.status() / 100 == 2 || exchange.status() == 410)) {
                answered.add(route);
            }
        }

        @Override
        public RecordedExchange get(int index) {
            return exchanges.get(index);
        }

        @Override
        public int size() {
            return exchanges.size();
        }

        /** Checks the traffic against the flavour's documents; once it conforms, its routes count as spec-checked. */
        void assertConforms() {
            OpenApiContract.forFlavour(sandbox.flavour()).assertConforms(exchanges);
            synchronized (REGISTERED) {
                REGISTERED.computeIfAbsent(sandbox.flavour(), f -> new TreeSet<>()).addAll(registered);
                SPEC_CHECKED.computeIfAbsent(sandbox.flavour(), f -> new TreeSet<>()).addAll(answered);
            }
            CONFORMED.add(currentTest);
        }
    }
}
