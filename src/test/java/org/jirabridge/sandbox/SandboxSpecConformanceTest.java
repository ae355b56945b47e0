package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jirabridge.testsupport.OpenApiContract;
import org.junit.jupiter.api.Test;

/**
 * Drives a realistic sequence through each flavour and checks every exchange against Atlassian's OpenAPI
 * documents: a sandbox that answers what real Jira would not would hide bugs in the component.
 */
class SandboxSpecConformanceTest {

    private static final String ADF = """
            {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Steps: open the app"}]}]}""";

    @Test
    void cloudTrafficConformsToTheCloudSpecs() {
        List<RecordedExchange> traffic = new CopyOnWriteArrayList<>();
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD)) {
            sandbox.addListener(traffic::add);
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
            demo.post("/rest/api/2/issue", """
                    {"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"Feedback","description":"*wiki* text"}}""");
            demo.get("/rest/api/2/issue/DEMO-2");
            demo.post("/rest/api/2/issue/DEMO-2/comment", "{\"body\":\"a comment\"}");
            demo.post("/rest/api/2/search/jql", "{\"jql\":\"key in (DEMO-1, DEMO-2)\",\"fields\":[\"summary\"]}");
            // documented failures
            demo.post("/rest/api/3/issue", "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"S\",\"description\":\"text\"}}");
            demo.get("/rest/api/3/issue/DEMO-99");
            demo.get("/rest/api/3/mypermissions");
            SandboxClient.anonymous(sandbox).get("/rest/api/3/myself");
            demo.get("/rest/api/3/search?jql=project%3DDEMO");
            demo.delete("/rest/api/3/issue/DEMO-2");
        }

        assertThat(traffic).hasSizeGreaterThan(30);
        OpenApiContract.forFlavour(Flavour.CLOUD).assertConforms(traffic);
    }

    @Test
    void serverTrafficConformsToTheV2Spec() {
        List<RecordedExchange> traffic = new CopyOnWriteArrayList<>();
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.SERVER)) {
            sandbox.addListener(traffic::add);
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
        OpenApiContract.forFlavour(Flavour.SERVER).assertConforms(traffic);
    }
}
