package org.jirabridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Many clients at once: every create gets its own id and key, none is lost. */
class SandboxConcurrencyTest {

    @Test
    void concurrentCreatesGetDistinctDeterministicKeys() throws Exception {
        int clients = 8;
        int perClient = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (JiraSandbox sandbox = JiraSandbox.start(0, Flavour.CLOUD)) {
            SandboxClient demo = SandboxClient.demo(sandbox);
            List<Callable<List<String>>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                work.add(() -> {
                    List<String> keys = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        SandboxClient.Answer created = demo.post("/rest/api/3/issue",
                                "{\"fields\":{\"project\":{\"key\":\"DEMO\"},\"issuetype\":{\"name\":\"Task\"},\"summary\":\"S\"}}");
                        assertThat(created.status()).isEqualTo(201);
                        keys.add(created.json().get("key").asText() + "/" + created.json().get("id").asText());
                    }
                    return keys;
                });
            }
            Set<String> all = new TreeSet<>();
            for (Future<List<String>> result : pool.invokeAll(work, 60, TimeUnit.SECONDS)) {
                all.addAll(result.get());
            }

            // DEMO-n always has id 10000 + n, and no number is skipped or given twice
            Set<String> expected = new TreeSet<>();
            for (int n = 1; n <= clients * perClient; n++) {
                expected.add("DEMO-" + n + "/" + (10000 + n));
            }
            assertThat(all).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }
}
