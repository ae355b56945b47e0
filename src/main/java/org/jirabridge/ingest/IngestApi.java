package org.jirabridge.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.jirabridge.api.ApiException;
import org.jirabridge.api.ApiResponses;
import org.jirabridge.ingest.IngestRepository.ProjectRow;
import org.jirabridge.ingest.IngestRepository.Settings;
import org.jirabridge.integration.Integrations;
import org.jirabridge.store.Json;

/**
 * The ingestion API under /api/v1/integrations/{id}/ingestion (routes/ingest.camel.yaml): settings, projects and
 * their switches, refresh, and reads of the imported data. Bound as bean {@code ingestionApi}.
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

    private String integration(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || integrations.find(id).isEmpty()) {
            throw ApiException.notFound("integration", id);
        }
        return id;
    }

    private static String header(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }

    // ---- settings

    public void getHttp(Exchange exchange) {
        ApiResponses.json(exchange, 200, view(store.settings(integration(exchange))));
    }

    private Map<String, Object> view(Settings settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", settings.enabled());
        body.put("autoImportAll", settings.autoImportAll());
        body.put("paused", settings.paused());
        body.put("statusCategories", settings.statusCategories() == null ? Map.of() : Json.readMap(settings.statusCategories()));
        body.put("state", run.isRunning(settings.integrationId()) && settings.enabled() && !settings.paused()
                ? "importing" : settings.state());
        body.put("lastRunAt", format(settings.lastRunAt(), zone(settings)));
        body.put("timezone", zone(settings).getId());
        return body;
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

    public void putHttp(Exchange exchange) {
        String id = integration(exchange);
        Map<String, Object> body = body(exchange, "ingestion settings");
        List<Map<String, Object>> problems = new ArrayList<>();
        for (String field : body.keySet()) {
            if (!SETTINGS_FIELDS.contains(field) && !READ_ONLY.contains(field)) {
                problems.add(ApiException.fieldProblem(field, "unknown field"));
            }
        }
        Settings before = store.settings(id);
        boolean enabled = flag(body, "enabled", before.enabled(), problems);
        boolean autoImportAll = flag(body, "autoImportAll", before.autoImportAll(), problems);
        boolean paused = flag(body, "paused", before.paused(), problems);
        String categories = before.statusCategories();
        if (body.containsKey("statusCategories")) {
            Object value = body.get("statusCategories");
            if (value instanceof Map<?, ?> map && map.values().stream().allMatch(v -> v instanceof String s && CATEGORIES.contains(s))) {
                categories = map.isEmpty() ? null : Json.write(map);
            } else {
                problems.add(ApiException.fieldProblem("statusCategories",
                        "an object of status name (or id) to new, indeterminate or done"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_request", "the ingestion settings are not valid", problems);
        }
        Settings saved = store.save(new Settings(id, enabled, autoImportAll, paused, categories, null, null, null));
        if (saved.enabled() && !saved.paused()) {
            trigger.accept(id);
        }
        ApiResponses.json(exchange, 200, view(saved));
    }

    private static boolean flag(Map<String, Object> body, String field, boolean current, List<Map<String, Object>> problems) {
        if (!body.containsKey(field)) {
            return current;
        }
        if (body.get(field) instanceof Boolean value) {
            return value;
        }
        problems.add(ApiException.fieldProblem(field, "must be true or false"));
        return current;
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

    // ---- projects

    public void projectsHttp(Exchange exchange) {
        String id = integration(exchange);
        Settings settings = store.settings(id);
        Map<String, Long> imported = store.importedCounts(id);
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProjectRow p : store.projects(id)) {
            list.add(projectView(id, settings, p, imported.getOrDefault(p.key(), 0L)));
        }
        ApiResponses.json(exchange, 200, list);
    }

    private Map<String, Object> projectView(String id, Settings settings, ProjectRow p, long imported) {
        boolean importOn = p.processable() && (p.importOn() != null ? p.importOn() : settings.autoImportAll());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key", p.key());
        view.put("name", p.name());
        view.put("type", p.type());
        view.put("lead", p.leadId());
        view.put("processable", p.processable());
        view.put("import", importOn);
        String state = !p.processable() ? "not_processable" : p.goneFromJira() ? "gone_from_jira"
                : !importOn ? "off" : settings.paused() ? "paused" : p.state();
        view.put("state", state);
        long total = p.total() == null ? imported : Math.max(p.total(), 0);
        view.put("issues", Map.of("imported", imported, "total", total));
        double rate = progress.rate(id, p.key());
        Map<String, Object> progressView = new LinkedHashMap<>();
        progressView.put("percent", total == 0 ? (importOn ? 100.0 : 0.0) : Math.min(100.0, Math.round(1000.0 * imported / total) / 10.0));
        progressView.put("rate", Math.round(rate * 10) / 10.0);
        progressView.put("etaSeconds", IngestProgress.eta(imported, total, rate));
        view.put("progress", progressView);
        view.put("lastUpdated", format(p.lastUpdated(), zone(settings)));
        view.put("error", p.error());
        return view;
    }

    public void projectPutHttp(Exchange exchange) {
        String id = integration(exchange);
        String key = exchange.getMessage().getHeader("key", String.class);
        Map<String, Object> body = body(exchange, "project switch");
        if (!(body.get("import") instanceof Boolean importOn) || body.size() != 1) {
            throw new ApiException(400, "invalid_request", "send {\"import\": true} or {\"import\": false}",
                    List.of(ApiException.fieldProblem("import", "must be true or false, and the only field")));
        }
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
        ApiResponses.json(exchange, 200, projectView(id, settings, saved, store.importedCounts(id).getOrDefault(key, 0L)));
    }

    /** Re-reads Jira's projects (finding new ones) and imports what changed, now. */
    public void refreshHttp(Exchange exchange) {
        String id = integration(exchange);
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
        ApiResponses.json(exchange, 202, Map.of("state", "refreshing"));
    }

    // ---- the imported data

    public void issuesHttp(Exchange exchange) {
        String id = integration(exchange);
        int limit = DEFAULT_LIMIT;
        String limitText = header(exchange, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ApiException(400, "invalid_request", "limit must be 1 to " + MAX_LIMIT,
                        List.of(ApiException.fieldProblem("limit", "1 to " + MAX_LIMIT)));
            }
        }
        Instant since = instantParam(exchange, "updatedSince");
        Instant afterUpdated = null;
        String afterId = null;
        String cursor = header(exchange, "cursor");
        if (cursor != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                afterUpdated = Instant.parse(parts[0]);
                afterId = parts[1];
            } catch (RuntimeException e) {
                throw new ApiException(400, "invalid_request", "cursor is not one this API gave out",
                        List.of(ApiException.fieldProblem("cursor", "use nextCursor of the previous page")));
            }
        }
        List<Map<String, Object>> issues = reads.issues(id, header(exchange, "project"), since, afterUpdated, afterId, limit);
        String next = null;
        if (issues.size() > limit) {
            issues = issues.subList(0, limit);
            Map<String, Object> last = issues.get(limit - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString((last.get("updated") + "|" + last.get("id"))
                    .getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issues", issues);
        body.put("nextCursor", next);
        ApiResponses.json(exchange, 200, body);
    }

    private static Instant instantParam(Exchange exchange, String name) {
        String text = header(exchange, name);
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                throw new ApiException(400, "invalid_request", name + " must be an ISO-8601 time such as 2026-11-20T10:00:00Z",
                        List.of(ApiException.fieldProblem(name, "ISO-8601 time")));
            }
        }
    }

    public void issueHttp(Exchange exchange) {
        String id = integration(exchange);
        String key = exchange.getMessage().getHeader("key", String.class);
        ApiResponses.json(exchange, 200, reads.issue(id, key)
                .orElseThrow(() -> new ApiException(404, "not_found", "no imported issue " + key)));
    }

    public void usersHttp(Exchange exchange) {
        ApiResponses.json(exchange, 200, reads.users(integration(exchange)));
    }

    public void statusesHttp(Exchange exchange) {
        ApiResponses.json(exchange, 200, reads.statuses(integration(exchange)));
    }

    public void labelsHttp(Exchange exchange) {
        ApiResponses.json(exchange, 200, reads.labels(integration(exchange)));
    }

    public void sprintsHttp(Exchange exchange) {
        ApiResponses.json(exchange, 200, reads.sprints(integration(exchange)));
    }

    /** Lead time, cycle time and weekly throughput of one project, with the status categories in force. */
    public void metricsHttp(Exchange exchange) {
        String id = integration(exchange);
        String project = header(exchange, "project");
        if (project == null) {
            throw new ApiException(400, "invalid_request", "project is required",
                    List.of(ApiException.fieldProblem("project", "a project key")));
        }
        Settings settings = store.settings(id);
        Map<String, Object> overrides = settings.statusCategories() == null ? Map.of() : Json.readMap(settings.statusCategories());
        Map<String, String> categories = new LinkedHashMap<>();
        for (Map<String, Object> status : reads.statuses(id)) {
            categories.put((String) status.get("id"), (String) status.get("category"));
            categories.put("name:" + status.get("name"), (String) status.get("category"));
        }
        java.util.function.BiFunction<String, String, String> category = (statusId, name) -> {
            Object override = overrides.containsKey(name) ? overrides.get(name) : overrides.get(statusId);
            if (override != null) {
                return (String) override;
            }
            String known = categories.get(statusId);
            return known != null ? known : categories.get("name:" + name);
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.putAll(FlowMetrics.compute(reads.issueTimes(id, project), reads.statusChanges(id, project), category));
        Map<String, String> effective = new LinkedHashMap<>();
        reads.statuses(id).forEach(s -> effective.put((String) s.get("name"),
                category.apply((String) s.get("id"), (String) s.get("name"))));
        body.put("statusCategories", effective);
        ApiResponses.json(exchange, 200, body);
    }
}
