package org.jirabridge.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlowMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    private static String category(String id, String name) {
        return switch (name) {
            case "In Progress", "In Review" -> "indeterminate";
            case "Done" -> "done";
            default -> "new";
        };
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertThat(FlowMetrics.percentile(values, 0.5)).isEqualTo(3.0);
        assertThat(FlowMetrics.percentile(values, 0.85)).isEqualTo(5.0);
        assertThat(FlowMetrics.percentile(List.of(), 0.5)).isNull();
    }

    @Test
    void cycleTimeRunsFromTheFirstInProgressToTheFirstDoneAfterIt() {
        List<FlowMetrics.IssueTimes> issues = List.of(
                new FlowMetrics.IssueTimes("1", T0, T0.plus(Duration.ofHours(30))),
                new FlowMetrics.IssueTimes("2", T0, null),
                new FlowMetrics.IssueTimes("3", T0, T0.plus(Duration.ofHours(10))));
        List<FlowMetrics.StatusChange> changes = new ArrayList<>(List.of(
                // done before it started counts nothing; the cycle is 4 h -> 24 h
                new FlowMetrics.StatusChange("1", T0.plus(Duration.ofHours(2)), "10001", "Done"),
                new FlowMetrics.StatusChange("1", T0.plus(Duration.ofHours(4)), "3", "In Progress"),
                new FlowMetrics.StatusChange("1", T0.plus(Duration.ofHours(6)), "4", "In Review"),
                new FlowMetrics.StatusChange("1", T0.plus(Duration.ofHours(24)), "10001", "Done"),
                new FlowMetrics.StatusChange("2", T0.plus(Duration.ofHours(1)), "3", "In Progress"),
                // never in progress: no cycle time, but a lead time
                new FlowMetrics.StatusChange("3", T0.plus(Duration.ofHours(10)), "10001", "Done")));

        Map<String, Object> metrics = FlowMetrics.compute(issues, changes, FlowMetricsTest::category);

        assertThat(metrics.get("cycleTimeHours")).isEqualTo(Map.of("count", 1, "p50", 20.0, "p85", 20.0));
        assertThat(metrics.get("leadTimeHours")).isEqualTo(Map.of("count", 2, "p50", 10.0, "p85", 30.0));
        assertThat(metrics.get("weeklyThroughput")).isEqualTo(List.of(Map.of("week", "2026-W45", "resolved", 2)));
    }
}
