package org.jirabridge.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.store.Json;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;

import static org.awaitility.Awaitility.await;

/**
 * The sandbox serving search pages from one big project: the sandbox runs in its own JVM with {@code -Xmx1g}, is
 * bulk-seeded through the control API with N issues (4 comments and 3 transitions each, labels, sprints), and this
 * JVM then reads every page of {@code project = BIG ORDER BY updated}, 100 issues a page, with the navigable fields
 * (Cloud: {@code POST /rest/api/3/search/jql} with {@code nextPageToken}; Server: {@code POST /rest/api/2/search} with
 * {@code startAt}), one request at a time over one keep-alive connection. The sandbox's heap is sampled with
 * {@code jstat} throughout. Target: 1,000 issues/s or more with 50,000 issues, within the 1 GB heap.
 * Run with {@code bench/sandbox-search.sh [issues] [flavour]}; appends a row to bench/results/sandbox-search.md.
 */
public final class SandboxSearchBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int issues = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        boolean cloud = args.length < 2 || args[1].equals("cloud");
        int port = RunningService.freePort();
        String sandbox = "http://localhost:" + port;
        Process jira = startSandbox(port, cloud);
        HeapSampler heap = null;
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Http.status(sandbox + "/rest/api/2/serverInfo") == 200);
            heap = new HeapSampler(jira.pid());
            long seedStart = System.nanoTime();
            JsonNode seeded = control(sandbox, "{\"project\": \"BIG\", \"issues\": " + issues + ", \"commentsPerIssue\": 4, "
                    + "\"transitionsPerIssue\": 3, \"labels\": [\"api\", \"ui\", \"ios\"], \"sprints\": 20, \"users\": 25}");
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            System.out.println("seeded " + seeded + " in " + seedSeconds + " s");

            List<Long> pageNanos = new ArrayList<>();
            long start = System.nanoTime();
            int read = readEveryPage(sandbox, cloud, pageNanos);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (read != issues) {
                throw new IllegalStateException("read " + read + " issues, expected " + issues);
            }
            double rate = read / seconds;
            long[] sorted = pageNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            double medianMs = sorted[sorted.length / 2] / 1e6;
            double p95Ms = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)] / 1e6;
            long peakMb = heap.stop() >> 20;
            String row = String.format("| %s | %s | %d | %.1f | %d | %.1f | %.0f | %.1f | %.1f | %d MB / 1024 MB | %s |%n",
                    OffsetDateTime.now(ZoneOffset.UTC).withNano(0), cloud ? "cloud" : "server", issues, seedSeconds,
                    sorted.length, seconds, rate, medianMs, p95Ms, peakMb, loadAverage());
            Files.writeString(Path.of("bench/results/sandbox-search.md"), row, StandardOpenOption.APPEND);
            System.out.print("RESULT " + row);
        } finally {
            if (heap != null) {
                heap.stop();
            }
            jira.destroyForcibly();
        }
    }

    /** The sandbox in its own JVM with 1 GB, as Jira is elsewhere. */
    private static Process startSandbox(int port, boolean cloud) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "org.jirabridge.sandbox.JiraSandbox",
                "--port", String.valueOf(port), "--flavour", cloud ? "cloud" : "server");
        Files.createDirectories(Path.of("target"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/bench-sandbox-search.log")).start();
    }

    /** Reads every page of 100; returns the number of issues read and records each page's time. */
    private static int readEveryPage(String sandbox, boolean cloud, List<Long> pageNanos) throws Exception {
        String jql = "project = BIG ORDER BY updated";
        int read = 0;
        String token = null;
        while (true) {
            long pageStart = System.nanoTime();
            JsonNode page = cloud
                    ? jira(sandbox, true, "/rest/api/3/search/jql", "{\"jql\": \"" + jql + "\", \"maxResults\": 100, "
                            + "\"fields\": [\"*navigable\"]" + (token == null ? "" : ", \"nextPageToken\": \"" + token + "\"") + "}")
                    : jira(sandbox, false, "/rest/api/2/search", "{\"jql\": \"" + jql + "\", \"maxResults\": 100, \"startAt\": "
                            + read + "}");
            pageNanos.add(System.nanoTime() - pageStart);
            int size = page.path("issues").size();
            read += size;
            if (cloud) {
                JsonNode next = page.path("nextPageToken");
                token = next.isMissingNode() || next.isNull() ? null : next.asText();
                if (token == null) {
                    return read;
                }
            } else if (size == 0 || read >= page.path("total").asInt()) {
                return read;
            }
        }
    }

    private static JsonNode jira(String sandbox, boolean cloud, String path, String json) throws Exception {
        String pair = cloud ? "demo@example.com:demo-token" : "admin:admin";
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox + path)).timeout(Duration.ofMinutes(1))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return Json.MAPPER.readTree(answer.body());
    }

    private static JsonNode control(String sandbox, String json) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + "/_sandbox/seed/bulk"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("bulk seed answered " + answer.statusCode() + ": " + answer.body());
        }
        return Json.MAPPER.readTree(answer.body());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The sandbox JVM's used heap (survivors + eden + old generation), sampled every 200 ms with jstat; keeps the peak. */
    private static final class HeapSampler {
        private final Process jstat;
        private final Thread reader;
        private final AtomicLong peakBytes = new AtomicLong();

        HeapSampler(long pid) throws IOException {
            jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    String.valueOf(pid), "200").redirectErrorStream(true).start();
            reader = new Thread(this::read, "jstat-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> header = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    List<String> cells = Arrays.asList(line.trim().split("\\s+"));
                    if (cells.contains("EU")) {
                        header = cells;
                    } else if (header != null && cells.size() == header.size()) {
                        double usedKb = 0;
                        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                            usedKb += Double.parseDouble(cells.get(header.indexOf(column)));
                        }
                        long used = (long) (usedKb * 1024);
                        peakBytes.accumulateAndGet(used, Math::max);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the sampler ends with the sandbox; the peak so far stands
            }
        }

        /** Stops sampling (by the jstat process's own handle) and returns the peak used heap in bytes. */
        long stop() throws InterruptedException {
            jstat.destroy();
            reader.join(2000);
            return peakBytes.get();
        }
    }
}
