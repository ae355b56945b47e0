package org.jirabridge.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.store.Json;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.PostgresServer;
import org.jirabridge.testsupport.RunningService;

import static org.awaitility.Awaitility.await;

/**
 * The import of one big project side by side with reading the same data from the sandbox directly: the sandbox (its
 * own JVM, 2 GB) is bulk-seeded with N issues (4 comments and 3 transitions each); then this JVM (run with a small
 * heap) reads every search page of 100 with the import's fields plus the page's bulk changelog, as a plain client
 * would, and then imports the project through the service; then 10 issues change and a second pass is counted in
 * requests. Run with {@code bench/ingest.sh [issues] [flavour]}; appends a row to bench/results/ingest.md.
 */
public final class IngestBenchmark {

    private static final String FIELDS = "[\"summary\",\"description\",\"issuetype\",\"project\",\"status\",\"priority\","
            + "\"labels\",\"assignee\",\"reporter\",\"creator\",\"created\",\"updated\",\"resolution\",\"resolutiondate\","
            + "\"parent\",\"comment\",\"customfield_10100\"]";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String H2_FILE = "target/bench-ingest-" + UUID.randomUUID();

    public static void main(String[] args) throws Exception {
        int issues = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        boolean cloud = args.length < 2 || args[1].equals("cloud");
        boolean postgres = args.length > 2 && args[2].equals("postgresql");
        int sandboxPort = RunningService.freePort();
        String sandbox = "http://localhost:" + sandboxPort;
        Process jira = startSandbox(sandboxPort, cloud);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Http.status(sandbox + "/rest/api/2/serverInfo") == 200);
            long seedStart = System.nanoTime();
            JsonNode seeded = seed(sandbox, "BIG", issues);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.println("seeded " + seeded + " in " + seedSeconds + " s");
            // both sides are measured warm, as the other benchmarks' wrk warm-up runs do: a project of the same size and
            // shape is read (here) and imported (below) first, untimed; the service's import path (H2, Camel, Jackson) is
            // still being compiled by the JIT through a smaller warm-up (bench/results/ingest.md)
            int warmIssues = issues;
            seed(sandbox, "WARM", warmIssues);
            readDirectly(sandbox, cloud, "WARM", warmIssues);

