package org.jirabridge.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.store.Json;

/**
 * The HTTP adapter of /api/v1/integrations/{id}/ingestion (docs/ingest.md), and its JSON shapes: path and query
 * parameters and the request bodies in, {@link IngestApi}'s records out with their status. The bodyless operations
 * are bound (the REST DSL's binding writes the records); the two PUTs read their body here with the API's own checks
 * and write their answer themselves. Bound as {@code ingestionResource}.
 */
public final class IngestionResource {

    private static final Set<String> SETTINGS_FIELDS = Set.of("enabled", "autoImportAll", "paused", "statusCategories");
    // read-only fields a client may send back unchanged from a GET
    private static final Set<String> READ_ONLY = Set.of("state", "lastRunAt", "timezone", "running");
    private static final Set<String> CATEGORIES = Set.of("new", "indeterminate", "done");

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
        IngestionSettingsChange change = settingsChange(body(exchange, "ingestion settings"));
        ApiResponses.json(exchange, 200, ingestion.change(id, change));
    }

    /** GET …/projects */
    public void projects(Exchange exchange) {
        ApiResponses.bound(exchange, 200, ingestion.projects(path(exchange, "id")));
    }

    /** PUT …/projects/{key}: {"import": true|false}, the only field. */
    public void projectPut(Exchange exchange) {
        String id = ingestion.integration(path(exchange, "id"));
        Map<String, Object> body = body(exchange, "project switch");
        if (!(body.get("import") instanceof Boolean importOn) || body.size() != 1) {
            throw new ApiException(400, "invalid_request", "send {\"import\": true} or {\"import\": false}",
                    List.of(ApiException.fieldProblem("import", "must be true or false, and the only field")));
        }
        ApiResponses.json(exchange, 200, ingestion.switchProject(id, path(exchange, "key"), importOn));
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

    private static Map<String, Object> body(Exchange exchange, String what) {
        String text = ApiResponses.jsonBody(exchange, what);
        try {
            Map<String, Object> body = Json.readMap(text);
            if (body == null) {
                throw new IllegalArgumentException("empty");
            }
            return body;
        } catch (RuntimeException e) {
            throw new ApiException(400, "invalid_json", "the " + what + " must be a JSON object");
        }
    }

    /** The settings body as a change: every unknown field and every bad value named in one 400. */
    private static IngestionSettingsChange settingsChange(Map<String, Object> body) {
        List<Map<String, Object>> problems = new ArrayList<>();
        for (String field : body.keySet()) {
            if (!SETTINGS_FIELDS.contains(field) && !READ_ONLY.contains(field)) {
                problems.add(ApiException.fieldProblem(field, "unknown field"));
            }
        }
        Boolean enabled = flag(body, "enabled", problems);
        Boolean autoImportAll = flag(body, "autoImportAll", problems);
        Boolean paused = flag(body, "paused", problems);
        Map<String, String> categories = null;
        if (body.containsKey("statusCategories")) {
            Object value = body.get("statusCategories");
            if (value instanceof Map<?, ?> map
                    && map.values().stream().allMatch(v -> v instanceof String s && CATEGORIES.contains(s))) {
                categories = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    categories.put((String) entry.getKey(), (String) entry.getValue());
                }
            } else {
                problems.add(ApiException.fieldProblem("statusCategories",
                        "an object of status name (or id) to new, indeterminate or done"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_request", "the ingestion settings are not valid", problems);
        }
        return new IngestionSettingsChange(enabled, autoImportAll, paused, categories);
    }

    /** A switch of the body: absent is null, anything but a boolean a problem. */
    private static Boolean flag(Map<String, Object> body, String field, List<Map<String, Object>> problems) {
        if (!body.containsKey(field)) {
            return null;
        }
        if (body.get(field) instanceof Boolean value) {
            return value;
        }
        problems.add(ApiException.fieldProblem(field, "must be true or false"));
        return null;
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
