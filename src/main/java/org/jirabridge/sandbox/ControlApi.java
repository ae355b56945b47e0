package org.jirabridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's own API under /_sandbox/: no authentication, no rate limit, not part of Jira.
 *
 * <ul>
 *   <li>{@code POST /_sandbox/reset} → 204: back to the seeded state (also clears faults, rate limit, revocations, stats).</li>
 *   <li>{@code POST /_sandbox/seed} → 200: adds users, projects and issues, and may set the Server version. Body:
 * <pre>{@code
 * {
 *   "serverVersion": "8.20.10",                       // Server only: < 9 serves the old createmeta
 *   "users":    [{"displayName": "Kim", "emailAddress": "kim@example.com",
 *                 "accountId": "…",                   // Cloud; generated when absent
 *                 "name": "kim",                      // Server username (required on Server)
 *                 "password": "…", "apiToken": "…",   // Cloud signs in with email + apiToken
 *                 "personalAccessToken": "…", "active": true}],
 *   "projects": [{"key": "OPS", "name": "Operations"}],
 *   "issues":   [{"project": "DEMO", "issueType": "Bug", "summary": "Crash on start",
 *                 "description": "text or an ADF document", "priority": "High", "labels": ["crash"],
 *                 "status": "In Progress", "assignee": "<accountId|username>", "reporter": "<accountId|username>",
 *                 "created": "2026-11-20T10:00:00.000+0000", "updated": "2026-11-21T10:00:00.000+0000",
 *                 "fields": {"customfield_10010": "2.4.1", "customfield_10011": "Critical",  // options by value
 *                            "components": [{"name": "Login"}]},                       // others in the v2 form
 *                 "properties": {"jira-bridge.report": {"id": "r-1"}},
 *                 "comments": [{"body": "text or ADF", "author": "<accountId|username>", "created": "…"}]}]
 * }
 * }</pre>
 *   Answer: {@code {"users":[ids],"projects":[{"id","key"}],"issues":[{"id","key"}]}}. Entries are applied in order;
 *   a bad entry answers 400 and leaves the entries before it in place.</li>
 *   <li>{@code GET|POST|DELETE /_sandbox/faults}: list, arm ({@code {"path","method","status","count"|"rate","delayMs","drop"}}), clear.</li>
 *   <li>{@code GET|PUT /_sandbox/rate-limit}: {@code {"requestsPerSecond": R}}, 0 = off.</li>
 *   <li>{@code POST /_sandbox/revoke} {@code {"credential": "…"}} → 204: that API token, password or PAT now gets 401.</li>
 *   <li>{@code GET|PUT /_sandbox/attachment-limit}: {@code {"maxBytes": N}}: larger attachment uploads get 413
 *   (default 10485760, Jira Server's default; reset restores it).</li>
 *   <li>{@code GET|DELETE /_sandbox/stats}: {@code {"requests":[{"method","path","status","count"}]}} by path template.</li>
 *   <li>{@code GET /_sandbox/issues}: every issue as stored: {@code {"issues":[{"id","key","summary","fields":{…},
 *   "properties":{…},"comments":[…],"attachments":[…]}]}}.</li>
 *   <li>{@code GET /_sandbox/webhooks}: registered admin webhooks (no secrets), apps' dynamic webhooks with their
 *   expiry, failed deliveries to apps, and the latest deliveries; {@code DELETE /_sandbox/webhooks/deliveries}
 *   clears that log.</li>
 *   <li>{@code POST /_sandbox/webhooks/outage {"failAttempts": N}} → 204: the next N delivery attempts fail as if the
 *   receiver could not be reached (each is retried; a delivery whose every attempt fails becomes a failed delivery).
 *   </li>
 * </ul>
 */
final class ControlApi {

    private final SandboxState state;
    private final FaultInjector faults;
    private final RateLimiter rateLimiter;
    private final RequestStats stats;

    ControlApi(SandboxState state, FaultInjector faults, RateLimiter rateLimiter, RequestStats stats) {
        this.state = state;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.stats = stats;
    }

    /** Answers a /_sandbox/ request; the caller holds the state's monitor. */
    SandboxResponse handle(SandboxRequest request) {
        String route = request.method() + " " + request.path().replaceAll("/+$", "");
        try {
            SandboxResponse seedControl = new SeedControl(state).handle(route, request);
            if (seedControl != null) {
                return seedControl;
            }
            return switch (route) {
                case "POST /_sandbox/reset" -> reset();
                case "POST /_sandbox/seed" -> seed(request.json());
                case "GET /_sandbox/faults" -> SandboxResponse.json(200, faultList());
                case "POST /_sandbox/faults" -> addFault(request.json());
                case "DELETE /_sandbox/faults" -> {
                    faults.clear();
                    yield SandboxResponse.noContent();
                }
                case "GET /_sandbox/rate-limit" -> SandboxResponse.json(200, Json.object().put("requestsPerSecond", rateLimiter.limit()));
                case "PUT /_sandbox/rate-limit" -> rateLimit(request.json());
                case "POST /_sandbox/revoke" -> revoke(request.json());
                case "GET /_sandbox/attachment-limit" -> SandboxResponse.json(200,
                        Json.object().put("maxBytes", state.attachmentMaxBytes()));
                case "PUT /_sandbox/attachment-limit" -> {
                    state.attachmentMaxBytes(request.json().path("maxBytes").asLong(0));
                    yield SandboxResponse.json(200, Json.object().put("maxBytes", state.attachmentMaxBytes()));
                }
                case "GET /_sandbox/stats" -> SandboxResponse.json(200, stats.describe());
                case "DELETE /_sandbox/stats" -> {
                    stats.clear();
                    yield SandboxResponse.noContent();
                }
                case "GET /_sandbox/issues" -> SandboxResponse.json(200, issues());
                case "GET /_sandbox/webhooks" -> SandboxResponse.json(200, webhooks());
                case "DELETE /_sandbox/webhooks/deliveries" -> {
                    state.webhooks().dispatcher().clearLog();
                    yield SandboxResponse.noContent();
                }
                case "POST /_sandbox/webhooks/outage" -> {
                    JsonNode body = request.json();
                    if (!body.path("failAttempts").canConvertToInt() || body.get("failAttempts").asInt() < 0) {
                        throw new IllegalArgumentException("failAttempts must be a non-negative number");
                    }
                    state.webhooks().dispatcher().failNextAttempts(body.get("failAttempts").asInt());
                    yield SandboxResponse.noContent();
                }
                default -> SandboxResponse.errorMessage(404, "No sandbox control endpoint " + route);
            };
        } catch (IllegalArgumentException | java.util.NoSuchElementException | Json.BadJsonException e) {
            return SandboxResponse.errorMessage(400, String.valueOf(e.getMessage()));
        }
    }

    /** Registered webhooks (secrets shown only as whether one is set) and the latest deliveries. */
    private ObjectNode webhooks() {
        ObjectNode body = Json.object();
        ArrayNode registered = body.putArray("webhooks");
        for (SandboxWebhook webhook : state.webhooks().all()) {
            int query = webhook.url().indexOf('?');
            registered.addObject().put("id", webhook.id()).put("name", webhook.name())
                    .put("url", query < 0 ? webhook.url() : webhook.url().substring(0, query))
                    .put("events", String.join(",", webhook.events())).put("jql", webhook.jql())
                    .put("signed", webhook.secret() != null).put("enabled", webhook.enabled());
        }
        ArrayNode dynamic = body.putArray("dynamicWebhooks");
        for (AppWebhook webhook : state.webhooks().allAppWebhooks()) {
            dynamic.addObject().put("id", webhook.id()).put("app", webhook.app().key())
                    .put("appType", webhook.app().kind().name()).put("url", webhook.url())
                    .put("events", String.join(",", webhook.events())).put("jql", webhook.jql())
                    .put("expiresAt", webhook.expiresAt().toString())
                    .put("active", webhook.activeAt(state.now()));
        }
        ArrayNode failed = body.putArray("failedDeliveries");
        for (WebhookRegistry.FailedDelivery failure : state.webhooks().allFailures()) {
            failed.addObject().put("id", failure.id()).put("app", failure.app().key()).put("url", failure.url())
                    .put("failedAt", failure.failedAt().toString());
        }
        WebhookDispatcher dispatcher = state.webhooks().dispatcher();
        body.set("deliveries", dispatcher == null ? Json.array() : dispatcher.describe());
        return body;
    }

    SandboxResponse reset() {
        state.reset();
        faults.clear();
        rateLimiter.limit(0);
        stats.clear();
        return SandboxResponse.noContent();
    }

    private ObjectNode faultList() {
        ObjectNode body = Json.object();
        body.set("faults", faults.describe());
        return body;
    }

    private SandboxResponse addFault(JsonNode body) {
        String method = Json.text(body, "method");
        if (body.has("rate") && body.has("count")) {
            throw new IllegalArgumentException("a fault has a count or a rate, not both");
        }
        if (body.has("rate") && (!body.get("rate").isNumber() || body.get("rate").asDouble() <= 0)) {
            throw new IllegalArgumentException("fault rate must be a number above 0 and at most 1");
        }
        faults.add(new FaultInjector.Fault(Json.text(body, "path"), method == null || method.equals("*") ? null : method,
                body.path("status").asInt(0), body.path("count").asInt(1), body.path("delayMs").asLong(0),
                body.path("drop").asBoolean(false), body.path("rate").asDouble(0)));
        return SandboxResponse.json(201, faultList());
    }

    private SandboxResponse rateLimit(JsonNode body) {
        if (!body.path("requestsPerSecond").canConvertToInt()) {
            throw new IllegalArgumentException("requestsPerSecond must be a number");
        }
        rateLimiter.limit(body.get("requestsPerSecond").asInt());
        return SandboxResponse.json(200, Json.object().put("requestsPerSecond", rateLimiter.limit()));
    }

    private SandboxResponse revoke(JsonNode body) {
        String credential = Json.text(body, "credential");
        if (credential == null || credential.isEmpty()) {
            throw new IllegalArgumentException("credential is required");
        }
        state.revoke(credential);
        return SandboxResponse.noContent();
    }

    // ---- seed

    private SandboxResponse seed(JsonNode body) {
        ObjectNode result = Json.object();
        String version = Json.text(body, "serverVersion");
        if (version != null) {
            if (state.flavour() != Flavour.SERVER) {
                throw new IllegalArgumentException("serverVersion applies to the server flavour only");
            }
            state.serverVersion(version);
        }
        ArrayNode users = result.putArray("users");
        for (JsonNode user : body.path("users")) {
            users.add(seedUser(user).id(state.flavour()));
        }
        ArrayNode projects = result.putArray("projects");
        for (JsonNode project : body.path("projects")) {
            String key = required(project, "key");
            SandboxProject created = state.addProject(key, Optional.ofNullable(Json.text(project, "name")).orElse(key),
                    state.demoUser().id(state.flavour()), Optional.ofNullable(Json.text(project, "type")).orElse("software"));
            projects.addObject().put("id", created.id()).put("key", created.key());
        }
        ArrayNode issues = result.putArray("issues");
        for (JsonNode issue : body.path("issues")) {
            SandboxIssue created = seedIssue(issue);
            issues.addObject().put("id", String.valueOf(created.id)).put("key", created.key);
        }
        return SandboxResponse.json(200, result);
    }

    private SandboxUser seedUser(JsonNode node) {
        boolean cloud = state.flavour() == Flavour.CLOUD;
        String name = Json.text(node, "name");
        if (!cloud && name == null) {
            throw new IllegalArgumentException("a Server user needs a name (username)");
        }
        String accountId = cloud ? Optional.ofNullable(Json.text(node, "accountId"))
                .orElse("557058:" + UUID.nameUUIDFromBytes(required(node, "emailAddress").getBytes(StandardCharsets.UTF_8))) : null;
        String apiToken = Json.text(node, "apiToken");
        String pat = Json.text(node, "personalAccessToken");
        SandboxUser user = new SandboxUser(accountId, cloud ? null : name, cloud ? null : "JIRAUSER" + (10200 + state.users().size()),
                Optional.ofNullable(Json.text(node, "displayName")).orElse(cloud ? required(node, "emailAddress") : name),
                Optional.ofNullable(Json.text(node, "emailAddress")).orElse(name + "@example.com"),
                node.path("active").asBoolean(true), Json.text(node, "password"),
                apiToken == null ? List.of() : List.of(apiToken), pat == null ? List.of() : List.of(pat));
        if (state.user(user.id(state.flavour())).isPresent()) {
            throw new IllegalArgumentException("user " + user.id(state.flavour()) + " exists already");
        }
        state.addUser(user);
        return user;
    }

    private SandboxIssue seedIssue(JsonNode node) {
        SandboxProject project = state.project(required(node, "project"))
                .orElseThrow(() -> new IllegalArgumentException("unknown project " + Json.text(node, "project")));
        String typeName = Optional.ofNullable(Json.text(node, "issueType")).orElse("Task");
        Catalog.IssueType type = Catalog.issueTypeNamed(typeName).or(() -> Catalog.issueType(typeName))
                .orElseThrow(() -> new IllegalArgumentException("unknown issue type " + typeName));
        Instant created = instant(node, "created").orElse(state.now());
        Instant updated = instant(node, "updated").orElse(created);
        if (updated.isBefore(created)) {
            throw new IllegalArgumentException("updated must not be before created");
        }
        String reporter = userRef(node, "reporter").orElse(state.demoUser().id(state.flavour()));
        SandboxIssue issue = state.newIssue(project, reporter, created);
        issue.issueTypeId = type.id();
        issue.summary = required(node, "summary");
        if (node.hasNonNull("description")) {
            issue.description = node.get("description").deepCopy();
        }
        String priority = Optional.ofNullable(Json.text(node, "priority")).orElse(project.defaultPriorityId());
        issue.priorityId = Catalog.priorityNamed(priority).or(() -> Catalog.priority(priority))
                .orElseThrow(() -> new IllegalArgumentException("unknown priority " + priority)).id();
        issue.labels = new ArrayList<>(Json.strings(node.get("labels")));
        String status = Optional.ofNullable(Json.text(node, "status")).orElse("To Do");
        issue.statusId = Catalog.statusNamed(status).orElseThrow(() -> new IllegalArgumentException("unknown status " + status)).id();
        issue.assigneeId = userRef(node, "assignee").orElse(null);
        issue.reporterId = reporter;
        issue.updated = updated;
        issue.resolutionDate = issue.statusId.equals(Catalog.DONE) ? updated : null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            FieldValues.Outcome value = new FieldValues(state, project, false).seed(field.getKey(), field.getValue());
            if (value.error() != null) {
                throw new IllegalArgumentException(field.getKey() + ": " + value.error());
            }
            if (value.stored() != null) {
                issue.customFields.put(field.getKey(), value.stored());
            }
        }
        node.path("properties").fields().forEachRemaining(p -> issue.properties.put(p.getKey(), p.getValue().deepCopy()));
        for (JsonNode comment : node.path("comments")) {
            Instant at = instant(comment, "created").orElse(updated);
            issue.comments.add(new SandboxComment(state.nextCommentId(), userRef(comment, "author").orElse(reporter),
                    comment.path("body").deepCopy(), at, at));
        }
        return issue;
    }

    private Optional<String> userRef(JsonNode node, String field) {
        String id = Json.text(node, field);
        if (id == null) {
            return Optional.empty();
        }
        return Optional.of(state.user(id).orElseThrow(() -> new IllegalArgumentException("unknown user " + id)).id(state.flavour()));
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        String text = Json.text(node, field);
        try {
            return Optional.ofNullable(text).map(JiraTime::parse);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a timestamp like 2026-11-23T07:12:01.123+0000, not '" + text + "'");
        }
    }

    private static String required(JsonNode node, String field) {
        String value = Json.text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    // ---- issues listing

    private ObjectNode issues() {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("issues");
        for (SandboxIssue issue : state.issues()) {
            ObjectNode node = list.addObject().put("id", String.valueOf(issue.id)).put("key", issue.key).put("summary", issue.summary);
            ObjectNode fields = node.putObject("fields");
            fields.put("project", issue.project.key());
            fields.put("issuetype", Catalog.issueType(issue.issueTypeId).orElseThrow().name());
            fields.put("status", Catalog.status(issue.statusId).name());
            fields.put("priority", issue.priorityId == null ? null : Catalog.priority(issue.priorityId).orElseThrow().name());
            fields.set("labels", Json.array(issue.labels));
            fields.set("description", issue.description == null ? null : issue.description.deepCopy());
            fields.put("assignee", issue.assigneeId).put("reporter", issue.reporterId);
            fields.put("created", JiraTime.format(issue.created)).put("updated", JiraTime.format(issue.updated));
            fields.put("resolutiondate", JiraTime.format(issue.resolutionDate));
            issue.customFields.forEach((id, value) -> fields.set(id, FieldValues.readable(id, value, issue)));
            ObjectNode properties = node.putObject("properties");
            issue.properties.forEach((k, v) -> properties.set(k, v.deepCopy()));
            ArrayNode comments = node.putArray("comments");
            issue.comments.forEach(c -> {
                ObjectNode comment = comments.addObject().put("id", String.valueOf(c.id())).put("author", c.authorId());
                comment.set("body", c.body().deepCopy());
                comment.put("created", JiraTime.format(c.created()));
            });
            ArrayNode attachments = node.putArray("attachments");
            issue.attachments.forEach(a -> attachments.addObject().put("id", String.valueOf(a.id())).put("filename", a.filename())
                    .put("mimeType", a.mimeType()).put("size", a.content().length));
        }
        return body;
    }
}
