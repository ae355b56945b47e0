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
            // the failure's id is the delivery's X-Atlassian-Webhook-Identifier: the same delivery id as if it had arrived
            assertThat(failure.deliveryId()).isEqualTo("1");
            assertThat(failure.body()).isEqualTo("{\"data\":\"webhook data\"}");
            assertThat(failure.failedAt()).isEqualTo(Instant.ofEpochMilli(1573118132000L));
        });
        assertThat(DynamicWebhooks.nextFailedAfter(page)).isEqualTo(1573540473480L);
        assertThat(DynamicWebhooks.nextFailedAfter(Map.of("values", List.of()))).isNull();
    }

    @Test
    void theAppsWebhookListTellsOursByUrlFilterAndEvents() {
        Map<String, Object> page = Json.readMap("""
                {"isLast":true,"maxResults":100,"startAt":0,"total":3,"values":[
                 {"id":10000,"url":"https://bridge.example.com/webhooks/jira/acme","jqlFilter":"project = \\"OPS\\"",
                  "events":["jira:issue_created","jira:issue_updated","jira:issue_deleted","comment_created",
                            "comment_updated","comment_deleted"],"expirationDate":1780000000000},
                 {"id":10001,"url":"https://bridge.example.com/webhooks/jira/acme","jqlFilter":"project = \\"OLD\\"",
                  "events":["jira:issue_updated"],"expirationDate":"2019-06-01T12:42:30.000+0000"},
                 {"id":10002,"url":"https://bridge.example.com/webhooks/jira/other","jqlFilter":"project = \\"OPS\\"",
                  "events":["jira:issue_updated"],"expirationDate":1780000000000}]}
                """);

        List<DynamicWebhooks.Registered> registered = DynamicWebhooks.registered(page);
        assertThat(DynamicWebhooks.ours(registered, "https://bridge.example.com/webhooks/jira/acme", "OPS"))
                .hasValueSatisfying(w -> assertThat(w.id()).isEqualTo(10000L));
        assertThat(DynamicWebhooks.ours(registered, "https://bridge.example.com/webhooks/jira/acme", "OLD")).isEmpty();
        // the schema says epoch milliseconds, Atlassian's examples show a date: both are read
        assertThat(registered.get(1).expiresAt()).isEqualTo(Instant.parse("2019-06-01T12:42:30Z"));
        assertThat(registered.get(0).expiresAt()).isEqualTo(Instant.ofEpochMilli(1780000000000L));
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
