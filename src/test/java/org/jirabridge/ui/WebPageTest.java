package org.jirabridge.ui;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The setup web page in a real browser (Debian's headless chromium driven by playwright-core, script
 * src/test/browser/web-page.js) against the real service and its sandbox, Cloud and Server; and the report list
 * the page is built on (GET /api/v1/reports), over HTTP. Screenshots of each wizard step go to
 * target/ui-screenshots/. The browser and the node module are installed by the README's test command (test.sh);
 * when either is missing this test fails and says so, it never skips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageTest {

    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SHOTS = Path.of("target/ui-screenshots");

    @RegisterExtension
    final ServiceExtension cloud = ServiceExtension.cloud();
    @RegisterExtension
    final ServiceExtension server = ServiceExtension.manual();

    @Test
    void theWebPageOnCloudInABrowser() throws Exception {
        runBrowser(cloud.running(), "cloud");
        for (String step : List.of("wizard-1-authenticate", "wizard-2-set-up", "wizard-3-test", "wizard-4-finish",
                "oauth-consent")) {
            assertThat(SHOTS.resolve("cloud-" + step + ".png")).exists();
        }
    }

    @Test
    void theWizardOnServerInABrowser() throws Exception {
        runBrowser(server.start("server"), "server");
        assertThat(SHOTS.resolve("server-wizard-2-set-up.png")).exists();
    }

    @Test
    void theReportListFiltersSearchesPagesAndKeepsKeysToTheirIntegrations() {
        HttpResponse<String> other = cloud.postJson("/api/v1/integrations", """
                {"id": "list-other", "connection": {"deployment": "cloud", "baseUrl": "%s", "authType": "BASIC",
                 "email": "demo@example.com", "apiToken": "demo-token"},
                 "target": {"projectKey": "DEMO", "issueType": "Bug"}, "sync": {"autoForward": false}}
                """.formatted(cloud.sandbox().baseUrl()));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        List<String> demo = new ArrayList<>();
        for (String title : List.of("List: crash on 100% zoom", "List: login fails", "List: LOGIN slow")) {
            demo.add(send(title, "demo"));
        }
        String hidden = send("List: login in the other team", "list-other");

        // every page newest first, no report twice, none left out
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = list("limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.path("reports").size()).isLessThanOrEqualTo(2);
            page.path("reports").forEach(report -> {
                assertThat(seen.add(report.path("id").asText())).as("listed twice").isTrue();
                order.add(report.path("createdAt").asText());
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 50);
        assertThat(seen).containsAll(demo).contains(hidden);
        assertThat(order).isSortedAccordingTo((a, b) -> java.time.OffsetDateTime.parse(b)
                .compareTo(java.time.OffsetDateTime.parse(a)));

        // search by title, case-insensitive, wildcards taken literally; filters by integration and status
        assertThat(ids(list("q=" + enc("login"), null))).contains(demo.get(1), demo.get(2), hidden)
                .doesNotContain(demo.get(0));
        assertThat(ids(list("q=" + enc("100%"), null))).containsExactly(demo.get(0));
        assertThat(ids(list("q=" + enc("_"), null))).isEmpty();
        assertThat(ids(list("integrationId=list-other", null))).containsExactly(hidden);
        assertThat(ids(list("integrationId=list-other&status=RECEIVED", null))).containsExactly(hidden);
        assertThat(ids(list("integrationId=list-other&status=FORWARDED", null))).isEmpty();

        // an intake key sees its integrations only; another's id answers as an empty list
        String key = "Bearer demo-api-key";
        assertThat(ids(list("q=" + enc("List:"), key))).containsAll(demo).doesNotContain(hidden);
        assertThat(ids(list("integrationId=list-other", key))).isEmpty();

        // bad parameters are a 400 naming each; no credential is a 401
        HttpResponse<String> bad = get("/api/v1/reports?limit=0&status=LOST&cursor=nope", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problems = RunningService.readTree(bad.body()).path("details");
        assertThat(problems.findValuesAsText("field")).containsExactlyInAnyOrder("limit", "status", "cursor");
        assertThat(Http.send(HttpRequest.newBuilder(URI.create(cloud.baseUrl() + "/api/v1/reports"))).statusCode())
                .isEqualTo(401);
    }

    // ---- the browser

    private static void runBrowser(RunningService service, String flavour) throws IOException, InterruptedException {
        assertThat(CHROMIUM).as("headless Chromium is needed: run ./test.sh, or apt-get install -y chromium")
                .isExecutable();
        assertThat(SCRIPT_DIR.resolve("node_modules/playwright-core")).as("playwright-core is needed: run ./test.sh,"
                + " or npm ci --prefix src/test/browser").isDirectory();
        Files.createDirectories(SHOTS);
        Path log = Path.of("target/ui-browser-" + flavour + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "web-page.js").directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("BASE_URL", service.baseUrl());
        builder.environment().put("SANDBOX_URL", service.sandbox().baseUrl());
        builder.environment().put("ADMIN_TOKEN", Http.ADMIN_TOKEN);
        builder.environment().put("FLAVOUR", flavour);
        builder.environment().put("SHOTS", SHOTS.toAbsolutePath().toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process node = builder.start();
        try {
            boolean ended = node.waitFor(240, TimeUnit.SECONDS);
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(ended).as("the browser script ended within 240 s:\n" + output).isTrue();
            assertThat(node.exitValue()).as(output).isZero();
            assertThat(output).containsPattern("(?m)^\\d+ passed, 0 failed$");
        } finally {
            // stopped by its own handle, also when an assertion failed
            node.destroyForcibly();
        }
    }

    // ---- the report list

    private String send(String title, String integrationId) {
        HttpResponse<String> sent = cloud.postJson("/api/v1/reports", """
                {"title": "%s", "integrationId": "%s"}""".formatted(title, integrationId));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        return RunningService.readTree(sent.body()).path("id").asText();
    }

    private JsonNode list(String query, String authorization) {
        HttpResponse<String> answer = get("/api/v1/reports?" + query, authorization);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return RunningService.readTree(answer.body());
    }

    private HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.baseUrl() + path)).GET();
        return authorization == null ? cloud.send(request) : Http.send(request.header("Authorization", authorization));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("reports").forEach(report -> ids.add(report.path("id").asText()));
        return ids;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
