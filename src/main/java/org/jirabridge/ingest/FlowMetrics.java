package org.jirabridge.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lead time (created to resolved), cycle time (first entry into an in-progress status to the first entry into a done
 * status after it) at p50 and p85, and weekly throughput (issues resolved per ISO week), from imported issues and
 * their status changes. Pure: no I/O.
 */
public final class FlowMetrics {

    /** An issue's times. */
    public record IssueTimes(String issueId, Instant created, Instant resolved) {
    }

    /** One status change: into which status (id and name), when. */
    public record StatusChange(String issueId, Instant at, String toId, String toName) {
    }

    private FlowMetrics() {
    }

    /**
     * @param category the status category key (new, indeterminate, done) of a status id and name, after the
     *                 user's overrides
     */
    public static Map<String, Object> compute(List<IssueTimes> issues, List<StatusChange> changes,
                                              java.util.function.BiFunction<String, String, String> category) {
        List<Double> lead = new ArrayList<>();
        Map<String, List<StatusChange>> byIssue = new LinkedHashMap<>();
        changes.forEach(c -> byIssue.computeIfAbsent(c.issueId(), k -> new ArrayList<>()).add(c));
        List<Double> cycle = new ArrayList<>();
        Map<String, Integer> weekly = new TreeMap<>();
        for (IssueTimes issue : issues) {
            if (issue.resolved() != null && issue.created() != null) {
                lead.add(hours(issue.created(), issue.resolved()));
                var week = issue.resolved().atZone(ZoneOffset.UTC);
                weekly.merge(String.format("%d-W%02d", week.get(IsoFields.WEEK_BASED_YEAR),
                        week.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), 1, Integer::sum);
            }
            Instant started = null;
            for (StatusChange change : byIssue.getOrDefault(issue.issueId(), List.of())) {
                String to = category.apply(change.toId(), change.toName());
                if (started == null && "indeterminate".equals(to)) {
                    started = change.at();
                } else if (started != null && "done".equals(to)) {
                    cycle.add(hours(started, change.at()));
                    break;
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("leadTimeHours", summary(lead));
        result.put("cycleTimeHours", summary(cycle));
        List<Map<String, Object>> throughput = new ArrayList<>();
        weekly.forEach((week, count) -> throughput.add(Map.of("week", week, "resolved", count)));
        result.put("weeklyThroughput", throughput);
        return result;
    }

    private static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toMinutes() / 60.0;
    }

    private static Map<String, Object> summary(List<Double> values) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", values.size());
        summary.put("p50", percentile(values, 0.50));
        summary.put("p85", percentile(values, 0.85));
        return summary;
    }

    /** Nearest-rank percentile; null for no values. */
    static Double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.size());
        return Math.round(sorted.get(Math.max(0, rank - 1)) * 100) / 100.0;
    }
}
