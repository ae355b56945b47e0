package org.jirabridge.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.jirabridge.api.ApiException;
import org.jirabridge.ingest.IngestRepository.ProjectRow;
import org.jirabridge.ingest.IngestRepository.Settings;
import org.jirabridge.ingest.IngestionResource.FlowMetricsView;
import org.jirabridge.ingest.IngestionResource.IngestedIssue;
import org.jirabridge.ingest.IngestionResource.IngestedProject;
import org.jirabridge.ingest.IngestionResource.IngestionSettings;
import org.jirabridge.ingest.IngestionResource.IngestionSettingsChange;
import org.jirabridge.ingest.IngestionResource.IssueCounts;
import org.jirabridge.ingest.IngestionResource.IssuePage;
import org.jirabridge.ingest.IngestionResource.IssueQuery;
import org.jirabridge.ingest.IngestionResource.Label;
import org.jirabridge.ingest.IngestionResource.Progress;
import org.jirabridge.ingest.IngestionResource.ProjectSwitch;
import org.jirabridge.ingest.IngestionResource.Refreshing;
import org.jirabridge.ingest.IngestionResource.Sprint;
import org.jirabridge.ingest.IngestionResource.Status;
import org.jirabridge.ingest.IngestionResource.User;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Json;

/**
 * The ingestion API's domain (/api/v1/integrations/{id}/ingestion, routes/ingest.camel.yaml; its adapter is
 * {@link IngestionResource}): settings, projects and their switches, refresh, and reads of the imported data. Takes
 * parameters and records and returns records, and reads the two request bodies into their records
 * ({@link #readSettings}, {@link #readSwitch}); an unknown integration, project or issue and bad input are
 * {@link ApiException}s. Called by its adapter {@link IngestionResource}.
 */
public final class IngestApi {

    private static final Set<String> SETTINGS_FIELDS = Set.of("enabled", "autoImportAll", "paused", "statusCategories");
    // read-only fields a client may send back unchanged from a GET
    private static final Set<String> READ_ONLY = Set.of("state", "lastRunAt", "timezone", "running");
    private static final Set<String> CATEGORIES = Set.of("new", "indeterminate", "done");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final IngestRepository store;
    private final IngestReads reads;
    private final Integrations integrations;
    private final IngestProgress progress;
    private final IngestRun run;
    private final Consumer<String> trigger;

    /** @param trigger starts a run of the integration now (asynchronously) */
    public IngestApi(IngestRepository store, IngestReads reads, Integrations integrations, IngestProgress progress,
                     IngestRun run, Consumer<String> trigger) {
        this.store = store;
        this.reads = reads;
        this.integrations = integrations;
        this.progress = progress;
        this.run = run;
        this.trigger = trigger;
    }

    /** The id of an integration that exists; a 404 otherwise. */
    public String integration(String id) {
        if (id == null || integrations.find(id).isEmpty()) {
            throw ApiException.notFound("integration", id);
        }
        return id;
    }

    // ---- settings

    public IngestionSettings settings(String integrationId) {
        return view(store.settings(integration(integrationId)));
    }

    private IngestionSettings view(Settings settings) {
        return new IngestionSettings(settings.enabled(), settings.autoImportAll(), settings.paused(),
                settings.statusCategories() == null ? Map.of() : Json.readMap(settings.statusCategories()),
                run.isRunning(settings.integrationId()) && settings.enabled() && !settings.paused()
                        ? "importing" : settings.state(),
                format(settings.lastRunAt(), zone(settings)), zone(settings).getId());
    }

