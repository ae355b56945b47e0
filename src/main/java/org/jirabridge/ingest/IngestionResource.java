package org.jirabridge.ingest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON shapes of /api/v1/integrations/{id}/ingestion (docs/ingest.md). */
public final class IngestionResource {

    private IngestionResource() {
    }

    /** PUT: the switches to change; fields left out keep their values. */
    public record IngestionSettingsChange(Boolean enabled, Boolean autoImportAll, Boolean paused,
                                          Map<String, String> statusCategories) {
    }

    /** The integration's ingestion: switches, status category overrides, state, last run in Jira's time zone. */
    public record IngestionSettings(boolean enabled, boolean autoImportAll, boolean paused,
                                    Map<String, Object> statusCategories, String state, String lastRunAt,
                                    String timezone) {
    }

    /** PUT …/projects/{key}: the only field, import on or off. */
    public record ProjectSwitch(@JsonProperty("import") Boolean importOn) {
    }

    public record IssueCounts(long imported, long total) {
    }

    public record Progress(double percent, double rate, Long etaSeconds) {
    }

    /** A Jira project with its import switch, state, counts, progress and ETA. */
    public record IngestedProject(String key, String name, String type, String lead, boolean processable,
                                  @JsonProperty("import") boolean importOn, String state, IssueCounts issues,
                                  Progress progress, String lastUpdated, String error) {
    }

    /** 202: Jira's project list is read again and what changed imported. */
    public record Refreshing(String state) {
    }

    /** An imported issue; the detail adds comments and changelog. */
    public record IngestedIssue(String id, String key, String project, String type, String summary,
                                String description, String status, String statusCategory, String priority,
                                String assignee, String reporter, String created, String updated, String resolved,
                                String resolution, String parent, String deletedAt, List<String> labels,
                                List<Object> sprints, List<Map<String, Object>> comments,
                                List<Map<String, Object>> changelog) {
    }

    public record IssuePage(List<IngestedIssue> issues, String nextCursor) {
    }

    public record User(String id, String displayName, String email, String timeZone, Boolean active) {
    }

    public record Status(String id, String name, String category) {
    }

    public record Label(String label, long issues) {
    }

    public record Sprint(Object id, Object boardId, String project, String name, String state, String start,
                         String end, String complete, String goal) {
    }

    /** Lead time, cycle time and weekly throughput of one project, with the status categories in force. */
    public record FlowMetricsView(String project, Map<String, Object> leadTimeHours,
                                  Map<String, Object> cycleTimeHours, List<Map<String, Object>> weeklyThroughput,
                                  Map<String, String> statusCategories) {
    }
}
