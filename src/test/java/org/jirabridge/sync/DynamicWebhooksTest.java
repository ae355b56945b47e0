package org.jirabridge.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jirabridge.store.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dynamic webhook bodies and answers, checked against Atlassian's own examples (jira-samples/responses). */
class DynamicWebhooksTest {

    private static Map<String, Object> example(String file) throws IOException {
        return Json.readMap(Files.readString(Path.of("src/test/resources/jira-samples/responses", file)));
    }

    @Test
    void theRegistrationAsksForTheSyncedEventsOfOneProject() {
        Map<String, Object> body = DynamicWebhooks.registration("https://bridge.example.com/webhooks/jira/acme", "OPS");

        assertThat(Json.write(body)).contains("\"jqlFilter\":\"project = \\\"OPS\\\"\"")
                .contains("jira:issue_updated").contains("comment_deleted");
    }

    @Test
    void aRegistrationAnswerWithAnErrorFailsWithJirasMessage() throws IOException {
        Map<String, Object> answer = example("platform-v3__webhook-register.200.json");

        assertThatThrownBy(() -> DynamicWebhooks.createdIds(answer))
                .hasMessageContaining("The clause watchCount is unsupported");
        assertThat(DynamicWebhooks.createdIds(Map.of("webhookRegistrationResult",
                List.of(Map.of("createdWebhookId", 1000), Map.of("createdWebhookId", 1001))))).containsExactly(1000L, 1001L);
    }

    @Test
    void failuresWithABodyBecomeDeliveriesAndTheNextPageStartsAfterTheLast() throws IOException {
        Map<String, Object> page = example("platform-v3__webhook-failed.200.json");

        assertThat(DynamicWebhooks.failed(page)).singleElement().satisfies(failure -> {
            assertThat(failure.deliveryId()).isEqualTo("failed:1");
            assertThat(failure.body()).isEqualTo("{\"data\":\"webhook data\"}");
            assertThat(failure.failedAt()).isEqualTo(Instant.ofEpochMilli(1573118132000L));
        });
        assertThat(DynamicWebhooks.nextFailedAfter(page)).isEqualTo(1573540473480L);
        assertThat(DynamicWebhooks.nextFailedAfter(Map.of("values", List.of()))).isNull();
    }

    @Test
    void aWebhookIsRefreshedWellBeforeItsThirtyDaysRunOut() {
        Instant now = Instant.parse("2026-11-23T00:00:00Z");

        assertThat(DynamicWebhooks.needsRefresh(now.plus(DynamicWebhooks.LIFETIME), now)).isFalse();
        assertThat(DynamicWebhooks.needsRefresh(now.plus(java.time.Duration.ofDays(19)), now)).isTrue();
        assertThat(DynamicWebhooks.needsRefresh(null, now)).isTrue();
        assertThat(DynamicWebhooks.refresh(List.of(1000L))).containsEntry("webhookIds", List.of(1000L));
    }
}