    private static ZoneId zone(Settings settings) {
        try {
            return ZoneId.of(settings.timeZone() == null ? "UTC" : settings.timeZone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** A time in the Jira user's time zone, with its offset. */
    private static String format(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime().toString();
    }

    /** A body as a JSON object (no body: an empty one); anything else is a 400 naming {@code what} was expected. */
    private static Map<String, Object> object(String text, String what) {
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

    /** Reads PUT …/ingestion's body as a change: every unknown field and every bad value named in one 400. */
    public IngestionSettingsChange readSettings(String text) {
        Map<String, Object> body = object(text, "ingestion settings");
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

    /** Reads PUT …/projects/{key}'s body: {"import": true|false}, the only field. */
    public ProjectSwitch readSwitch(String text) {
        Map<String, Object> body = object(text, "project switch");
        if (!(body.get("import") instanceof Boolean importOn) || body.size() != 1) {
            throw new ApiException(400, "invalid_request", "send {\"import\": true} or {\"import\": false}",
                    List.of(ApiException.fieldProblem("import", "must be true or false, and the only field")));
        }
        return new ProjectSwitch(importOn);
    }

    /** Saves the switches (what the change leaves null keeps its value) and starts a run when ingestion is on. */
    public IngestionSettings change(String integrationId, IngestionSettingsChange change) {
        String id = integration(integrationId);
        Settings before = store.settings(id);
        String categories = before.statusCategories();
        if (change.statusCategories() != null) {
            categories = change.statusCategories().isEmpty() ? null : Json.write(change.statusCategories());
        }
        Settings saved = store.save(new Settings(id, or(change.enabled(), before.enabled()),
                or(change.autoImportAll(), before.autoImportAll()), or(change.paused(), before.paused()), categories,
                null, null, null));
        if (saved.enabled() && !saved.paused()) {
            trigger.accept(id);
        }
        return view(saved);
    }

    private static boolean or(Boolean value, boolean current) {
        return value == null ? current : value;
    }

    // ---- projects

    public List<IngestedProject> projects(String integrationId) {
        String id = integration(integrationId);
        Settings settings = store.settings(id);
        Map<String, Long> imported = store.importedCounts(id);
        List<IngestedProject> list = new ArrayList<>();
        for (ProjectRow p : store.projects(id)) {
            list.add(projectView(id, settings, p, imported.getOrDefault(p.key(), 0L)));
        }
        return list;
    }

    private IngestedProject projectView(String id, Settings settings, ProjectRow p, long imported) {
        boolean importOn = p.processable() && (p.importOn() != null ? p.importOn() : settings.autoImportAll());
        String state = !p.processable() ? "not_processable" : p.goneFromJira() ? "gone_from_jira"
                : !importOn ? "off" : settings.paused() ? "paused" : p.state();
        long total = p.total() == null ? imported : Math.max(p.total(), 0);
        double rate = progress.rate(id, p.key());
        Progress progressView = new Progress(
                total == 0 ? (importOn ? 100.0 : 0.0) : Math.min(100.0, Math.round(1000.0 * imported / total) / 10.0),
                Math.round(rate * 10) / 10.0, IngestProgress.eta(imported, total, rate));
        return new IngestedProject(p.key(), p.name(), p.type(), p.leadId(), p.processable(), importOn, state,
                new IssueCounts(imported, total), progressView, format(p.lastUpdated(), zone(settings)), p.error());
    }

    /**
     * Switches a project's import on or off and starts a run when it is switched on; 404 for a project not (yet)
     * listed, 400 for switching a Service Management project on.
     */
    public IngestedProject switchProject(String integrationId, String key, boolean importOn) {
        String id = integration(integrationId);
        ProjectRow project = store.project(id, key).orElseThrow(() -> new ApiException(404, "not_found",
                "no project " + key + " is known for integration " + id + "; POST …/ingestion/refresh reads Jira's list again"));
        if (!project.processable() && importOn) {
            throw new ApiException(400, "not_processable", "project " + key + " is a " + project.type()
                    + " project: Service Management projects are listed but not imported");
        }
        store.switchProject(id, key, importOn);
        Settings settings = store.settings(id);
        if (importOn && settings.enabled() && !settings.paused()) {
            trigger.accept(id);
        }
        ProjectRow saved = store.project(id, key).orElseThrow();
        return projectView(id, settings, saved, store.importedCounts(id).getOrDefault(key, 0L));
    }

    /** Re-reads Jira's projects (finding new ones) and imports what changed, now; 409 when off or paused. */
    public Refreshing refresh(String integrationId) {
        String id = integration(integrationId);
        Settings settings = store.settings(id);
        if (!settings.enabled()) {
            throw new ApiException(409, "ingestion_off", "ingestion is off for integration " + id
                    + "; PUT …/ingestion {\"enabled\": true} first");
        }
        if (settings.paused()) {
            throw new ApiException(409, "ingestion_paused", "ingestion is paused for integration " + id);
        }
        // a refresh reads everything again, the reference data too (a changed time zone, new statuses or users)
        run.forgetSite(id);
        trigger.accept(id);
        return new Refreshing("refreshing");
    }

    // ---- the imported data

    /** One page of issues in updated order; 400 naming the parameter for a bad limit, time or cursor. */
    public IssuePage issues(String integrationId, IssueQuery query) {
        String id = integration(integrationId);
        int limit = DEFAULT_LIMIT;
        if (query.limit() != null) {
            try {
                limit = Integer.parseInt(query.limit());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ApiException(400, "invalid_request", "limit must be 1 to " + MAX_LIMIT,
                        List.of(ApiException.fieldProblem("limit", "1 to " + MAX_LIMIT)));
            }
        }
        Instant since = instant("updatedSince", query.updatedSince());
        Instant afterUpdated = null;
        String afterId = null;
        if (query.cursor() != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(query.cursor()), StandardCharsets.UTF_8)
                        .split("\\|", 2);
                afterUpdated = Instant.parse(parts[0]);
                afterId = parts[1];
            } catch (RuntimeException e) {
                throw new ApiException(400, "invalid_request", "cursor is not one this API gave out",
                        List.of(ApiException.fieldProblem("cursor", "use nextCursor of the previous page")));
            }
        }
        List<IngestedIssue> issues = reads.issues(id, query.project(), since, afterUpdated, afterId, limit);
        String next = null;
        if (issues.size() > limit) {
            issues = issues.subList(0, limit);
            IngestedIssue last = issues.get(limit - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString((last.updated() + "|" + last.id())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return new IssuePage(issues, next);
    }

    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                throw new ApiException(400, "invalid_request", name + " must be an ISO-8601 time such as 2026-11-20T10:00:00Z",
                        List.of(ApiException.fieldProblem(name, "ISO-8601 time")));
            }
        }
    }

    /** An imported issue with its comments and changelog; 404 when none has the key. */
    public IngestedIssue issue(String integrationId, String key) {
        return reads.issue(integration(integrationId), key)
                .orElseThrow(() -> new ApiException(404, "not_found", "no imported issue " + key));
    }

    public List<User> users(String integrationId) {
        return reads.users(integration(integrationId));
    }

    public List<Status> statuses(String integrationId) {
        return reads.statuses(integration(integrationId));
    }

    public List<Label> labels(String integrationId) {
        return reads.labels(integration(integrationId));
    }

    public List<Sprint> sprints(String integrationId) {
        return reads.sprints(integration(integrationId));
    }

    /** Lead time, cycle time and weekly throughput of one project, with the status categories in force. */
    public FlowMetricsView metrics(String integrationId, String project) {
        String id = integration(integrationId);
        if (project == null) {
            throw new ApiException(400, "invalid_request", "project is required",
                    List.of(ApiException.fieldProblem("project", "a project key")));
        }
        Settings settings = store.settings(id);
        Map<String, Object> overrides = settings.statusCategories() == null ? Map.of() : Json.readMap(settings.statusCategories());
        List<Status> statuses = reads.statuses(id);
        Map<String, String> categories = new LinkedHashMap<>();
        for (Status status : statuses) {
            categories.put(status.id(), status.category());
            categories.put("name:" + status.name(), status.category());
        }
        BiFunction<String, String, String> category = (statusId, name) -> {
            Object override = overrides.containsKey(name) ? overrides.get(name) : overrides.get(statusId);
            if (override != null) {
                return (String) override;
            }
            String known = categories.get(statusId);
            return known != null ? known : categories.get("name:" + name);
        };
        Map<String, Object> computed = FlowMetrics.compute(reads.issueTimes(id, project),
                reads.statusChanges(id, project), category);
        Map<String, String> effective = new LinkedHashMap<>();
        statuses.forEach(s -> effective.put(s.name(), category.apply(s.id(), s.name())));
        return new FlowMetricsView(project, summary(computed, "leadTimeHours"), summary(computed, "cycleTimeHours"),
                throughput(computed), effective);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(Map<String, Object> computed, String name) {
        return (Map<String, Object>) computed.get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> throughput(Map<String, Object> computed) {
        return (List<Map<String, Object>>) computed.get("weeklyThroughput");
    }
}
