package org.jirabridge.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jirabridge.store.WebhookEventRepository.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored webhook deliveries: once per delivery id, one applier at a time, nothing lost when an applier dies. */
class WebhookEventRepositoryTest {

    private Database database;
    private WebhookEventRepository events;

    @BeforeEach
    void open() {
        database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        events = new WebhookEventRepository(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aDeliveryIdIsStoredOncePerIntegration() {
        assertThat(events.store("a", "d1", "jira:issue_updated", "{}")).isTrue();
        assertThat(events.store("a", "d1", "jira:issue_updated", "{}")).isFalse();
        assertThat(events.store("b", "d1", "jira:issue_updated", "{}")).isTrue();
        assertThat(events.recent(null, 10)).hasSize(2);
    }

    @Test
    void aClaimedDeliveryIsNotClaimedAgainUntilItsLeaseRunsOut() {
        events.store("a", "d1", "comment_created", "{}");

        List<WebhookEvent> first = events.claim(10, Duration.ofMinutes(1));
        List<WebhookEvent> whileLeased = events.claim(10, Duration.ofMinutes(1));

        assertThat(first).singleElement().satisfies(e -> assertThat(e.deliveryId()).isEqualTo("d1"));
        assertThat(whileLeased).isEmpty();
    }

    @Test
    void aDeliveryWhoseApplierDiedIsClaimedAgainAndAFinishedOneNever() {
        events.store("a", "d1", "comment_created", "{}");
        events.store("a", "d2", "comment_created", "{}");
        List<WebhookEvent> claimed = events.claim(10, Duration.ZERO);
        events.finish(claimed.get(1).id(), "APPLIED", "done");

        List<WebhookEvent> again = events.claim(10, Duration.ofMinutes(1));

        assertThat(again).singleElement().satisfies(e -> {
            assertThat(e.deliveryId()).isEqualTo("d1");
            assertThat(e.attempts()).isEqualTo(2);
        });
    }

    @Test
    void aDeliveryToRetryWaitsForItsTimeAndOldFinishedOnesAreForgotten() {
        events.store("a", "d1", "comment_created", "{}");
        long id = events.claim(10, Duration.ofMinutes(1)).get(0).id();

        events.retryLater(id, Duration.ofMinutes(5), "database busy");

        assertThat(events.claim(10, Duration.ofMinutes(1))).isEmpty();
        assertThat(events.recent("a", 1).get(0).outcome()).isEqualTo("database busy");
        events.finish(id, "FAILED", "gave up");
        assertThat(events.prune(Duration.ofDays(1))).isZero();
        assertThat(events.prune(Duration.ofMillis(-1000))).isEqualTo(1);
        assertThat(events.store("a", "d1", "comment_created", "{}")).as("forgotten ids count as new").isTrue();
    }
}
