package org.jirabridge.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's state as the records of a data dir ({@link SandboxStore}): one "meta" record (users, projects, boards
 * and sprints, access settings, revocations, admin webhooks, settings), one "counters" record (the id counters) and
 * one "issue" record per issue (with its changelog and sprints), each a JSON object. A new field of the state is kept
 * across restarts once it is written and read here; a section missing from a record (one written by an older version)
 * leaves that part of the state as seeded.
 */
final class StateCodec {

    private StateCodec() {
    }

    // ---- counters: a record of its own, so that an edit which only adds a changelog entry journals a few bytes

    static ObjectNode counters(SandboxState state) {
        SandboxState.Counters counters = state.counters();
        return Json.object().put("t", "counters").put("issue", counters.nextIssueId()).put("comment", counters.nextCommentId())
                .put("attachment", counters.nextAttachmentId()).put("project", counters.nextProjectId())
                .put("history", counters.nextHistoryId()).put("board", counters.nextBoardId())
                .put("sprint", counters.nextSprintId()).put("webhook", counters.nextWebhookId())
                .put("appWebhook", counters.nextAppWebhookId()).put("webhookChangelog", counters.nextWebhookChangelogId());
    }

    /** Reads a counters record, or the "counters" object older meta records carried (missing ones read as 0). */
    static void applyCounters(JsonNode counters, SandboxState state) {
        state.counters(new SandboxState.Counters(counters.path("issue").asLong(), counters.path("comment").asLong(),
                counters.path("attachment").asLong(), counters.path("project").asLong(), counters.path("history").asLong(),
                counters.path("board").asLong(), counters.path("sprint").asLong(), counters.path("webhook").asLong(),
                counters.path("appWebhook").asLong(), counters.path("webhookChangelog").asLong()));
    }

    // ---- meta: users, projects, agile, access, revocations, webhooks, settings

    static ObjectNode meta(SandboxState state) {
        ObjectNode meta = Json.object().put("t", "meta");
        ObjectNode floors = meta.putObject("issueNumbers");
        state.issueNumberFloors().forEach(floors::put);
        meta.put("serverVersion", state.serverVersion()).put("attachmentMaxBytes", state.attachmentMaxBytes());
        ArrayNode users = meta.putArray("users");
        for (SandboxUser user : state.users()) {
            // the sandbox's own fixture credentials, so that seeded users still sign in after a restart
            users.add(Json.MAPPER.valueToTree(user));
        }
        ArrayNode projects = meta.putArray("projects");
        for (SandboxProject project : state.projects()) {
            ObjectNode node = projects.addObject().put("id", project.id()).put("key", project.key())
                    .put("name", project.name()).put("leadId", project.leadId()).put("description", project.description())
                    .put("issueCounter", project.issueCounter()).put("type", project.typeKey());
            ArrayNode versions = node.putArray("versions");
            project.versions().forEach(v -> versions.addObject().put("id", v.id()).put("name", v.name()).put("released", v.released()));
            ArrayNode components = node.putArray("components");
            project.components().forEach(c -> components.addObject().put("id", c.id()).put("name", c.name()));
        }
        ObjectNode agile = meta.putObject("agile");
        ArrayNode boards = agile.putArray("boards");
        state.agile.boards().forEach(b -> boards.addObject().put("id", b.id()).put("name", b.name()).put("type", b.type())
                .put("project", b.project().key()));
        ArrayNode sprints = agile.putArray("sprints");
        for (SandboxAgile.Sprint sprint : state.agile.sprints()) {
            sprints.addObject().put("id", sprint.id()).put("board", sprint.boardId()).put("name", sprint.name())
                    .put("state", sprint.state()).put("start", text(sprint.start())).put("end", text(sprint.end()))
                    .put("complete", text(sprint.complete())).put("goal", sprint.goal());
        }
        ObjectNode access = meta.putObject("access");
        // sorted, so that the same access settings always give the same record (commit compares records as text)
        ObjectNode zones = access.putObject("timeZones");
        new TreeMap<>(state.access.timeZones()).forEach(zones::put);
        access.set("hiddenEmails", Json.array(new TreeSet<>(state.access.hiddenEmails())));
        ObjectNode denied = access.putObject("denied");
        new TreeMap<>(state.access.denied()).forEach((key, permissions) ->
                denied.set(key, Json.array(new TreeSet<>(permissions))));
        meta.set("revoked", Json.array(new TreeSet<>(state.revokedFingerprints())));
        ArrayNode webhooks = meta.putArray("webhooks");
        for (SandboxWebhook webhook : state.webhooks().all()) {
            ObjectNode node = webhooks.addObject().put("id", webhook.id()).put("name", webhook.name()).put("url", webhook.url());
            node.set("events", Json.array(webhook.events()));
            // the secret signs deliveries, so it has to be kept like the fixture credentials above
            node.put("jql", webhook.jql()).put("excludeBody", webhook.excludeBody()).put("secret", webhook.secret())
                    .put("enabled", webhook.enabled()).put("lastUpdatedUser", webhook.lastUpdatedUser())
                    .put("lastUpdatedDisplayName", webhook.lastUpdatedDisplayName())
                    .put("lastUpdated", text(webhook.lastUpdated()));
        }
        return meta;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : null;
    }

