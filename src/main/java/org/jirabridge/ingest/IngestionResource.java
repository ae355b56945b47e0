package org.jirabridge.ingest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiResponses;

/**
 * The HTTP adapter of /api/v1/integrations/{id}/ingestion (docs/ingest.md), and its JSON shapes: path and query
 * parameters and the request bodies in, {@link IngestApi}'s records out with their status. The bodyless operations
 * are bound (the REST DSL's binding writes the records); the two PUTs take their body as {@link ApiResponses#jsonBody}
 * checked it, have the domain's reader make it a record, and write their answer themselves. Bound as
 * {@code ingestionResource}.
 */
public final class IngestionResource {

    private final IngestApi ingestion;

    public IngestionResource(IngestApi ingestion) {
        this.ingestion = ingestion;
    }

    /** GET …/ingestion */
    public void get(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.settings(path(exchange, "id")));
    }

    /** PUT …/ingestion: the switches to change (an unknown integration is a 404 before the body is looked at). */
    public void put(Exchange exchange) {
        String id = ingestion.integration(path(exchange, "id"));
        IngestionSettingsChange change = ingestion.readSettings(ApiResponses.jsonBody(exchange, "ingestion settings"));
        ApiResponses.json(exchange, 200, ingestion.change(id, change));
    }

    /** GET …/projects */
    public void projects(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.projects(path(exchange, "id")));
    }

    /** PUT …/projects/{key}: {"import": true|false}, the only field. */
    public void projectPut(Exchange exchange) {
        String id = ingestion.integration(path(exchange, "id"));
        ProjectSwitch change = ingestion.readSwitch(ApiResponses.jsonBody(exchange, "project switch"));
        ApiResponses.json(exchange, 200, ingestion.switchProject(id, path(exchange, "key"), change.importOn()));
    }

    /** POST …/refresh */
    public void refresh(Exchange exchange) {
        ApiResponses.bound(exchange, 202, ingestion.refresh(path(exchange, "id")));
    }

    /** GET …/issues[?project=&updatedSince=&limit=&cursor=] */
    public void issues(Exchange exchange) {
        IssueQuery query = new IssueQuery(query(exchange, "project"), query(exchange, "updatedSince"),
                query(exchange, "limit"), query(exchange, "cursor"));
        ApiResponses.bound(exchange, 200, ingestion.issues(path(exchange, "id"), query));
    }

    /** GET …/issues/{key} */
    public void issue(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.issue(path(exchange, "id"), path(exchange, "key")));
    }

    /** GET …/users */
    public void users(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.users(path(exchange, "id")));
    }

    /** GET …/statuses */
    public void statuses(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.statuses(path(exchange, "id")));
    }

    /** GET …/labels */
    public void labels(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.labels(path(exchange, "id")));
    }

    /** GET …/sprints */
    public void sprints(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.sprints(path(exchange, "id")));
    }

    /** GET …/metrics?project= */
    public void metrics(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.metrics(path(exchange, "id"), query(exchange, "project")));
    }

    private static String path(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    /** A query parameter, trimmed; blank is absent. */
    private static String query(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** PUT: the switches to change; fields left out (null) keep their values, an empty statusCategories clears it. */
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

    /**
     * GET …/issues: the query parameters as sent (trimmed; null when absent), checked by {@link IngestApi#issues}:
     * a project key, an ISO-8601 time, 1 to 1000, the nextCursor of the previous page.
     */
    public record IssueQuery(String project, String updatedSince, String limit, String cursor) {
    }

    /** An imported issue; only the detail (GET …/issues/{key}) has comments and changelog. */
    public record IngestedIssue(String id, String key, String project, String type, String summary,
                                String description, String status, String statusCategory, String priority,
                                String assignee, String reporter, String created, String updated, String resolved,
                                String resolution, String parent, String deletedAt, List<String> labels,
                                List<Long> sprints,
                                @JsonInclude(JsonInclude.Include.NON_NULL) List<Comment> comments,
                                @JsonInclude(JsonInclude.Include.NON_NULL) List<Change> changelog) {

        /** The issue with its comments and changelog, as its detail shows it. */
        public IngestedIssue withDetail(List<Comment> comments, List<Change> changelog) {
            return new IngestedIssue(id, key, project, type, summary, description, status, statusCategory, priority,
                    assignee, reporter, created, updated, resolved, resolution, parent, deletedAt, labels, sprints,
                    comments, changelog);
        }
    }

    /** A comment of an issue (body in Markdown). */
    public record Comment(String id, String author, String body, String created, String updated) {
    }

    /** One changed field of a changelog history. */
    public record Change(String id, String author, String created, String field, String fieldId, String from,
                         String fromString, String to, @JsonProperty("toString") String toText) {
    }

    public record IssuePage(List<IngestedIssue> issues, String nextCursor) {
    }

    public record User(String id, String displayName, String email, String timeZone, Boolean active) {
    }

    public record Status(String id, String name, String category) {
    }

    public record Label(String label, long issues) {
    }

    public record Sprint(Long id, Long boardId, String project, String name, String state, String start,
                         String end, String complete, String goal) {
    }

    /** Lead time, cycle time and weekly throughput of one project, with the status categories in force. */
    public record FlowMetricsView(String project, Map<String, Object> leadTimeHours,
                                  Map<String, Object> cycleTimeHours, List<Map<String, Object>> weeklyThroughput,
                                  Map<String, String> statusCategories) {
    }
}
