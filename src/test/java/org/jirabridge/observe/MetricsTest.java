package org.jirabridge.observe;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jirabridge.testsupport.PrometheusText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus names and labels of the service's meters, and gauges that cannot be read. */
class MetricsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Metrics metrics = new Metrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countersAreNamedJirabridgeAndTaggedByIntegration() {
        metrics.received("team", "queue");
        metrics.received("team", "queue");
        metrics.retried("team");
        metrics.rateLimited(null, "jira.example.com");

        PrometheusText text = scrape();
        assertThat(text.counter("jirabridge_reports_received_total", Map.of("integration", "team", "channel", "queue")))
                .isEqualTo(2);
        assertThat(text.counter("jirabridge_forward_retries_total", Map.of("integration", "team"))).isEqualTo(1);
        assertThat(text.value("jirabridge_reports_forwarded_total", Map.of("integration", "team")))
                .as("an integration's outcomes start at 0 once it received a report").contains(0.0);
        assertThat(text.counter("jirabridge_jira_rate_limited_total",
                Map.of("integration", "none", "site", "jira.example.com"))).isEqualTo(1);
    }

    @Test
    void pollLagIsSecondsSinceTheLastPollAndGoesAwayWithPolling() {
        metrics.watchPollLag("polled", () -> Optional.of(NOW.minusSeconds(90)));

        assertThat(scrape().value("jirabridge_sync_poll_lag_seconds", Map.of("integration", "polled"))).contains(90.0);
        metrics.unwatchPollLag("polled");
        assertThat(scrape().value("jirabridge_sync_poll_lag_seconds", Map.of("integration", "polled"))).isEmpty();
    }

    @Test
    void aGaugeThatCannotBeReadShowsNaNAndTheScrapeStillWorks() {
        metrics.watchOutbox(() -> {
            throw new IllegalStateException("database down");
        });
        metrics.forwarded("team");

        PrometheusText text = scrape();
        assertThat(text.value("jirabridge_outbox_depth", Map.of())).hasValueSatisfying(v -> assertThat(v).isNaN());
        assertThat(text.counter("jirabridge_reports_forwarded_total", Map.of("integration", "team"))).isEqualTo(1);
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(registry.scrape());
    }
}