    static void applyMeta(JsonNode meta, SandboxState state) {
        state.serverVersion(meta.path("serverVersion").asText(state.serverVersion()));
        state.attachmentMaxBytes(meta.path("attachmentMaxBytes").asLong(state.attachmentMaxBytes()));
        for (JsonNode node : meta.path("users")) {
            SandboxUser user = Json.MAPPER.convertValue(node, SandboxUser.class);
            if (state.user(user.id(state.flavour())).isEmpty()) {
                state.addUser(user);
            }
        }
        for (JsonNode node : meta.path("projects")) {
            String key = node.path("key").asText();
            SandboxProject project = state.project(key).filter(p -> p.key().equals(key))
                    .orElseGet(() -> state.restoreProject(node.path("id").asText(), key, node.path("name").asText(),
                            node.path("leadId").asText(null)));
            project.description(node.path("description").asText(""));
            if (node.hasNonNull("type")) {
                project.typeKey(node.get("type").asText());
            }
            project.issueCounter(Math.max(project.issueCounter(), node.path("issueCounter").asInt()));
            project.versions().clear();
            node.path("versions").forEach(v -> project.versions().add(new Catalog.Version(v.path("id").asText(),
                    v.path("name").asText(), v.path("released").asBoolean())));
            project.components().clear();
            node.path("components").forEach(c -> project.components().add(new Catalog.Component(c.path("id").asText(),
                    c.path("name").asText())));
        }
        Map<String, Integer> floors = new HashMap<>();
        meta.path("issueNumbers").fields().forEachRemaining(e -> floors.put(e.getKey(), e.getValue().asInt()));
        state.issueNumberFloors(floors);
        if (meta.has("counters")) {
            applyCounters(meta.get("counters"), state);
        }
        if (meta.has("agile")) {
            applyAgile(meta.get("agile"), state);
        }
        if (meta.has("access")) {
            JsonNode access = meta.get("access");
            Map<String, String> zones = new HashMap<>();
            access.path("timeZones").fields().forEachRemaining(e -> zones.put(e.getKey(), e.getValue().asText()));
            Map<String, Set<String>> denied = new HashMap<>();
            access.path("denied").fields().forEachRemaining(e -> denied.put(e.getKey(), new HashSet<>(Json.strings(e.getValue()))));
            state.access.restore(zones, new HashSet<>(Json.strings(access.get("hiddenEmails"))), denied);
        }
        if (meta.has("revoked")) {
            state.restoreRevokedFingerprints(Json.strings(meta.get("revoked")));
        }
        if (meta.has("webhooks")) {
            List<SandboxWebhook> webhooks = new ArrayList<>();
            for (JsonNode w : meta.get("webhooks")) {
                webhooks.add(new SandboxWebhook(w.path("id").asLong(), w.path("name").asText(), w.path("url").asText(),
                        Json.strings(w.get("events")), w.path("jql").asText(null), w.path("excludeBody").asBoolean(),
                        w.path("secret").asText(null), w.path("enabled").asBoolean(true),
                        w.path("lastUpdatedUser").asText(null), w.path("lastUpdatedDisplayName").asText(null),
                        instant(w, "lastUpdated")));
            }
            state.webhooks().restore(webhooks);
        }
    }

    /** Boards and sprints replace the seeded ones; a board of a project that is gone is dropped with its sprints. */
    private static void applyAgile(JsonNode agile, SandboxState state) {
        List<SandboxAgile.Board> boards = new ArrayList<>();
        Set<Long> boardIds = new HashSet<>();
        for (JsonNode b : agile.path("boards")) {
            state.project(b.path("project").asText()).ifPresent(project -> {
                boards.add(new SandboxAgile.Board(b.path("id").asLong(), b.path("name").asText(), b.path("type").asText(),
                        project));
                boardIds.add(b.path("id").asLong());
            });
        }
        List<SandboxAgile.Sprint> sprints = new ArrayList<>();
        for (JsonNode s : agile.path("sprints")) {
            if (boardIds.contains(s.path("board").asLong())) {
                sprints.add(new SandboxAgile.Sprint(s.path("id").asLong(), s.path("board").asLong(), s.path("name").asText(),
                        s.path("state").asText(), instant(s, "start"), instant(s, "end"), instant(s, "complete"),
                        s.path("goal").asText(null)));
            }
        }
        state.agile.restore(boards, sprints);
    }

    // ---- issues

