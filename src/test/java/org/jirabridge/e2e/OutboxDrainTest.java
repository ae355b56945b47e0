package org.jirabridge.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.jirabridge.testsupport.RunningService;
import org.junit.jupiter.api.Test;
import org.jirabridge.testsupport.ServiceExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full outbox drains at Jira's pace, not one batch per poll: a poll that claims a full batch claims again at once
 * (up to forward.max-in-flight). Here one poll an hour, of 5 reports a batch, must forward all 40 waiting reports.
 */
class OutboxDrainTest {

    private static final String FORWARDED = "SELECT COUNT(*) FROM report WHERE status = 'FORWARDED'";

    @RegisterExtension
    final ServiceExtension service = ServiceExtension.manual();

    @Test
    void onePollDrainsAFullOutboxInFullBatches() {
        // the same database and sandbox port for both runs, so the second one finds the first one's outbox
        Map<String, String> common = Map.of(
                "store.jdbc-url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sandbox.port", String.valueOf(RunningService.freePort()),
                "forward.batch-size", "5");
        RunningService paused = service.start("cloud", with(common, "forward.max-in-flight", "0"));
        for (int n = 1; n <= 40; n++) {
            assertThat(paused.postJson("/api/v1/reports", "{\"title\": \"Outbox drain " + n + "\"}").statusCode())
                    .isEqualTo(202);
        }
        // max-in-flight 0: this process claims nothing
        assertThat(paused.count(FORWARDED)).isZero();
        service.stop();
        // the first tick comes a second after start; the next one an hour later
        RunningService draining = service.start("cloud", with(common, "forward.poll-interval-ms", "3600000"));
        await().atMost(Duration.ofSeconds(60)).until(() -> draining.count(FORWARDED) == 40);
        assertThat(draining.count("SELECT COUNT(*) FROM outbox WHERE state IN ('PENDING', 'CLAIMED')")).isZero();
    }

    private static Map<String, String> with(Map<String, String> common, String key, String value) {
        Map<String, String> settings = new HashMap<>(common);
        settings.put(key, value);
        return settings;
    }
}
