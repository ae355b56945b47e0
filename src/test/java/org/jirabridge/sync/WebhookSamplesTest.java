package org.jirabridge.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.auth.AuthType;
import org.jirabridge.integration.Integration;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Database;
import org.jirabridge.store.ReportRepository;
import org.jirabridge.store.ReportStatus;
import org.jirabridge.store.StoredReport;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every real webhook payload in src/test/resources/jira-samples/webhooks (captured from Jira Cloud and Server/DC by
 * other projects; see SOURCES.md there) goes through POST /webhooks/jira/{id} of the running service, signed like
 * an admin webhook. Reports are linked to most of the sample issues; each payload must be applied, or ignored with
 * its reason when it concerns no report, and the reports must end as the payloads say.
 */
class WebhookSamplesTest {

    private static final String SECRET = "samples-webhook-secret";
    private static final Path SAMPLES = Path.of("src/test/resources/jira-samples/webhooks");
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.cloud().with(Map.of("sync.apply-interval-ms", "100"));
    private static final Map<String, String> REPORTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("autoForward", false);
        service.bean("integrations", Integrations.class).save(new Integration("samples", "Samples", false,
                Integration.Connection.basic("cloud", "https://samples.example.com", AuthType.BASIC,
                        "bot@example.com", null),
                new Integration.Target("DEMO", "Bug", null), Integration.Mapping.defaults(), Integration.Sync.of(sync)),
                Map.of("apiToken", "unused", "webhookSecret", SECRET));
        // issue id, key: the sample issues that have a report (BBCOM-1398 and TEST-4 deliberately have none)
        link("10101", "PAS-3");
        link("10201", "PASS-5");
        link("26313", "BBCOM-77");
        link("11961", "INDEV-28");
        link("28661", "BBCOM-1233");
        link("12490", "TC-7");
        link("11442", "INDEV-6");
        link("25209", "BBCOM-801");
        link("10023", "TEST-24");
        link("10010", "TEST-11");
        link("101", "APP-123");
        link("10000", "SP-1");
    }

    @Test
    void everySamplePayloadIsAppliedOrIgnoredWithAReason() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SAMPLES)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(19);
        for (Path file : files) {
            byte[] body = Files.readAllBytes(file);
            HttpResponse<String> answer = post(body, WebhookVerifier.signatureHeader(SECRET, body),
                    file.getFileName().toString());
            assertThat(answer.statusCode()).as(file + ": " + answer.body()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> unfinished() == 0);

        Map<String, String[]> outcomes = outcomes();
        assertThat(outcomes).hasSize(19);
        outcomes.forEach((file, stateAndOutcome) ->
                assertThat(stateAndOutcome[0]).as(file + ": " + stateAndOutcome[1]).isIn("APPLIED", "IGNORED"));
        assertThat(outcomes.get("jira-to-matrix__issue-created.json")).containsExactly("IGNORED",
                "no report for BBCOM-1398");
        assertThat(outcomes.get("jira-trigger-plugin__issue_created.json")).containsExactly("IGNORED",
                "no report for TEST-4");
        assertThat(outcomes.get("jira-slack__issue_created.json")[1]).contains("status 'Open' is older");

        JsonNode pas3 = report("PAS-3");
        assertThat(pas3.path("jira").path("status").asText()).isEqualTo("In Progress");
        assertThat(pas3.path("jira").path("assignee").asText()).isEqualTo("iantipenko");
        assertThat(pas3.path("comments")).hasSize(1);
        assertThat(pas3.path("comments").get(0).path("jiraId").asText()).isEqualTo("10103");

        assertThat(report("PASS-5").path("jira").path("deleted").asBoolean()).isTrue();
        assertThat(report("BBCOM-77").path("comments").get(0).path("jiraId").asText()).isEqualTo("31039");
        // deleted (15:45:59) before the older edit (15:41:14) arrived: the edit does not bring it back
        assertThat(report("INDEV-28").path("comments")).isEmpty();
        assertThat(outcomes.get("jira-to-matrix__comment-updated.json")[1]).contains("was deleted; ignored");

        JsonNode paused = report("BBCOM-1233");
        assertThat(paused.path("jira").path("status").asText()).isEqualTo("Paused");
        assertThat(paused.path("jira").path("priority").asText()).isEqualTo("Highest");
        assertThat(paused.path("priority").asText()).isEqualTo("Blocker");

        JsonNode moved = report("INDEV-130");
        assertThat(moved.path("jira").path("url").asText()).endsWith("/browse/INDEV-130");
        assertThat(moved.path("jira").path("status").asText()).isEqualTo("To Do");

        assertThat(report("INDEV-6").path("jira").path("status").asText()).isEqualTo("In Progress");
        assertThat(report("BBCOM-801").path("jira").path("status").asText()).isEqualTo("Closed");
        assertThat(report("TEST-24").path("comments").get(0).path("author").asText()).isEqualTo("Wisen Tanasa");

        JsonNode test11 = report("TEST-11");
        assertThat(test11.path("jira").path("status").asText()).isEqualTo("Done");
        assertThat(test11.path("jira").path("resolution").asText()).isEqualTo("Done");
        // Server's default scheme names priorities differently: "Blocker" maps to no report priority, shown as is
        assertThat(test11.path("jira").path("priority").asText()).isEqualTo("Blocker");
        assertThat(test11.path("priority").asText()).isEqualTo("NA");

        JsonNode app123 = report("APP-123");
        assertThat(app123.path("jira").path("assignee").asText()).isEqualTo("Jess MacQueen");
        assertThat(app123.path("jira").path("status").asText()).isEqualTo("In Progress");
        assertThat(report("SP-1").path("comments").get(0).path("jiraId").asText()).isEqualTo("10000");
    }

    @Test
    void theSameSampleSentTwiceIsStoredOnceAndUnsignedOnesAreRefused() throws IOException {
        byte[] body = Files.readAllBytes(SAMPLES.resolve("zulip__comment_updated.json"));
        String delivery = "again-" + UUID.randomUUID();

        assertThat(post(body, WebhookVerifier.signatureHeader(SECRET, body), delivery).body())
                .contains("\"duplicate\":false");
        assertThat(post(body, WebhookVerifier.signatureHeader(SECRET, body), delivery).body())
                .contains("\"duplicate\":true");
        assertThat(post(body, null, "unsigned-" + UUID.randomUUID()).statusCode()).isEqualTo(401);
        assertThat(post(body, "sha256=00", "short-" + UUID.randomUUID()).statusCode()).isEqualTo(401);
    }

    private static void link(String jiraId, String key) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now();
        service.bean("database", Database.class).inTransaction(c -> {
            new ReportRepository(null).insert(c, new StoredReport(id, "samples", null, "bug", "NA", "Sample " + key,
                    "{\"title\":\"Sample " + key + "\",\"priority\":\"NA\"}", ReportStatus.FORWARDED, key, jiraId,
                    "https://samples.example.com/browse/" + key, null, null, 1, null, now, now));
            return null;
        });
        REPORTS.put(key, id);
    }

    private static JsonNode report(String key) {
        String id = REPORTS.get(key.equals("INDEV-130") ? "TC-7" : key);
        JsonNode report = service.report(id);
        assertThat(report.path("jira").path("key").asText()).isEqualTo(key);
        return report;
    }

    private static HttpResponse<String> post(byte[] body, String signature, String deliveryId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/webhooks/jira/samples"))
                .header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature", signature);
        }
        return service.send(request);
    }

    private static int unfinished() {
        return query("SELECT delivery_id, state, outcome FROM webhook_event WHERE integration_id = 'samples'"
                + " AND state IN ('PENDING', 'CLAIMED')").size();
    }

    private static Map<String, String[]> outcomes() {
        return query("SELECT delivery_id, state, outcome FROM webhook_event WHERE integration_id = 'samples'"
                + " AND delivery_id LIKE '%.json'");
    }

    private static Map<String, String[]> query(String sql) {
        return service.bean("database", Database.class).inTransaction(c -> {
            Map<String, String[]> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            return rows;
        });
    }

    static {
        if (!Files.isDirectory(SAMPLES)) {
            throw new UncheckedIOException(new IOException("run from the project directory: " + SAMPLES));
        }
    }
}