    static ObjectNode issue(SandboxIssue issue) {
        ObjectNode node = Json.object().put("t", "issue").put("id", issue.id).put("key", issue.key)
                .put("project", issue.project.key()).put("creator", issue.creatorId).put("created", issue.created.toString())
                .put("type", issue.issueTypeId).put("summary", issue.summary).put("priority", issue.priorityId)
                .put("status", issue.statusId).put("assignee", issue.assigneeId).put("reporter", issue.reporterId)
                .put("updated", issue.updated.toString())
                .put("resolved", issue.resolutionDate == null ? null : issue.resolutionDate.toString());
        node.set("description", issue.description);
        node.set("labels", Json.array(issue.labels));
        node.set("watchers", Json.array(issue.watchers));
        ObjectNode custom = node.putObject("fields");
        issue.customFields.forEach(custom::set);
        ObjectNode properties = node.putObject("properties");
        issue.properties.forEach(properties::set);
        ArrayNode comments = node.putArray("comments");
        for (SandboxComment comment : issue.comments) {
            ObjectNode c = comments.addObject().put("id", comment.id()).put("author", comment.authorId())
                    .put("created", comment.created().toString()).put("updated", comment.updated().toString());
            c.set("body", comment.body());
        }
        ArrayNode attachments = node.putArray("attachments");
        for (SandboxAttachment attachment : issue.attachments) {
            attachments.addObject().put("id", attachment.id()).put("filename", attachment.filename())
                    .put("mimeType", attachment.mimeType()).put("author", attachment.authorId())
                    .put("created", attachment.created().toString())
                    .put("content", Base64.getEncoder().encodeToString(attachment.content()));
        }
        ArrayNode histories = node.putArray("histories");
        for (SandboxHistory history : issue.histories) {
            ArrayNode items = histories.addObject().put("id", history.id()).put("author", history.authorId())
                    .put("created", history.created().toString()).putArray("items");
            for (SandboxHistory.Item item : history.items()) {
                // null parts are left out: bulk-seeded projects hold hundreds of thousands of items
                ObjectNode i = items.addObject();
                putIfSet(i, "field", item.field());
                putIfSet(i, "fieldtype", item.fieldtype());
                putIfSet(i, "fieldId", item.fieldId());
                putIfSet(i, "from", item.from());
                putIfSet(i, "fromText", item.fromText());
                putIfSet(i, "to", item.to());
                putIfSet(i, "toText", item.toText());
            }
        }
        ArrayNode sprints = node.putArray("sprints");
        issue.sprintIds.forEach(sprints::add);
        return node;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The issue of a record; null when its project is gone (a record written before a reset). */
    static SandboxIssue readIssue(JsonNode node, SandboxState state) {
        SandboxProject project = state.project(node.path("project").asText()).orElse(null);
        if (project == null) {
            return null;
        }
        SandboxIssue issue = new SandboxIssue(node.path("id").asLong(), node.path("key").asText(), project,
                node.path("creator").asText(null), Instant.parse(node.path("created").asText()));
        issue.issueTypeId = node.path("type").asText();
        issue.summary = node.path("summary").asText();
        issue.description = node.hasNonNull("description") ? node.get("description") : null;
        issue.priorityId = node.path("priority").asText(null);
        issue.statusId = node.path("status").asText();
        issue.assigneeId = node.path("assignee").asText(null);
        issue.reporterId = node.path("reporter").asText(null);
        issue.updated = Instant.parse(node.path("updated").asText());
        issue.resolutionDate = node.hasNonNull("resolved") ? Instant.parse(node.get("resolved").asText()) : null;
        issue.labels = new java.util.ArrayList<>(Json.strings(node.get("labels")));
        issue.watchers.clear();
        issue.watchers.addAll(Json.strings(node.get("watchers")));
        node.path("fields").fields().forEachRemaining(e -> issue.customFields.put(e.getKey(), e.getValue()));
        node.path("properties").fields().forEachRemaining(e -> issue.properties.put(e.getKey(), e.getValue()));
        for (JsonNode c : node.path("comments")) {
            issue.comments.add(new SandboxComment(c.path("id").asLong(), c.path("author").asText(null), c.get("body"),
                    Instant.parse(c.path("created").asText()), Instant.parse(c.path("updated").asText())));
        }
        for (JsonNode a : node.path("attachments")) {
            issue.attachments.add(new SandboxAttachment(a.path("id").asLong(), a.path("filename").asText(),
                    a.path("mimeType").asText(), Base64.getDecoder().decode(a.path("content").asText()),
                    a.path("author").asText(null), Instant.parse(a.path("created").asText())));
        }
        for (JsonNode h : node.path("histories")) {
            List<SandboxHistory.Item> items = new ArrayList<>();
            for (JsonNode i : h.path("items")) {
                items.add(new SandboxHistory.Item(i.path("field").asText(null), i.path("fieldtype").asText(null),
                        i.path("fieldId").asText(null), i.path("from").asText(null), i.path("fromText").asText(null),
                        i.path("to").asText(null), i.path("toText").asText(null)));
            }
            issue.histories.add(new SandboxHistory(h.path("id").asLong(), h.path("author").asText(null),
                    Instant.parse(h.path("created").asText()), List.copyOf(items)));
        }
        node.path("sprints").forEach(s -> issue.sprintIds.add(s.asLong()));
        return issue;
    }

    static ObjectNode deleted(long id) {
        return Json.object().put("t", "deleted").put("id", id);
    }
}
