package org.jirabridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Integration setup end to end, through the real API and routes against the sandbox: pickers, the check made when an
 * integration is saved, custom fields of every type reaching the issue, the custom priority scheme, the test issue,
 * Jira's field errors traced to the mapping entry, attachment size limits and forwarding by hand. Subclasses pick
 * the flavour (Cloud REST v3 / Server REST v2).
 */
abstract class IntegrationSetupTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String ALEX_CLOUD = "557058:2a3e4c5d-0000-4000-8000-000000000002";
    /** forward.max-attachment-bytes for this service: small, so a test can go over it. */
    private static final int ATTACHMENT_LIMIT = 1000;

    /** Started by each flavour's class in its @BeforeAll. */
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.manual()
            .with("forward.max-attachment-bytes", String.valueOf(ATTACHMENT_LIMIT));

    abstract boolean cloud();

    @BeforeEach
    void resetSandbox() {
        service.sandbox().reset();
    }

    private String alex() {
        return cloud() ? ALEX_CLOUD : "alex";
    }

    private String body(String id, String target, String mapping, String sync) {
        String connection = cloud()
                ? "{\"deployment\": \"cloud\", \"baseUrl\": \"%s\", \"authType\": \"BASIC\", \"email\": \"demo@example.com\", \"apiToken\": \"demo-token\"}"
                : "{\"deployment\": \"server\", \"baseUrl\": \"%s\", \"authType\": \"BASIC\", \"username\": \"admin\", \"password\": \"admin\"}";
        return """
                {"id": "%s", "connection": %s, "target": %s, "mapping": %s, "sync": %s}
                """.formatted(id, connection.formatted(service.sandbox().baseUrl()), target, mapping, sync);
    }

    private HttpResponse<String> create(String id, String target, String mapping) {
        return service.postJson("/api/v1/integrations", body(id, target, mapping, "{\"autoForward\": true}"));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return RunningService.readTree(response.body());
    }

    private static List<String> problemFields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        json(response).path("details").forEach(d -> fields.add(d.path("field").asText()));
        return fields;
    }

    private static String problem(HttpResponse<String> response, String field) {
        for (JsonNode detail : json(response).path("details")) {
            if (detail.path("field").asText().equals(field)) {
                return detail.path("problem").asText();
            }
        }
        throw new AssertionError("no problem for " + field + " in " + response.body());
    }

    private String submit(String json) {
        HttpResponse<String> response = service.postJson("/api/v1/reports", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asText();
    }

    /** The sandbox's own view of an issue: option values, user ids, version and component names. */
    private JsonNode sandboxIssue(String key) {
        JsonNode issues = RunningService.readTree(service.send(HttpRequest.newBuilder(
                URI.create(service.sandbox().baseUrl() + "/_sandbox/issues"))).body()).path("issues");
        for (JsonNode issue : issues) {
            if (issue.path("key").asText().equals(key)) {
                return issue;
            }
        }
        throw new AssertionError("no issue " + key + " in the sandbox");
    }

    // ---- pickers

    @Test
    void pickersListWhatTheIntegrationsJiraOffers() {
        JsonNode projects = json(service.get("/api/v1/integrations/demo/projects"));
        JsonNode types = json(service.get("/api/v1/integrations/demo/issuetypes?project=REQ"));
        JsonNode assignees = json(service.get("/api/v1/integrations/demo/assignees?project=DEMO"));
        JsonNode fields = json(service.get("/api/v1/integrations/demo/fields?project=DEMO&issuetype=Bug"));
        JsonNode reqPriorities = json(service.get("/api/v1/integrations/demo/priorities?project=REQ&issuetype=Task"));
        JsonNode demoPriorities = json(service.get("/api/v1/integrations/demo/priorities"));

        assertThat(projects.path("projects")).extracting(p -> p.path("key").asText()).containsExactly("DEMO", "REQ", "BIZ", "HELP");
        assertThat(types.path("issueTypes")).extracting(t -> t.path("name").asText()).containsExactly("Bug", "Task", "Story");
        assertThat(assignees.path("assignees")).extracting(a -> a.path("assignee").asText()).contains(alex());
        Map<String, String> typeById = new java.util.LinkedHashMap<>();
        fields.path("fields").forEach(f -> typeById.put(f.path("id").asText(), f.path("type").asText(null)));
        assertThat(typeById).containsEntry("customfield_10010", "text").containsEntry("customfield_10011", "select")
                .containsEntry("customfield_10012", "textarea").containsEntry("customfield_10013", "number")
                .containsEntry("customfield_10014", "date").containsEntry("customfield_10015", "datetime")
                .containsEntry("customfield_10016", "url").containsEntry("customfield_10017", "labels")
                .containsEntry("customfield_10018", "select").containsEntry("customfield_10019", "multiselect")
                .containsEntry("customfield_10020", "multiselect").containsEntry("customfield_10021", "cascadingselect")
                .containsEntry("customfield_10022", "user").containsEntry("customfield_10023", "multiuser")
                .containsEntry("customfield_10024", "version").containsEntry("components", "components")
                .containsEntry("fixVersions", "multiversion").containsEntry("environment", "textarea")
                .containsEntry("duedate", "date");
        JsonNode severity = find(fields.path("fields"), "customfield_10011");
        assertThat(severity.path("required").asBoolean()).isFalse();
        assertThat(severity.path("allowedValues")).extracting(o -> o.path("value").asText()).containsExactly("Critical", "Major", "Minor");
        assertThat(find(fields.path("fields"), "customfield_10021").at("/allowedValues/1/children/1/value").asText()).isEqualTo("Tablet");
        assertThat(reqPriorities.path("scope").asText()).isEqualTo("project");
        assertThat(reqPriorities.path("priorities")).extracting(p -> p.path("name").asText()).containsExactly("P1", "P2", "P3", "P4");
        assertThat(reqPriorities.at("/default/name").asText()).isEqualTo("P3");
        assertThat(demoPriorities.path("priorities")).extracting(p -> p.path("name").asText())
                .containsExactly("Highest", "High", "Medium", "Low", "Lowest");

        HttpResponse<String> noProject = service.get("/api/v1/integrations/demo/issuetypes?project=NOPE");
        HttpResponse<String> noType = service.get("/api/v1/integrations/demo/fields?project=DEMO&issuetype=Epic");
        HttpResponse<String> noIntegration = service.get("/api/v1/integrations/nobody/projects");
        assertThat(noProject.statusCode()).isEqualTo(404);
        assertThat(json(noProject).path("error").asText()).isEqualTo("jira_not_found");
        assertThat(noType.statusCode()).isEqualTo(404);
        assertThat(json(noType).path("message").asText()).contains("Epic").contains("Bug");
        assertThat(noIntegration.statusCode()).isEqualTo(404);
    }

    private static JsonNode find(JsonNode fields, String id) {
        for (JsonNode field : fields) {
            if (field.path("id").asText().equals(id)) {
                return field;
            }
        }
        throw new AssertionError("no field " + id);
    }

    // ---- custom fields of every type, end to end

    private String everyTypeMapping() {
        return """
                {"include": ["app"], "customFields": [
                  {"source": "app.version", "field": "customfield_10010"},
                  {"source": "attributes.plan", "field": "customfield_10011", "lookup": {"gold": "Critical", "free": "Minor"}, "default": "Major"},
                  {"source": "description", "field": "customfield_10012"},
                  {"source": "attributes.affected", "field": "customfield_10013"},
                  {"source": "attributes.firstSeen", "field": "customfield_10014"},
                  {"source": "attributes.occurredAt", "field": "customfield_10015"},
                  {"template": "https://logs.example.com/reports/{{reportId}}", "field": "customfield_10016"},
                  {"source": "tags", "field": "customfield_10017"},
                  {"source": "app.platform", "field": "customfield_10018", "type": "radio"},
                  {"source": "attributes.areas", "field": "customfield_10019"},
                  {"constant": ["Email", "In-app"], "field": "customfield_10020"},
                  {"source": "device.model", "field": "customfield_10021", "lookup": {"iPad Pro": "Apple > iPad"}},
                  {"constant": "%1$s", "field": "customfield_10022"},
                  {"constant": ["%1$s"], "field": "customfield_10023"},
                  {"source": "app.version", "field": "customfield_10024"},
                  {"source": "attributes.component", "field": "components"},
                  {"constant": "3.5.0", "field": "fixVersions"},
                  {"template": "{{device.os}} on {{device.model}}", "field": "environment"},
                  {"source": "attributes.due", "field": "duedate"}]}""".formatted(alex());
    }

    @Test
    void anIntegrationWithCustomFieldsOfEveryTypeForwardsAReportWithTheRightValues() {
        HttpResponse<String> created = create("every-type",
                "{\"projectKey\": \"DEMO\", \"issueType\": \"Bug\", \"assignee\": \"" + alex() + "\"}", everyTypeMapping());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).at("/targetCheck/status").asText()).isEqualTo("OK");
        // the check's one-off connection leaves no endpoints behind
        assertThat(service.camelContext().getEndpoints()).noneMatch(e -> e.getEndpointUri().contains("unsaved"));
        JsonNode stored = json(service.get("/api/v1/integrations/every-type")).at("/mapping/customFields");
        assertThat(stored).extracting(e -> e.path("type").asText()).containsExactly("text", "select", "textarea",
                "number", "date", "datetime", "url", "labels", "select", "multiselect", "multiselect",
                "cascadingselect", "user", "multiuser", "version", "components", "multiversion", "textarea", "date");

        String id = submit("""
                {"title": "Pay button dead", "description": "Tap **Pay**, nothing happens", "priority": "Major",
                 "tags": ["checkout flow", "ios"], "integrationId": "every-type",
                 "app": {"name": "Shop", "version": "3.4.1", "platform": "Android"},
                 "device": {"os": "iPadOS 17", "model": "iPad Pro"},
                 "attributes": {"plan": "gold", "affected": "1200", "firstSeen": "2026-02-27",
                                "occurredAt": "2026-03-01T14:30:00+01:00", "areas": ["Checkout", "Login"],
                                "component": ["Checkout", "Mobile app"], "due": "2026-04-30"}}""");
        JsonNode report = service.awaitReportStatus(id, "FORWARDED", DEADLINE);
        JsonNode fields = sandboxIssue(report.at("/jira/key").asText()).path("fields");

        assertThat(fields.path("customfield_10010").asText()).isEqualTo("3.4.1");
        assertThat(fields.path("customfield_10011").asText()).isEqualTo("Critical");
        assertThat(fields.path("customfield_10012").toString()).contains("Pay");
        if (cloud()) {
            assertThat(fields.path("customfield_10012").path("type").asText()).isEqualTo("doc");
            assertThat(fields.path("environment").path("type").asText()).isEqualTo("doc");
        } else {
            assertThat(fields.path("customfield_10012").asText()).isEqualTo("Tap *Pay*, nothing happens");
            assertThat(fields.path("environment").asText()).isEqualTo("iPadOS 17 on iPad Pro");
        }
        assertThat(fields.path("customfield_10013").asInt()).isEqualTo(1200);
        assertThat(fields.path("customfield_10014").asText()).isEqualTo("2026-02-27");
        assertThat(fields.path("customfield_10015").asText()).isEqualTo("2026-03-01T14:30:00.000+0100");
        assertThat(fields.path("customfield_10016").asText()).isEqualTo("https://logs.example.com/reports/" + id);
        assertThat(fields.path("customfield_10017")).extracting(JsonNode::asText).containsExactly("checkout-flow", "ios");
        assertThat(fields.path("customfield_10018").asText()).isEqualTo("Android");
        assertThat(fields.path("customfield_10019")).extracting(JsonNode::asText).containsExactly("Checkout", "Login");
        assertThat(fields.path("customfield_10020")).extracting(JsonNode::asText).containsExactly("Email", "In-app");
        assertThat(fields.at("/customfield_10021/value").asText()).isEqualTo("Apple");
        assertThat(fields.at("/customfield_10021/child").asText()).isEqualTo("iPad");
        assertThat(fields.path("customfield_10022").asText()).isEqualTo(alex());
        assertThat(fields.path("customfield_10023")).extracting(JsonNode::asText).containsExactly(alex());
        assertThat(fields.path("customfield_10024").asText()).isEqualTo("3.4.1");
        assertThat(fields.path("components")).extracting(JsonNode::asText).containsExactly("Checkout", "Mobile app");
        assertThat(fields.path("fixVersions")).extracting(JsonNode::asText).containsExactly("3.5.0");
        assertThat(fields.path("duedate").asText()).isEqualTo("2026-04-30");
        assertThat(fields.path("assignee").asText()).isEqualTo(alex());
        assertThat(fields.path("priority").asText()).isEqualTo("High");
    }

    // ---- the check made when an integration is saved

    @Test
    void aRequiredFieldLeftUnmappedIsRefusedAtSaveAndNothingIsStored() {
        HttpResponse<String> refused = create("req-unmapped", "{\"projectKey\": \"REQ\", \"issueType\": \"Task\"}",
                "{\"priorityMap\": {\"NA\": \"P3\", \"Trivial\": \"P4\", \"Minor\": \"P3\", \"Major\": \"P2\", \"Blocker\": \"P1\"}}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).path("error").asText()).isEqualTo("invalid_target");
        assertThat(problem(refused, "mapping.customFields")).contains("customfield_10011 (Severity) is required in REQ/Task")
                .contains("Critical");
        assertThat(service.get("/api/v1/integrations/req-unmapped").statusCode()).isEqualTo(404);

        HttpResponse<String> mayBeEmpty = create("req-unmapped", "{\"projectKey\": \"REQ\", \"issueType\": \"Task\"}",
                "{\"priorityMap\": {\"NA\": \"P3\", \"Trivial\": \"P4\", \"Minor\": \"P3\", \"Major\": \"P2\", \"Blocker\": \"P1\"},"
                        + " \"customFields\": [{\"source\": \"attributes.severity\", \"field\": \"customfield_10011\"}]}");
        assertThat(mayBeEmpty.statusCode()).isEqualTo(400);
        assertThat(problem(mayBeEmpty, "mapping.customFields[0].default")).contains("Severity").contains("required");
        assertThat(service.get("/api/v1/integrations/req-unmapped").statusCode()).isEqualTo(404);
    }

    @Test
    void aCustomPrioritySchemeIsCheckedAtSaveAndMapsWhenForwarding() {
        String severity = "\"customFields\": [{\"source\": \"attributes.severity\", \"field\": \"customfield_10011\", \"default\": \"Minor\"}]";
        HttpResponse<String> defaultsRefused = create("req", "{\"projectKey\": \"REQ\", \"issueType\": \"Task\"}",
                "{" + severity + "}");
        assertThat(defaultsRefused.statusCode()).isEqualTo(400);
        assertThat(problemFields(defaultsRefused)).containsExactlyInAnyOrder("mapping.priorityMap.NA",
                "mapping.priorityMap.Trivial", "mapping.priorityMap.Minor", "mapping.priorityMap.Major",
                "mapping.priorityMap.Blocker");
        assertThat(problem(defaultsRefused, "mapping.priorityMap.Major")).contains("'High'").contains("[P1, P2, P3, P4]");

        HttpResponse<String> created = create("req", "{\"projectKey\": \"REQ\", \"issueType\": \"Task\"}",
                "{\"priorityMap\": {\"NA\": \"P3\", \"Trivial\": \"P4\", \"Minor\": \"10002\", \"Major\": \"P2\", \"Blocker\": \"P1\"}, "
                        + severity + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String blocker = submit("{\"title\": \"Down\", \"priority\": \"Blocker\", \"integrationId\": \"req\","
                + " \"attributes\": {\"severity\": \"Critical\"}}");
        String minor = submit("{\"title\": \"Typo\", \"priority\": \"Minor\", \"integrationId\": \"req\"}");
        JsonNode blockerReport = service.awaitReportStatus(blocker, "FORWARDED", DEADLINE);
        JsonNode minorReport = service.awaitReportStatus(minor, "FORWARDED", DEADLINE);
        assertThat(blockerReport.at("/jira/priority").asText()).isEqualTo("P1");
        JsonNode blockerIssue = sandboxIssue(blockerReport.at("/jira/key").asText()).path("fields");
        JsonNode minorIssue = sandboxIssue(minorReport.at("/jira/key").asText()).path("fields");
        assertThat(blockerIssue.path("priority").asText()).isEqualTo("P1");
        assertThat(blockerIssue.path("customfield_10011").asText()).isEqualTo("Critical");
        assertThat(minorIssue.path("priority").asText()).isEqualTo("P3");
        assertThat(minorIssue.path("customfield_10011").asText()).isEqualTo("Minor");
    }

    @Test
    void everyOtherProblemOfTargetAndMappingIsNamed() {
        HttpResponse<String> noProject = create("bad", "{\"projectKey\": \"NOPE\", \"issueType\": \"Bug\"}", "{}");
        HttpResponse<String> noType = create("bad", "{\"projectKey\": \"DEMO\", \"issueType\": \"Epic\"}", "{}");
        HttpResponse<String> many = create("bad", "{\"projectKey\": \"DEMO\", \"issueType\": \"Bug\", \"assignee\": \"nobody\"}", """
                {"priorityMap": {"Blocker": "Urgent"}, "customFields": [
                  {"source": "app.version", "field": "customfield_99999"},
                  {"source": "attributes.plan", "field": "customfield_10011", "type": "number"},
                  {"source": "app.version", "field": "customfield_10013"},
                  {"source": "tags", "field": "customfield_10018"},
                  {"constant": "Huge", "field": "customfield_10019"},
                  {"source": "device.model", "field": "customfield_10021", "lookup": {"Pixel": "Android > Watch"}},
                  {"constant": "9.9", "field": "customfield_10024"},
                  {"constant": "soon", "field": "duedate"}]}""");

        assertThat(problemFields(noProject)).containsExactly("target.projectKey");
        assertThat(problem(noType, "target.issueType")).contains("Epic").contains("[Bug, Task, Story]");
        assertThat(many.statusCode()).isEqualTo(400);
        assertThat(problemFields(many)).contains("target.assignee", "mapping.priorityMap.Blocker",
                "mapping.customFields[0].field", "mapping.customFields[1].type", "mapping.customFields[2].source",
                "mapping.customFields[3].source", "mapping.customFields[4].constant",
                "mapping.customFields[5].lookup.Pixel", "mapping.customFields[6].constant",
                "mapping.customFields[7].constant");
        assertThat(problem(many, "mapping.customFields[0].field")).contains("not on the create screen of DEMO/Bug");
        assertThat(problem(many, "mapping.customFields[1].type")).contains("says number").contains("select field");
        assertThat(problem(many, "mapping.customFields[2].source")).contains("app.version is text").contains("number");
        assertThat(problem(many, "mapping.customFields[4].constant")).contains("'Huge' is not a choice of customfield_10019 (Affected areas)");
        assertThat(problem(many, "mapping.customFields[5].lookup.Pixel")).contains("Android > Watch");
        assertThat(problem(many, "mapping.customFields[6].constant")).contains("'9.9'").contains("3.4.1");
        assertThat(problem(many, "mapping.customFields[7].constant")).contains("'soon' is not a date");
        assertThat(service.get("/api/v1/integrations/bad").statusCode()).isEqualTo(404);
    }

    @Test
    void whenJiraCannotBeAskedTypedMappingsAreSavedUncheckedAndUntypedOnesAreRefused() {
        String unreachable = body("offline", "{\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}",
                "{\"customFields\": [{\"source\": \"app.version\", \"field\": \"customfield_10010\", \"type\": \"text\"}]}",
                "{}").replace(service.sandbox().baseUrl(), "http://localhost:" + RunningService.freePort());
        HttpResponse<String> saved = service.postJson("/api/v1/integrations", unreachable);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(json(saved).at("/targetCheck/status").asText()).isEqualTo("UNCHECKED");
        assertThat(json(saved).at("/targetCheck/reason").asText()).contains("Jira could not be asked");

        HttpResponse<String> untyped = service.postJson("/api/v1/integrations", unreachable
                .replace("\"offline\"", "\"offline-untyped\"").replace(", \"type\": \"text\"", ""));
        assertThat(untyped.statusCode()).isEqualTo(400);
        assertThat(problem(untyped, "mapping.customFields[0].type")).contains("is needed");
    }

    // ---- test issue

    @Test
    void theTestIssueIsCreatedThroughTheFullMappingAndReportsFieldErrorsByEntry() {
        assertThat(create("testable", "{\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}", """
                {"customFields": [{"source": "attributes.plan", "field": "customfield_10011", "default": "Major"},
                                  {"source": "app.version", "field": "customfield_10010"}]}""").statusCode()).isEqualTo(201);

        HttpResponse<String> created = service.postJson("/api/v1/integrations/testable/test-issue", "");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json(created).path("key").asText();
        assertThat(json(created).path("url").asText()).endsWith("/browse/" + key);
        JsonNode issue = sandboxIssue(key);
        assertThat(issue.path("summary").asText()).startsWith("[jira-bridge test] ");
        assertThat(issue.at("/fields/labels")).extracting(JsonNode::asText).contains("jira-bridge-test");
        assertThat(issue.at("/fields/customfield_10011").asText()).isEqualTo("Major");
        assertThat(issue.at("/fields/customfield_10010").asText()).isEqualTo("1.0.0");

        HttpResponse<String> rejected = service.postJson("/api/v1/integrations/testable/test-issue",
                "{\"title\": \"Platinum customer\", \"attributes\": {\"plan\": \"Platinum\"}}");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
        assertThat(json(rejected).path("error").asText()).isEqualTo("jira_rejected");
        assertThat(problem(rejected, "mapping.customFields[0]")).contains("customfield_10011")
                .contains("Option value 'Platinum' is not valid").contains("attributes.plan");
        assertThat(service.postJson("/api/v1/integrations/nobody/test-issue", "").statusCode()).isEqualTo(404);
    }

    @Test
    void jirasFieldErrorsWhenForwardingNameTheMappingEntryInLastErrorAndTheDeadLetter() {
        assertThat(create("plans", "{\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}",
                "{\"customFields\": [{\"source\": \"attributes.plan\", \"field\": \"customfield_10011\"}]}")
                .statusCode()).isEqualTo(201);

        String id = submit("{\"title\": \"Platinum\", \"integrationId\": \"plans\", \"attributes\": {\"plan\": \"Platinum\"}}");

        JsonNode report = service.awaitReportStatus(id, "FAILED", DEADLINE);
        assertThat(report.path("lastError").asText()).contains("HTTP 400")
                .contains("customfield_10011: Option value 'Platinum' is not valid (from mapping.customFields[0] (attributes.plan -> customfield_10011))");
        JsonNode letters = json(service.get("/api/v1/dead-letters")).path("deadLetters");
        JsonNode letter = ForwardingEndToEndTest.findByReport(letters, id);
        assertThat(letter.at("/jiraErrors/fieldOrigins/customfield_10011").asText()).startsWith("mapping.customFields[0]");
        assertThat(letter.path("message").asText()).contains("mapping.customFields[0]");
    }

    // ---- attachments and forwarding choices

    @Test
    void attachmentsAboveEitherLimitAreSkippedWithANoteAndTheReportForwards() {
        String small = Base64.getEncoder().encodeToString(new byte[500]);
        String large = Base64.getEncoder().encodeToString(new byte[ATTACHMENT_LIMIT + 1]);
        String id = submit("""
                {"title": "Screenshots", "attachments": [
                  {"name": "small.png", "contentType": "image/png", "data": "%s"},
                  {"name": "large.png", "contentType": "image/png", "data": "%s"}]}""".formatted(small, large));

        JsonNode report = service.awaitReportStatus(id, "FORWARDED", DEADLINE);
        JsonNode issue = sandboxIssue(report.at("/jira/key").asText());
        assertThat(issue.path("attachments")).extracting(a -> a.path("filename").asText()).containsExactly("small.png");
        assertThat(issue.path("comments")).hasSize(1);
        assertThat(issue.at("/comments/0/body").toString()).contains("large.png").contains("limit");

        // Jira's own limit below ours: its 413 becomes a note too
        service.send(HttpRequest.newBuilder(URI.create(service.sandbox().baseUrl() + "/_sandbox/attachment-limit"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"maxBytes\": 100}")));
        String refused = submit("""
                {"title": "Jira says too large", "attachments": [
                  {"name": "small.png", "contentType": "image/png", "data": "%s"}]}""".formatted(small));
        JsonNode refusedReport = service.awaitReportStatus(refused, "FORWARDED", DEADLINE);
        JsonNode refusedIssue = sandboxIssue(refusedReport.at("/jira/key").asText());
        assertThat(refusedIssue.path("attachments")).isEmpty();
        assertThat(refusedIssue.at("/comments/0/body").toString()).contains("small.png").contains("413");
    }

    @Test
    void withAutoForwardOffReportsWaitUntilForwardedByHand() {
        HttpResponse<String> created = service.postJson("/api/v1/integrations", body("by-hand",
                "{\"projectKey\": \"DEMO\", \"issueType\": \"Bug\"}", "{}", "{\"autoForward\": false}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String waiting = submit("{\"title\": \"Waits\", \"integrationId\": \"by-hand\"}");
        // a later report of an automatic integration goes through: the waiting one was not queued at all
        String automatic = submit("{\"title\": \"Goes\"}");
        service.awaitReportStatus(automatic, "FORWARDED", DEADLINE);
        assertThat(service.report(waiting).path("status").asText()).isEqualTo("RECEIVED");
        assertThat(service.report(waiting).path("jira").isNull()).isTrue();

        assertThat(service.postJson("/api/v1/reports/" + waiting + "/forward", "").statusCode()).isEqualTo(202);
        JsonNode forwarded = service.awaitReportStatus(waiting, "FORWARDED", DEADLINE);
        assertThat(sandboxIssue(forwarded.at("/jira/key").asText()).path("summary").asText()).isEqualTo("Waits");
    }
}
