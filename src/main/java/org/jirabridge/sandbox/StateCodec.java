package org.jirabridge.sandbox;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's state as the records of a data dir ({@link SandboxStore}): one "meta" record (users, projects,
 * counters, settings) and one "issue" record per issue, each a JSON object. A new field of the state is kept across
 * restarts once it is written and read here.
 */
final class StateCodec {

    private StateCodec() {
    }

    // ---- meta: users, projects, counters, settings

    static ObjectNode meta(SandboxState state) {
        ObjectNode meta = Json.object().put("t", "meta");
        SandboxState.Counters counters = state.counters();
        meta.putObject("counters").put("issue", counters.nextIssueId()).put("comment", counters.nextCommentId())
                .put("attachment", counters.nextAttachmentId()).put("project", counters.nextProjectId());
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
                    .put("issueCounter", project.issueCounter());
            ArrayNode versions = node.putArray("versions");
            project.versions().forEach(v -> versions.addObject().put("id", v.id()).put("name", v.name()).put("released", v.released()));
            ArrayNode components = node.putArray("components");
            project.components().forEach(c -> components.addObject().put("id", c.id()).put("name", c.name()));
        }
        return meta;
    }

    static void applyMeta(JsonNode meta, SandboxState state) {
        JsonNode counters = meta.path("counters");
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
        state.counters(new SandboxState.Counters(counters.path("issue").asLong(), counters.path("comment").asLong(),
                counters.path("attachment").asLong(), counters.path("project").asLong()));
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
        return node;
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
        return issue;
    }

    static ObjectNode deleted(long id) {
        return Json.object().put("t", "deleted").put("id", id);
    }
}
