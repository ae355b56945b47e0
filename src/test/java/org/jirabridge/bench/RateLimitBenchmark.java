package org.jirabridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.RunningService;

import static org.awaitility.Awaitility.await;

/**
 * Sustained forwarding against a rate-limited sandbox: with the sandbox limited to R requests per second, how close
 * does forwarding get to R, how many requests are answered 429, and is anything lost? Run with
 * {@code bench/rate-limit.sh [R] [reports]}; appends a row to bench/results/rate-limit.md.
 */
public final class RateLimitBenchmark {

    public static void main(String[] args) throws IOException {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int reports = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        try (RunningService service = RunningService.start("cloud", Map.of(
                "forward.max-redeliveries", "30", "forward.batch-size", "50"))) {
            String sandbox = service.sandbox().baseUrl();
            AtomicInteger created = new AtomicInteger();
            AtomicInteger limited = new AtomicInteger();
            AtomicLong first = new AtomicLong();
            AtomicLong last = new AtomicLong();
            service.sandbox().addListener(exchange -> {
                if (!exchange.method().equals("POST") || !exchange.path().equals("/rest/api/3/issue")) {
                    return;
                }
                if (exchange.status() == 201) {
                    long now = System.nanoTime();
                    first.compareAndSet(0, now);
                    last.set(now);
                    created.incrementAndGet();
                } else if (exchange.status() == 429) {
                    limited.incrementAndGet();
                }
            });
            service.send(HttpRequest.newBuilder(URI.create(sandbox + "/_sandbox/rate-limit"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"requestsPerSecond\": " + limit + "}")));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < reports; i++) {
                ids.add(RunningService.readTree(service.postJson("/api/v1/reports",
                        "{\"title\": \"Benchmark " + i + "\"}").body()).path("id").asText());
            }
            await().atMost(Duration.ofSeconds(reports * 3L / limit + 120)).until(() -> created.get() >= reports);
            int forwarded = 0;
            for (String id : ids) {
                JsonNode report = service.report(id);
                forwarded += "FORWARDED".equals(report.path("status").asText()) ? 1 : 0;
            }
            double seconds = (last.get() - first.get()) / 1e9;
            double rate = (created.get() - 1) / seconds;
            int requests = created.get() + limited.get();
            String row = String.format("| %s | %d | %d | %.1f | %.1f%% | %d of %d (%.2f%%) | %d |%n",
                    OffsetDateTime.now().withNano(0), limit, reports, rate, 100 * rate / limit, limited.get(),
                    requests, 100.0 * limited.get() / requests, reports - forwarded);
            Path results = Path.of("bench", "results", "rate-limit.md");
            if (!Files.exists(results)) {
                Files.writeString(results, "# Forwarding against a rate-limited sandbox\n\n"
                        + "Produced by `bench/rate-limit.sh R N`. Target: at least 90% of R, at most 2% of requests"
                        + " answered 429, nothing lost.\n\n"
                        + "| when | R (req/s) | reports | forwarded/s | of R | 429 answers | lost |\n"
                        + "|---|---|---|---|---|---|---|\n");
            }
            Files.writeString(results, row, StandardOpenOption.APPEND);
            System.out.print("RESULT " + row);
        }
    }
}
