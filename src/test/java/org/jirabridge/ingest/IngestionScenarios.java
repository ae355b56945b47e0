package org.jirabridge.ingest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Jira data import end to end against the sandbox, as a user drives it through the API; one service for the
 * whole story (switches, auto import, incremental runs, deletes, errors, pause, time zone, off), in order.
 * {@link CloudIngestionTest} and {@link ServerIngestionTest} run it per flavour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class IngestionScenarios {

    private final boolean cloud;
    @RegisterExtension
    final ServiceExtension service;
    private IngestionDriver driver;

    IngestionScenarios(boolean cloud) {
        this.cloud = cloud;
        this.service = (cloud ? ServiceExtension.cloud() : ServiceExtension.server()).with(IngestionDriver.SETTINGS);
    }

    @BeforeAll
    void start() {
        driver = IngestionDriver.of(service.running(), cloud);
        // ALPHA: every issue goes to In Progress, then Done 20-49 hours later
        driver.bulkSeed("ALPHA", 30, 3, 2);
        driver.bulkSeed("BETA", 12, 1, 1);
        // LONG: changelogs far beyond Jira's embedded 100
        driver.bulkSeed("LONG", 2, 0, 130);
        // Service Management issues exist but are never imported
        driver.bulkSeed("HELP", 3, 1, 1);
        driver.bulkSeed("DEMO", 4, 1, 1);
    }

    @Test
    @Order(1)
    void onlyTheProjectsSwitchedOnAreImported() {
        JsonNode settings = driver.settings("{\"enabled\": true}");
        assertThat(settings.path("autoImportAll").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> driver.get("/projects").size() >= 6);
        driver.awaitRunAfter("");
        assertThat(driver.project("HELP").path("processable").asBoolean()).isFalse();
        assertThat(driver.project("HELP").path("state").asText()).isEqualTo("not_processable");
        assertThat(driver.project("BIZ").path("type").asText()).isEqualTo("business");
        assertThat(driver.project("BIZ").path("processable").asBoolean()).isTrue();
        assertThat(driver.project("ALPHA").path("import").asBoolean()).isFalse();
        assertThat(driver.get("/issues").path("issues")).isEmpty();

        driver.switchProject("ALPHA", true);
        await().atMost(Duration.ofSeconds(60)).until(() -> driver.project("ALPHA").path("state").asText().equals("up_to_date"));

        JsonNode alpha = driver.project("ALPHA");
        assertThat(alpha.at("/issues/imported").asLong()).isEqualTo(30);
        assertThat(alpha.at("/issues/total").asLong()).isEqualTo(30);
        assertThat(alpha.at("/progress/percent").asDouble()).isEqualTo(100.0);
        assertThat(driver.project("BETA").at("/issues/imported").asLong()).isZero();
        assertThat(driver.issues("ALPHA")).hasSize(30).extracting(i -> i.path("key").asText()).doesNotHaveDuplicates();

        JsonNode issue = driver.get("/issues/ALPHA-7");
        assertThat(issue.path("summary").asText()).isEqualTo("Bulk issue 7 of ALPHA");
        assertThat(issue.path("description").asText()).contains("Steps").contains("Pay");
        assertThat(issue.path("status").asText()).isEqualTo("Done");
        assertThat(issue.path("statusCategory").asText()).isEqualTo("done");
        assertThat(issue.path("resolved").isNull()).isFalse();
        assertThat(issue.path("labels")).hasSize(1);
        assertThat(issue.path("sprints")).hasSize(1);
        assertThat(issue.path("comments")).hasSize(3);
        assertThat(issue.path("comments").get(0).path("body").asText()).contains("Comment 1 on ALPHA-7");
        assertThat(issue.path("changelog")).extracting(c -> c.path("field").asText())
                .containsExactly("status", "status", "resolution");
        assertThat(driver.get("/sprints")).extracting(s -> s.path("project").asText()).contains("ALPHA");
        assertThat(driver.get("/statuses")).extracting(s -> s.path("category").asText())
                .containsExactlyInAnyOrder("new", "indeterminate", "done");
        assertThat(driver.get("/labels")).extracting(l -> l.path("label").asText()).containsExactly("api", "ui");
        assertThat(driver.get("/users").size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    @Order(2)
    void leadAndCycleTimeComeFromTheChangelog() {
        // seeded: In Progress 2 h after creation, Done (20 + n % 50) h later, for n = 0..29
        JsonNode metrics = driver.get("/metrics?project=ALPHA");
        assertThat(metrics.at("/cycleTimeHours/count").asInt()).isEqualTo(30);
        assertThat(metrics.at("/cycleTimeHours/p50").asDouble()).isEqualTo(34.0);
        assertThat(metrics.at("/cycleTimeHours/p85").asDouble()).isEqualTo(45.0);
        assertThat(metrics.at("/leadTimeHours/p50").asDouble()).isEqualTo(36.0);
        assertThat(metrics.path("weeklyThroughput")).isNotEmpty();
        int resolved = 0;
        for (JsonNode week : metrics.path("weeklyThroughput")) {
            resolved += week.path("resolved").asInt();
        }
        assertThat(resolved).isEqualTo(30);

        // the user's mapping wins over Jira's categories: In Progress counted as not started, no cycle starts
        driver.settings("{\"statusCategories\": {\"In Progress\": \"new\"}}");
        assertThat(driver.get("/metrics?project=ALPHA").at("/cycleTimeHours/count").asInt()).isZero();
        driver.settings("{\"statusCategories\": {}}");
        assertThat(driver.api("PUT", "", "{\"statusCategories\": {\"In Progress\": \"busy\"}}").statusCode()).isEqualTo(400);
        assertThat(driver.api("GET", "/metrics", null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void changelogsAreNeverCutAtAHundred() {
        driver.switchProject("LONG", true);
        await().atMost(Duration.ofSeconds(60)).until(() -> driver.project("LONG").path("state").asText().equals("up_to_date"));
        List<String> fields = driver.get("/issues/LONG-1").findValues("field").stream().map(JsonNode::asText).toList();
        assertThat(fields.stream().filter("status"::equals)).hasSize(130);
    }

    @Test
    @Order(4)
    void withoutTheBulkChangelogFetchEveryChangelogIsReadPerIssue() {
        Assumptions.assumeTrue(cloud, "Jira Server embeds the whole changelog; there is no bulk fetch to miss");
        // 120 issues with 2 transitions each, then 3 whose 130 histories are beyond the 100 Cloud embeds
        driver.bulkSeed("NOBULK", 120, 0, 2);
        driver.bulkSeed("NOBULK", 3, 0, 130);
        // a refresh lists the new project
        driver.refreshAndWait();
        String bulk = driver.api() + "/changelog/bulkfetch";
        String perIssue = driver.api() + "/issue/{issueIdOrKey}/changelog";
        driver.sandbox().fault("\"path\": \"" + bulk + "\", \"status\": 404, \"rate\": 1");
        try {
            int bulkBefore = driver.requests("POST", bulk);
            int perIssueBefore = driver.requests("GET", perIssue);
            driver.switchProject("NOBULK", true);
            await().atMost(Duration.ofSeconds(60)).until(() -> driver.project("NOBULK").path("state").asText().equals("up_to_date"));

            assertThat(driver.project("NOBULK").at("/issues/imported").asLong()).isEqualTo(123);
            // asked once, then remembered for the run (ALPHA and LONG re-read their overlap in the same run); short
            // changelogs come embedded in the search, the 3 long ones in two pages each: far fewer than one per issue
            assertThat(driver.requests("POST", bulk) - bulkBefore).isEqualTo(1);
            assertThat(driver.requests("GET", perIssue) - perIssueBefore).isBetween(3 * 2, 122);
        } finally {
            driver.sandbox().clearFaults();
        }
        for (String key : List.of("NOBULK-1", "NOBULK-100", "NOBULK-101", "NOBULK-120")) {
            assertThat(driver.get("/issues/" + key).path("changelog")).as(key).extracting(c -> c.path("field").asText())
                    .containsExactly("status", "status", "resolution");
        }
        for (String key : List.of("NOBULK-121", "NOBULK-123")) {
            List<JsonNode> changelog = List.copyOf(driver.get("/issues/" + key).findValues("field"));
            assertThat(changelog.stream().filter(f -> f.asText().equals("status"))).as(key).hasSize(130);
            // every history once: 130 status items, and a resolution item each time Done is entered or left
            assertThat(changelog).as(key).hasSize(130 + 129);
        }
    }

    @Test
    @Order(5)
    void autoImportAllTakesNewProjectsButNeverServiceManagement() {
        driver.settings("{\"autoImportAll\": true}");
        driver.bulkSeed("NEWP", 5, 1, 1);
        driver.refreshAndWait();

        assertThat(driver.project("NEWP").at("/issues/imported").asLong()).isEqualTo(5);
        assertThat(driver.project("BETA").at("/issues/imported").asLong()).isEqualTo(12);
        assertThat(driver.project("HELP").at("/issues/imported").asLong()).isZero();
        assertThat(driver.project("HELP").path("import").asBoolean()).isFalse();
        assertThat(driver.issues("HELP")).isEmpty();
        assertThat(driver.api("PUT", "/projects/HELP", "{\"import\": true}").statusCode()).isEqualTo(400);
        assertThat(driver.api("PUT", "/projects/NOPE", "{\"import\": true}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void anIncrementalRunReadsWhatChanged() {
        String untouchedBefore = importedAt("ALPHA-10");
        driver.transition("ALPHA-2", "21");
        driver.comment("ALPHA-3", "Seen again on build 41");
        driver.refreshAndWait();

        JsonNode moved = driver.get("/issues/ALPHA-2");
        assertThat(moved.path("status").asText()).isEqualTo("In Progress");
        assertThat(moved.path("resolved").isNull()).isTrue();
        assertThat(moved.path("changelog")).hasSize(5);
        assertThat(driver.get("/issues/ALPHA-3").path("comments")).hasSize(4);
        // an issue that did not change is not read again
        assertThat(importedAt("ALPHA-10")).isEqualTo(untouchedBefore);
        assertThat(driver.issues("ALPHA")).hasSize(30);
    }

    private String importedAt(String key) {
        return service.bean("database", org.jirabridge.store.Database.class).inTransaction(c -> {
            try (var s = c.prepareStatement("SELECT imported_at FROM ingest_issue WHERE issue_key = ?")) {
                s.setString(1, key);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    @Order(7)
    void deletesAreMarkedByWebhookAtOnceAndBySweep() {
        driver.delete("DEMO-2");
        // the demo integration's webhook (project DEMO) brings jira:issue_deleted without any run
        await().atMost(Duration.ofSeconds(30)).until(() -> !driver.get("/issues/DEMO-2").path("deletedAt").isNull());

        driver.delete("ALPHA-4");
        driver.refreshAndWait();
        assertThat(driver.get("/issues/ALPHA-4").path("deletedAt").isNull()).isFalse();
        assertThat(driver.project("ALPHA").at("/issues/imported").asLong()).isEqualTo(29);

        // most of a project vanishing at once flags it instead of emptying it
        for (int n = 1; n <= 10; n++) {
            driver.delete("BETA-" + n);
        }
        driver.refreshAndWait();
        JsonNode beta = driver.project("BETA");
        assertThat(beta.path("state").asText()).isEqualTo("flagged");
        assertThat(beta.path("error").asText()).contains("10 of 12");
        assertThat(beta.at("/issues/imported").asLong()).isEqualTo(12);
    }

    @Test
    @Order(8)
    void aPermissionErrorIsRecordedOnItsProjectAndTheOthersGoOn() {
        driver.control("PUT", "/_sandbox/permissions", "{\"project\": \"NEWP\", \"denied\": [\"BROWSE_PROJECTS\"]}");
        driver.transition("ALPHA-5", "21");
        driver.refreshAndWait();

        JsonNode newp = driver.project("NEWP");
        assertThat(newp.path("state").asText()).isEqualTo("failed");
        assertThat(newp.path("error").asText()).contains("400").contains("The value 'NEWP' does not exist for the field 'project'.");
        assertThat(driver.get("/issues/ALPHA-5").path("status").asText()).isEqualTo("In Progress");

        driver.control("PUT", "/_sandbox/permissions", "{\"project\": \"NEWP\", \"denied\": []}");
        driver.refreshAndWait();
        assertThat(driver.project("NEWP").path("state").asText()).isEqualTo("up_to_date");
        assertThat(driver.project("NEWP").path("error").isNull()).isTrue();
    }

    @Test
    @Order(9)
    void pauseKeepsTheDataAndTakesNoNewData() {
        driver.settings("{\"paused\": true}");
        assertThat(driver.get("").path("state").asText()).isEqualTo("paused");
        assertThat(driver.project("ALPHA").path("state").asText()).isEqualTo("paused");
        assertThat(driver.api("POST", "/refresh", null).statusCode()).isEqualTo(409);
        assertThat(driver.issues("ALPHA")).hasSize(30);
        driver.transition("ALPHA-6", "21");

        driver.settings("{\"paused\": false}");
        await().atMost(Duration.ofSeconds(60)).until(() -> driver.get("/issues/ALPHA-6").path("status").asText().equals("In Progress"));
    }

    @Test
    @Order(10)
    void incrementalRunsWriteJqlDatesInTheJiraUsersTimeZoneOrSafelyWithout() {
        String user = cloud ? "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" : "admin";
        driver.awaitIdle();
        // Jira reads "updated >= 'yyyy-MM-dd HH:mm'" in the user's zone: written in any other zone, the cursor is read
        // 13 hours late in Auckland or 8 hours late in Los Angeles, and the change just made would be missed
        Map<String, String> changed = Map.of("Pacific/Auckland", "ALPHA-8", "America/Los_Angeles", "ALPHA-9");
        for (String zone : List.of("Pacific/Auckland", "America/Los_Angeles")) {
            driver.control("PUT", "/_sandbox/users/profile", "{\"user\": \"" + user + "\", \"timeZone\": \"" + zone + "\"}");
            driver.transition(changed.get(zone), "21");
            driver.refreshAndWait();
            assertThat(driver.get("").path("timezone").asText()).isEqualTo(zone);
            assertChangedOnce(changed.get(zone));
            OffsetDateTime lastUpdated = OffsetDateTime.parse(driver.project("ALPHA").path("lastUpdated").asText());
            assertThat(lastUpdated.getOffset()).as(zone).isEqualTo(ZoneId.of(zone).getRules().getOffset(lastUpdated.toInstant()));
        }

        // /myself refused: shown in UTC; the query's zone is unknown, so the cursor is written early enough for any
        // zone (here Los Angeles, which reads UTC digits 8 hours late)
        driver.sandbox().fault("\"path\": \"" + driver.api() + "/myself\", \"status\": 403, \"count\": 100");
        try {
            driver.transition("ALPHA-11", "21");
            driver.refreshAndWait();
            assertThat(driver.get("").path("timezone").asText()).isEqualTo("UTC");
            assertThat(driver.project("ALPHA").path("lastUpdated").asText()).endsWith("Z");
            assertChangedOnce("ALPHA-11");
        } finally {
            driver.sandbox().clearFaults();
        }
        List<JsonNode> alpha = driver.issues("ALPHA");
        assertThat(alpha).hasSize(30).extracting(i -> i.path("key").asText()).doesNotHaveDuplicates();
    }

    /** A Done issue moved back to In Progress is stored with its new status and its changelog, each entry once. */
    private void assertChangedOnce(String key) {
        JsonNode issue = driver.get("/issues/" + key);
        assertThat(issue.path("status").asText()).as(key).isEqualTo("In Progress");
        // seeded: status, status + resolution; then back: status + resolution
        assertThat(issue.path("changelog")).as(key).hasSize(5);
    }

    @Test
    @Order(11)
    void aScheduledRunBetweenReferenceReadsAsksForTheProjectListAndWhatChangedOnly() {
        driver.awaitIdle();
        // a refresh reads the reference data now; the next run within ingest.reference-interval-ms reuses it
        driver.refreshAndWait();
        String api = driver.api();
        List<String> reference = List.of("GET " + api + "/field", "GET " + api + "/status",
                "GET " + api + (cloud ? "/users/search" : "/user/search"), "POST " + api + "/search/approximate-count",
                "GET /rest/agile/1.0/board", "GET /rest/agile/1.0/board/{boardId}/sprint");
        String projectList = "GET " + api + (cloud ? "/project/search" : "/project");
        Map<String, Integer> before = new HashMap<>();
        reference.forEach(r -> before.put(r, requests(r)));
        int listsBefore = requests(projectList);

        driver.transition("ALPHA-12", "21");
        var created = driver.jira("POST", api + "/issue",
                "{\"fields\": {\"project\": {\"key\": \"ALPHA\"}, \"issuetype\": {\"name\": \"Bug\"}, \"summary\": \"New since the count\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String lastRun = driver.get("").path("lastRunAt").asText();
        // saving the settings asks for a run as the schedule does (not a refresh)
        driver.settings("{\"enabled\": true}");
        driver.awaitRunAfter(lastRun);

        assertThat(driver.get("/issues/ALPHA-12").path("status").asText()).isEqualTo("In Progress");
        reference.forEach(r -> assertThat(requests(r) - before.get(r)).as(r).isZero());
        assertThat(requests(projectList) - listsBefore).isEqualTo(1);
        // the total follows the new issue without a count request (these tests sweep every run, which counts the ids;
        // without a sweep the run raises the kept count by the issues new to the store)
        JsonNode alpha = driver.project("ALPHA");
        assertThat(alpha.at("/issues/imported").asLong()).isEqualTo(30);
        assertThat(alpha.at("/issues/total").asLong()).isEqualTo(30);
    }

    private int requests(String methodAndPath) {
        String[] parts = methodAndPath.split(" ", 2);
        return driver.requests(parts[0], parts[1]);
    }

    @Test
    @Order(12)
    void switchingOffDeletesEveryImportedRowAndNothingOfForwarding() {
        var accepted = service.postJson("/api/v1/reports", "{\"title\": \"Still here after ingestion is off\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(service.count("SELECT COUNT(*) FROM ingest_issue")).isPositive();

        JsonNode off = driver.settings("{\"enabled\": false}");
        assertThat(off.path("state").asText()).isEqualTo("off");
        for (String table : List.of("ingest_issue", "ingest_comment", "ingest_changelog", "ingest_user", "ingest_status",
                "ingest_sprint", "ingest_issue_label", "ingest_issue_sprint", "ingest_project")) {
            assertThat(service.count("SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
        assertThat(service.count("SELECT COUNT(*) FROM report")).isEqualTo(1);
        assertThat(driver.get("/projects")).isEmpty();
    }

}
