package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sandbox.data-dir: what a restarted sandbox still knows, and ids and keys that never come back. */
class SandboxDataDirTest {

    private static final String DEMO_ACCOUNT = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077";
    private static final String ALEX_ACCOUNT = "557058:2a3e4c5d-0000-4000-8000-000000000002";

    @TempDir
    Path dataDir;

    private static String create(SandboxClient client, String summary) {
        SandboxClient.Answer created = client.post("/rest/api/2/issue",
                "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Bug\"},\"summary\":\"" + summary + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asText() + "/" + created.json().get("id").asText();
    }

    @Test
    void aRestartedSandboxKeepsItsStateAndNeverRepeatsIdsOrKeys() throws IOException {
        Set<String> handedOut = new HashSet<>();
        try (JiraSandbox first = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(first);
            handedOut.add(create(demo, "kept"));
            handedOut.add(create(demo, "deleted later"));
            assertThat(demo.post("/rest/api/2/issue/DEMO-1/comment", "{\"body\":\"first comment\"}").status()).isEqualTo(201);
            assertThat(demo.post("/rest/api/2/issue/DEMO-1/transitions", "{\"transition\":{\"id\":\"31\"}}").status()).isEqualTo(204);
            assertThat(demo.put("/rest/api/2/issue/DEMO-1/properties/bridge", "{\"reportId\":\"r-1\"}").status()).isEqualTo(201);
            assertThat(demo.upload("/rest/api/2/issue/DEMO-1/attachments", "file", "log.txt", "text/plain",
                    "trace".getBytes(StandardCharsets.UTF_8), "X-Atlassian-Token", "no-check").status()).isEqualTo(200);
            assertThat(demo.post("/rest/api/2/component", "{\"name\":\"Billing\",\"project\":\"DEMO\"}").status()).isEqualTo(201);
            assertThat(SandboxClient.anonymous(first).post("/_sandbox/seed", """
                    {"users":[{"emailAddress":"kim@example.com","displayName":"Kim","apiToken":"kim-token"}],
                     "projects":[{"key":"OPS"}],"issues":[{"project":"OPS","summary":"seeded"}]}""").status()).isEqualTo(200);
            assertThat(demo.delete("/rest/api/2/issue/DEMO-2").status()).isEqualTo(204);
        }
        // a record cut short by a crash is skipped, not fatal
        Files.writeString(dataDir.resolve("journal.jsonl"), "{\"t\":\"issue\",\"id\":", StandardOpenOption.APPEND);

        try (JiraSandbox second = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(second);
            JsonNode issue = demo.get("/rest/api/2/issue/DEMO-1").json().path("fields");
            assertThat(issue.path("summary").asText()).isEqualTo("kept");
            assertThat(issue.path("status").path("name").asText()).isEqualTo("Done");
            assertThat(issue.path("comment").path("comments").get(0).path("body").asText()).isEqualTo("first comment");
            assertThat(issue.path("attachment").get(0).path("size").asInt()).isEqualTo(5);
            assertThat(demo.get("/rest/api/2/issue/DEMO-1/properties/bridge").json().path("value").path("reportId").asText()).isEqualTo("r-1");
            assertThat(demo.get("/rest/api/2/issue/DEMO-2").status()).isEqualTo(404);
            assertThat(SandboxClient.basic(second, "kim@example.com", "kim-token").get("/rest/api/2/issue/OPS-1").status()).isEqualTo(200);
            assertThat(demo.get("/rest/api/2/project/DEMO/components").json()).extracting(c -> c.path("name").asText()).contains("Billing");

            String third = create(demo, "after restart");
            assertThat(third).startsWith("DEMO-3/");
            assertThat(handedOut.add(third)).isTrue();

            // a reset empties the sandbox, but DEMO-1 and the old ids are never handed out again
            second.reset();
            assertThat(demo.get("/rest/api/2/issue/DEMO-1").status()).isEqualTo(404);
            String afterReset = create(demo, "after reset");
            assertThat(afterReset).startsWith("DEMO-4/");
            assertThat(handedOut.add(afterReset)).isTrue();
        }
        try (JiraSandbox third = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(third);
            assertThat(demo.get("/rest/api/2/issue/DEMO-4").json().path("fields").path("summary").asText()).isEqualTo("after reset");
            assertThat(demo.get("/rest/api/2/issue/DEMO-1").status()).isEqualTo(404);
            String next = create(demo, "third start");
            assertThat(next).startsWith("DEMO-5/");
            assertThat(handedOut.add(next)).isTrue();
            assertThat(handedOut.stream().map(k -> k.substring(k.indexOf('/') + 1)).distinct()).hasSize(handedOut.size());
        }
    }

    @Test
    void aRestartKeepsChangelogsSprintsBoardsProfilesPermissionsRevocationsAndWebhooks() throws IOException {
        List<String> changelogBig1;
        List<String> changelogDemo1;
        List<String> sprintFieldBig1;
        List<String> sprintFieldBig3;
        List<String> boards;
        List<String> sprints;
        Set<Long> historyIds = new HashSet<>();
        Set<Long> sprintIds = new HashSet<>();
        Set<Long> boardIds = new HashSet<>();
        long webhookId;
        try (JiraSandbox first = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(first);
            SandboxClient control = SandboxClient.anonymous(first);
            assertThat(control.post("/_sandbox/seed/bulk", """
                    {"project":"BIG","issues":3,"commentsPerIssue":1,"transitionsPerIssue":3,"sprints":2,"users":2}""")
                    .status()).isEqualTo(200);
            create(demo, "edited");
            assertThat(demo.put("/rest/api/2/issue/DEMO-1", "{\"fields\":{\"summary\":\"edited once\"}}").status()).isEqualTo(204);
            assertThat(demo.post("/rest/api/2/issue/DEMO-1/transitions", "{\"transition\":{\"id\":\"31\"}}").status()).isEqualTo(204);
            assertThat(control.post("/_sandbox/seed", """
                    {"users":[{"emailAddress":"kim@example.com","displayName":"Kim","apiToken":"kim-token"}],
                     "projects":[{"key":"OPS","type":"business"}],"issues":[{"project":"OPS","summary":"seeded"}]}""")
                    .status()).isEqualTo(200);
            assertThat(control.put("/_sandbox/users/profile", "{\"user\":\"" + DEMO_ACCOUNT + "\",\"timeZone\":\"Europe/Berlin\"}")
                    .status()).isEqualTo(204);
            assertThat(control.put("/_sandbox/users/profile", "{\"user\":\"" + ALEX_ACCOUNT + "\",\"emailHidden\":true}")
                    .status()).isEqualTo(204);
            assertThat(control.put("/_sandbox/permissions", "{\"project\":\"HELP\",\"denied\":[\"CREATE_ISSUES\"]}").status()).isEqualTo(204);
            assertThat(control.put("/_sandbox/permissions", "{\"project\":\"OPS\",\"denied\":[\"BROWSE_PROJECTS\"]}").status()).isEqualTo(204);
            assertThat(control.post("/_sandbox/revoke", "{\"credential\":\"kim-token\"}").status()).isEqualTo(204);
            assertThat(control.post("/_sandbox/revoke", "{\"credential\":\"never-written-down\"}").status()).isEqualTo(204);
            // only issue deletions, which this test never makes: nothing is delivered to the unreachable URL
            SandboxClient.Answer webhook = demo.post("/rest/webhooks/1.0/webhook", """
                    {"name":"kept hook","url":"http://localhost:1/hook","events":["jira:issue_deleted"],"secret":"s3cret"}""");
            assertThat(webhook.status()).as(webhook.body()).isEqualTo(201);
            webhookId = webhookId(webhook.json());

            changelogBig1 = changelog(demo, "BIG-1", historyIds);
            changelogDemo1 = changelog(demo, "DEMO-1", historyIds);
            changelog(demo, "BIG-2", historyIds);
            changelog(demo, "BIG-3", historyIds);
            assertThat(changelogBig1).hasSize(3);
            assertThat(changelogDemo1).hasSize(2);
            assertThat(historyIds).hasSize(3 * 3 + 2);
            sprintFieldBig1 = sprintField(demo, "BIG-1");
            sprintFieldBig3 = sprintField(demo, "BIG-3");
            assertThat(sprintFieldBig1).hasSize(1).isNotEqualTo(sprintFieldBig3);
            boards = boards(demo, boardIds);
            sprints = sprints(demo, boardIds, sprintIds);
            assertThat(boards).hasSize(2);
            assertThat(sprints).hasSize(4);
        }

        try (JiraSandbox second = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(second);
            SandboxClient control = SandboxClient.anonymous(second);
            Set<Long> idsAfter = new HashSet<>();
            assertThat(changelog(demo, "BIG-1", idsAfter)).isEqualTo(changelogBig1);
            assertThat(changelog(demo, "DEMO-1", idsAfter)).isEqualTo(changelogDemo1);
            assertThat(demo.get("/rest/api/2/issue/BIG-2?expand=changelog").json().path("changelog").path("total").asInt()).isEqualTo(3);
            assertThat(sprintField(demo, "BIG-1")).isEqualTo(sprintFieldBig1);
            assertThat(sprintField(demo, "BIG-3")).isEqualTo(sprintFieldBig3);
            Set<Long> unchanged = new HashSet<>(boardIds);
            assertThat(boards(demo, new HashSet<>())).isEqualTo(boards);
            assertThat(sprints(demo, boardIds, new HashSet<>())).isEqualTo(sprints);
            assertThat(boardIds).isEqualTo(unchanged);

            assertThat(demo.get("/rest/api/3/myself").json().path("timeZone").asText()).isEqualTo("Europe/Berlin");
            assertThat(demo.get("/rest/api/3/user?accountId=" + ALEX_ACCOUNT).json().has("emailAddress")).isFalse();
            assertThat(demo.get("/rest/api/3/user?accountId=" + DEMO_ACCOUNT).json().path("emailAddress").asText()).isEqualTo("demo@example.com");
            assertThat(permission(demo, "HELP", "CREATE_ISSUES")).isFalse();
            assertThat(permission(demo, "HELP", "BROWSE_PROJECTS")).isTrue();
            assertThat(permission(demo, "DEMO", "CREATE_ISSUES")).isTrue();
            assertThat(demo.get("/rest/api/2/issue/OPS-1").status()).isEqualTo(404);
            assertThat(demo.get("/rest/api/3/project/OPS").json().path("projectTypeKey").asText()).isEqualTo("business");
            assertThat(SandboxClient.basic(second, "kim@example.com", "kim-token").get("/rest/api/2/myself").status()).isEqualTo(401);
            assertThat(demo.get("/rest/api/2/myself").status()).isEqualTo(200);
            JsonNode hooks = demo.get("/rest/webhooks/1.0/webhook").json();
            assertThat(hooks).hasSize(1);
            assertThat(webhookId(hooks.get(0))).isEqualTo(webhookId);
            assertThat(hooks.get(0).path("name").asText()).isEqualTo("kept hook");
            assertThat(hooks.get(0).path("url").asText()).isEqualTo("http://localhost:1/hook");
            assertThat(hooks.get(0).path("events")).extracting(JsonNode::asText).containsExactly("jira:issue_deleted");
            // revocations are kept as SHA-256 digests: the data dir never holds a credential it was only told to refuse
            assertThat(dataDirText()).doesNotContain("never-written-down");

            // what is added after the restart gets ids never handed out before
            assertThat(demo.put("/rest/api/2/issue/DEMO-1", "{\"fields\":{\"summary\":\"edited after restart\"}}").status()).isEqualTo(204);
            List<String> edited = changelog(demo, "DEMO-1", new HashSet<>());
            long newHistory = Long.parseLong(edited.get(edited.size() - 1).split("\\|")[0]);
            assertThat(historyIds).doesNotContain(newHistory).allSatisfy(id -> assertThat(id).isLessThan(newHistory));
            historyIds.add(newHistory);
            assertNewAgileIds(control, demo, "NEW", historyIds, sprintIds, boardIds);
            SandboxClient.Answer another = demo.post("/rest/webhooks/1.0/webhook", """
                    {"name":"second hook","url":"http://localhost:1/other","events":["jira:issue_deleted"]}""");
            assertThat(webhookId(another.json())).isGreaterThan(webhookId);

            // a reset empties the sandbox, yet later changelog entries, boards and sprints still get fresh ids
            second.reset();
            assertThat(demo.get("/rest/webhooks/1.0/webhook").json()).isEmpty();
            assertNewAgileIds(control, demo, "AFTER", historyIds, sprintIds, boardIds);
        }
        try (JiraSandbox third = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(third);
            assertThat(demo.get("/rest/api/3/myself").json().path("timeZone").asText()).isEqualTo("UTC");
            assertNewAgileIds(SandboxClient.anonymous(third), demo, "THIRD", historyIds, sprintIds, boardIds);
        }
    }

    @Test
    void aDataDirWrittenBeforeChangelogsAndSprintsWereKeptStillLoads() throws IOException {
        // records as the codec wrote them before it kept changelogs, sprints, boards, profiles and permissions
        Files.writeString(dataDir.resolve("snapshot.jsonl"), """
                {"t":"meta","counters":{"issue":10002,"comment":10000,"attachment":10000,"project":10004},\
                "issueNumbers":{"HELP":0,"REQ":0,"DEMO":1,"BIZ":0},"serverVersion":"9.12.2","attachmentMaxBytes":10485760,\
                "users":[],"projects":[{"id":"10000","key":"DEMO","name":"Demo","leadId":"%1$s","description":"",\
                "issueCounter":1,"versions":[],"components":[{"id":"10200","name":"Checkout"}]}]}
                {"t":"issue","id":10001,"key":"DEMO-1","project":"DEMO","creator":"%1$s",\
                "created":"2026-12-05T21:31:53.600705672Z","type":"10001","summary":"written by the old codec","priority":"3",\
                "status":"10000","assignee":null,"reporter":"%1$s","updated":"2026-12-05T21:31:53.650409937Z","resolved":null,\
                "description":null,"labels":[],"watchers":["%1$s"],"fields":{},"properties":{},"comments":[],"attachments":[]}
                """.formatted(DEMO_ACCOUNT));
        List<String> editedChangelog;
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            SandboxClient demo = SandboxClient.demo(sandbox);
            assertThat(demo.get("/rest/api/2/issue/DEMO-1").json().path("fields").path("summary").asText()).isEqualTo("written by the old codec");
            assertThat(changelog(demo, "DEMO-1", new HashSet<>())).isEmpty();
            assertThat(sprintField(demo, "DEMO-1")).isEmpty();
            // missing sections leave the seeded state: DEMO's board with its two sprints, UTC, every permission
            assertThat(boards(demo, new HashSet<>())).containsExactly("1|DEMO board|scrum|DEMO");
            assertThat(sprints(demo, Set.of(1L), new HashSet<>())).hasSize(2);
            assertThat(demo.get("/rest/api/3/myself").json().path("timeZone").asText()).isEqualTo("UTC");
            assertThat(permission(demo, "DEMO", "BROWSE_PROJECTS")).isTrue();
            assertThat(create(demo, "new")).isEqualTo("DEMO-2/10002");
            assertThat(demo.put("/rest/api/2/issue/DEMO-1", "{\"fields\":{\"summary\":\"edited\"}}").status()).isEqualTo(204);
            editedChangelog = changelog(demo, "DEMO-1", new HashSet<>());
            assertThat(editedChangelog).hasSize(1);
        }
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD, dataDir)) {
            assertThat(changelog(SandboxClient.demo(sandbox), "DEMO-1", new HashSet<>())).isEqualTo(editedChangelog);
        }
    }

    /** Seeds a project with sprints and edits an issue of it; asserts the new ids were never handed out, then adds them. */
    private static void assertNewAgileIds(SandboxClient control, SandboxClient demo, String project, Set<Long> historyIds,
                                          Set<Long> sprintIds, Set<Long> boardIds) {
        assertThat(control.post("/_sandbox/seed/bulk", "{\"project\":\"" + project
                + "\",\"issues\":2,\"transitionsPerIssue\":2,\"sprints\":2}").status()).isEqualTo(200);
        Set<Long> newHistories = new HashSet<>();
        changelog(demo, project + "-1", newHistories);
        changelog(demo, project + "-2", newHistories);
        assertThat(newHistories).hasSize(4).doesNotContainAnyElementsOf(historyIds);
        historyIds.addAll(newHistories);
        JsonNode board = demo.get("/rest/agile/1.0/board?projectKeyOrId=" + project).json().path("values").get(0);
        long boardId = board.path("id").asLong();
        assertThat(boardIds).doesNotContain(boardId);
        boardIds.add(boardId);
        Set<Long> newSprints = new HashSet<>();
        demo.get("/rest/agile/1.0/board/" + boardId + "/sprint").json().path("values").forEach(s -> newSprints.add(s.path("id").asLong()));
        assertThat(newSprints).hasSize(2).doesNotContainAnyElementsOf(sprintIds);
        sprintIds.addAll(newSprints);
    }

    /** The issue's changelog as "id|created|author|items", collecting the ids. */
    private static List<String> changelog(SandboxClient client, String key, Set<Long> ids) {
        SandboxClient.Answer answer = client.get("/rest/api/3/issue/" + key + "/changelog");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        for (JsonNode history : answer.json().path("values")) {
            ids.add(history.path("id").asLong());
            entries.add(history.path("id").asText() + "|" + history.path("created").asText() + "|"
                    + history.path("author").path("accountId").asText() + "|" + history.path("items"));
        }
        assertThat(answer.json().path("total").asInt()).isEqualTo(entries.size());
        return entries;
    }

    /** The Sprint field's sprints (Cloud's objects without their port-dependent self link). */
    private static List<String> sprintField(SandboxClient client, String key) {
        JsonNode value = client.get("/rest/api/3/issue/" + key + "?fields=customfield_10100").json().path("fields").path("customfield_10100");
        List<String> sprints = new ArrayList<>();
        value.forEach(s -> sprints.add(((ObjectNode) s.deepCopy()).without("self").toString()));
        return sprints;
    }

    private static List<String> boards(SandboxClient client, Set<Long> ids) {
        List<String> boards = new ArrayList<>();
        for (JsonNode board : client.get("/rest/agile/1.0/board").json().path("values")) {
            ids.add(board.path("id").asLong());
            boards.add(board.path("id").asText() + "|" + board.path("name").asText() + "|" + board.path("type").asText()
                    + "|" + board.path("location").path("projectKey").asText());
        }
        return boards;
    }

    /** Every sprint of the boards, without self links (they name the port); collects the ids. */
    private static List<String> sprints(SandboxClient client, Set<Long> boardIds, Set<Long> ids) {
        List<String> sprints = new ArrayList<>();
        boardIds.stream().sorted().forEach(board -> {
            for (JsonNode sprint : client.get("/rest/agile/1.0/board/" + board + "/sprint").json().path("values")) {
                ids.add(sprint.path("id").asLong());
                sprints.add(((ObjectNode) sprint.deepCopy()).without("self").toString());
            }
        });
        return sprints;
    }

    private static boolean permission(SandboxClient client, String project, String permission) {
        return client.get("/rest/api/3/mypermissions?projectKey=" + project + "&permissions=" + permission).json()
                .path("permissions").path(permission).path("havePermission").asBoolean();
    }

    private static long webhookId(JsonNode webhook) {
        String self = webhook.path("self").asText();
        return Long.parseLong(self.substring(self.lastIndexOf('/') + 1));
    }

    private String dataDirText() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    @Test
    void withoutADataDirNothingIsWritten() throws IOException {
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.SERVER)) {
            create(SandboxClient.demo(sandbox), "in memory");
        }
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }
}