            double direct = readDirectly(sandbox, cloud, "BIG", issues);
            System.out.printf("direct read: %.0f issues/s%n", direct);

            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("sandbox.enabled", "false");
            settings.put("demo.jira-url", sandbox);
            settings.put("demo.poll-cron", "");
            settings.put("sandbox.flavour", cloud ? "cloud" : "server");
            // the embedded default (H2 in a file, every commit written) or the production store (a real PostgreSQL)
            PostgresServer database = postgres ? PostgresServer.start() : null;
            if (postgres) {
                settings.put("store.jdbc-url", database.newDatabase());
                settings.put("store.user", "postgres");
            } else {
                settings.put("store.jdbc-url", "jdbc:h2:file:./" + H2_FILE + ";WRITE_DELAY=0");
            }
            settings.put("ingest.interval-ms", "600000");
            settings.put("ingest.sweep-interval-ms", "-1");
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            try (database; RunningService service = RunningService.start(cloud ? "cloud" : "server", settings)) {
                String ingestion = service.baseUrl() + "/api/v1/integrations/demo/ingestion";
                put(service, ingestion, "{\"enabled\": true}");
                await().atMost(Duration.ofSeconds(60)).until(() -> project(service, ingestion, "BIG") != null);
                // the first run (which listed the projects) ends before the import is asked for
                await().atMost(Duration.ofMinutes(1)).until(() -> get(service, ingestion).path("state").asText().equals("idle"));
                // the untimed warm-up import
                put(service, ingestion + "/projects/WARM", "{\"import\": true}");
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                        project(service, ingestion, "WARM").path("state").asText().equals("up_to_date")
                                && get(service, ingestion).path("state").asText().equals("idle"));
                String listedAt = get(service, ingestion).path("lastRunAt").asText();
                AtomicLong peakHeap = new AtomicLong();
                // how much of the timed import the JIT still spent compiling (one compiler thread of the 2 cores)
                long compileBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                long importStart = System.nanoTime();
                put(service, ingestion + "/projects/BIG", "{\"import\": true}");
                // polled often, so the end of a small import is not rounded up to a second, and on the settings (the
                // run's state), whose answer costs nothing: the project list counts the imported issues in the store
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    JsonNode run = get(service, ingestion);
                    return !run.path("lastRunAt").asText().equals(listedAt) && run.path("state").asText().equals("idle");
                });
                double importSeconds = (System.nanoTime() - importStart) / 1e9;
                System.out.printf("import: the JIT compiled for %.1f s of the %.1f s%n",
                        (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileBefore) / 1e3, importSeconds);
                JsonNode big = project(service, ingestion, "BIG");
                if (big.at("/issues/imported").asLong() != issues || !big.path("state").asText().equals("up_to_date")) {
                    throw new AssertionError("the import did not finish with every issue: " + big);
                }
                double imported = issues / importSeconds;
                System.out.printf("import: %.0f issues/s (%.2f of direct), peak heap used %d MB of %d MB%n", imported,
                        imported / direct, peakHeap.get() >> 20, memory.getHeapMemoryUsage().getMax() >> 20);

                // runs asked for while the import ran (switches) finish first
                await().atMost(Duration.ofMinutes(5)).until(() -> get(service, ingestion).path("state").asText().equals("idle"));
                // second pass: 10 issues change; count the requests of the run beyond the changes' own
                String api = cloud ? "/rest/api/3" : "/rest/api/2";
                for (int n = 1; n <= 10; n++) {
                    jira(sandbox, cloud, "POST", api + "/issue/BIG-" + (n * 997 % issues + 1) + "/transitions",
                            "{\"transition\": {\"id\": \"31\"}}");
                }
                Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/_sandbox/stats")).DELETE());
                String before = get(service, ingestion).path("lastRunAt").asText();
                // a run as the schedule starts it (saving the settings asks for one now); a refresh would also read the
                // reference data again, which the scheduled runs read once per ingest.reference-interval-ms
                put(service, ingestion, "{\"enabled\": true}");
                await().atMost(Duration.ofMinutes(2)).until(() -> !get(service, ingestion).path("lastRunAt").asText().equals(before)
                        && get(service, ingestion).path("state").asText().equals("idle"));
                JsonNode stats = Http.getJson(sandbox + "/_sandbox/stats");
                int total = 0;
                StringBuilder perPath = new StringBuilder();
                for (JsonNode row : stats.path("requests")) {
                    total += row.path("count").asInt();
                    perPath.append(row.path("method").asText()).append(' ').append(row.path("path").asText())
                            .append(' ').append(row.path("count").asInt()).append("; ");
                }
                System.out.println("second pass: " + total + " requests: " + perPath);
                String row = String.format("| %s | %s | %d | %.1f | %.0f | %.0f | %.2f | %d MB / %d MB | %d | %s |%n",
                        OffsetDateTime.now(ZoneOffset.UTC).withNano(0), cloud ? "cloud" : "server", issues, seedSeconds,
                        direct, imported, imported / direct, peakHeap.get() >> 20,
                        memory.getHeapMemoryUsage().getMax() >> 20, total, postgres ? "postgresql" : "h2");
                Files.writeString(Path.of("bench/results/ingest.md"), row, StandardOpenOption.APPEND);
                System.out.print("RESULT " + row);
                System.out.println("RESULT second pass requests: " + perPath);
            }
        } finally {
            jira.destroyForcibly();
            // a run leaves about 200 MB of H2 file: repeated runs would fill the disk
            Files.deleteIfExists(Path.of(H2_FILE + ".mv.db"));
        }
    }

    /** The sandbox in its own JVM with 2 GB (it holds both projects), as Jira is elsewhere. */
    private static Process startSandbox(int port, boolean cloud) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), "org.jirabridge.Application", "sandbox",
                "--port", String.valueOf(port), "--flavour", cloud ? "cloud" : "server"));
        Files.createDirectories(Path.of("target"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/bench-ingest-sandbox.log")).start();
    }

    /** Every search page of 100 with the import's fields, plus (Cloud) the page's bulk changelog; issues per second. */
    private static JsonNode seed(String sandbox, String project, int issues) throws Exception {
        return control(sandbox, "/_sandbox/seed/bulk", "{\"project\": \"" + project + "\", \"issues\": " + issues
                + ", \"commentsPerIssue\": 4, \"transitionsPerIssue\": 3, \"labels\": [\"api\", \"ui\", \"ios\"], "
                + "\"sprints\": 20, \"users\": 25}");
    }

    private static double readDirectly(String sandbox, boolean cloud, String project, int expected) throws Exception {
        long start = System.nanoTime();
        int read = 0;
        String token = null;
        int startAt = 0;
        while (true) {
            JsonNode page;
            if (cloud) {
                page = jira(sandbox, true, "POST", "/rest/api/3/search/jql", "{\"jql\": \"project = " + project + " ORDER BY updated ASC\", "
                        + "\"maxResults\": 100, \"fields\": " + FIELDS + (token == null ? "" : ", \"nextPageToken\": \"" + token + "\"") + "}");
                List<String> ids = new ArrayList<>();
                page.path("issues").forEach(i -> ids.add("\"" + i.path("id").asText() + "\""));
                if (!ids.isEmpty()) {
                    jira(sandbox, true, "POST", "/rest/api/3/changelog/bulkfetch", "{\"issueIdsOrKeys\": " + ids
                            + ", \"maxResults\": 1000}");
                }
            } else {
                page = jira(sandbox, false, "POST", "/rest/api/2/search", "{\"jql\": \"project = " + project + " ORDER BY updated ASC\", "
                        + "\"maxResults\": 100, \"startAt\": " + startAt + ", \"fields\": " + FIELDS + ", \"expand\": [\"changelog\"]}");
            }
            read += page.path("issues").size();
            startAt += page.path("issues").size();
            token = page.path("nextPageToken").isMissingNode() || page.path("nextPageToken").isNull() ? null
                    : page.path("nextPageToken").asText();
            boolean last = cloud ? token == null : page.path("issues").isEmpty() || startAt >= page.path("total").asInt();
            if (last) {
                break;
            }
        }
        if (read != expected) {
            throw new IllegalStateException("read " + read + " issues directly, expected " + expected);
        }
        return read / ((System.nanoTime() - start) / 1e9);
    }

    private static JsonNode jira(String sandbox, boolean cloud, String method, String path, String json) throws Exception {
        String pair = cloud ? "demo@example.com:demo-token" : "admin:admin";
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(answer.body());
    }

    private static JsonNode control(String sandbox, String path, String json) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + path))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(answer.body());
    }

    private static void put(RunningService service, String url, String json) {
        HttpResponse<String> answer = service.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + answer.body());
        }
    }

    private static JsonNode get(RunningService service, String url) {
        return RunningService.readTree(service.send(HttpRequest.newBuilder(URI.create(url)).GET()).body());
    }

    private static JsonNode project(RunningService service, String ingestion, String key) {
        for (JsonNode project : get(service, ingestion + "/projects")) {
            if (project.path("key").asText().equals(key)) {
                return project;
            }
        }
        return null;
    }
}
