package org.jirabridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jirabridge.sandbox.Flavour;
import org.jirabridge.sandbox.JiraSandbox;

/**
 * The sandbox's data dir with many issues: seed N issues (4 comments each) through the control API, then time single
 * REST writes (each journals only what it touched), a restart (snapshot + journal replay) and a write after it. Run
 * with {@code bench/sandbox-data-dir.sh [issues]}; appends a row to bench/results/sandbox-data-dir.md.
 */
public final class SandboxDataDirBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("demo@example.com:demo-token".getBytes(StandardCharsets.UTF_8));

    public static void main(String[] args) throws Exception {
        int issues = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path dir = Files.createTempDirectory("sandbox-bench");
        try {
            long seedMs;
            double editMs;
            try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD, dir)) {
                long started = System.nanoTime();
                for (int batch = 0; batch < issues; batch += 1000) {
                    StringBuilder body = new StringBuilder("{\"issues\":[");
                    for (int i = batch; i < Math.min(issues, batch + 1000); i++) {
                        body.append(i == batch ? "" : ",").append("{\"project\":\"DEMO\",\"summary\":\"Issue ").append(i)
                                .append("\",\"labels\":[\"l").append(i % 50).append("\"],\"comments\":[{\"body\":\"one\"},{\"body\":\"two\"},")
                                .append("{\"body\":\"three\"},{\"body\":\"four\"}]}");
                    }
                    send(sandbox, "POST", "/_sandbox/seed", body.append("]}").toString(), 200);
                }
                seedMs = (System.nanoTime() - started) / 1_000_000;
                editMs = edits(sandbox, issues);
            }
            long started = System.nanoTime();
            double editAfterMs;
            try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD, dir)) {
                long restartMs = (System.nanoTime() - started) / 1_000_000;
                editAfterMs = edits(sandbox, issues);
                long bytes;
                try (Stream<Path> files = Files.list(dir)) {
                    bytes = files.mapToLong(p -> p.toFile().length()).sum();
                }
                String row = String.format("| %s | %d | %.1f | %d | %.2f | %d | %.2f | %d |%n", OffsetDateTime.now().toLocalDate(),
                        issues, issues * 1000.0 / seedMs, seedMs, editMs, restartMs, editAfterMs, bytes / 1_048_576);
                System.out.println("RESULT issues=" + issues + " seedMs=" + seedMs + " editMs=" + editMs + " restartMs=" + restartMs
                        + " editAfterRestartMs=" + editAfterMs + " dataDirMB=" + bytes / 1_048_576);
                Path results = Path.of("bench/results/sandbox-data-dir.md");
                if (!Files.exists(results)) {
                    Files.writeString(results, "# Sandbox data dir with many issues (bench/sandbox-data-dir.sh)\n\n"
                            + "| date | issues (4 comments each) | seeded issues/s | seed ms | mean edit ms | restart ms | mean edit ms after restart | data dir MB |\n"
                            + "|---|---|---|---|---|---|---|---|\n");
                }
                Files.writeString(results, row, StandardOpenOption.APPEND);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Mean time of 200 edits of issues spread over the project (each a PUT the journal records). */
    private static double edits(JiraSandbox sandbox, int issues) throws IOException, InterruptedException {
        int rounds = 200;
        long started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            long id = 10001 + (long) i * Math.max(1, issues / rounds);
            send(sandbox, "PUT", "/rest/api/3/issue/" + id, "{\"update\":{\"labels\":[{\"add\":\"edited\"}]}}", 204);
        }
        return (System.nanoTime() - started) / 1_000_000.0 / rounds;
    }

    private static void send(JiraSandbox sandbox, String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", AUTH).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
    }
}
