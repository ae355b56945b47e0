package org.jirabridge.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What changed on an issue between two moments, as Jira's changelog items: {@code field}, {@code fieldtype},
 * {@code fieldId} (Cloud only), {@code from}/{@code fromString}, {@code to}/{@code toString}. Ids go in from/to where
 * Jira puts them (status, priority, resolution, users), display strings in the *String fields.
 */
final class IssueChangelog {

    /** The issue's values that changelogs report, taken before a change. */
    record Snapshot(String summary, String description, String priorityId, String statusId, boolean resolved,
                    List<String> labels, String assigneeId, String reporterId, Map<String, String> customFields) {
    }

    private IssueChangelog() {
    }

    static Snapshot of(SandboxIssue issue) {
        Map<String, String> custom = new LinkedHashMap<>();
        issue.customFields.forEach((id, value) -> custom.put(id, value == null ? null : value.asText()));
        return new Snapshot(issue.summary, text(issue.description), issue.priorityId, issue.statusId,
                issue.resolutionDate != null, List.copyOf(issue.labels), issue.assigneeId, issue.reporterId, custom);
    }

    /** The changelog items from {@code before} to the issue as it is now (empty when nothing changed). */
    static ArrayNode items(Snapshot before, SandboxIssue issue, SandboxState state) {
        Snapshot after = of(issue);
        boolean cloud = state.flavour() == Flavour.CLOUD;
        ArrayNode items = Json.array();
        if (!Objects.equals(before.summary(), after.summary())) {
            items.add(item(cloud, "summary", "jira", null, before.summary(), null, after.summary()));
        }
        if (!Objects.equals(before.description(), after.description())) {
            items.add(item(cloud, "description", "jira", null, before.description(), null, after.description()));
        }
        if (!Objects.equals(before.priorityId(), after.priorityId())) {
            items.add(item(cloud, "priority", "jira", before.priorityId(), priorityName(before.priorityId()),
                    after.priorityId(), priorityName(after.priorityId())));
        }
        if (before.resolved() != after.resolved()) {
            String id = Catalog.DONE_RESOLUTION_ID;
            items.add(item(cloud, "resolution", "jira", before.resolved() ? id : null, before.resolved() ? "Done" : null,
                    after.resolved() ? id : null, after.resolved() ? "Done" : null));
        }
        if (!Objects.equals(before.statusId(), after.statusId())) {
            items.add(item(cloud, "status", "jira", before.statusId(), Catalog.status(before.statusId()).name(),
                    after.statusId(), Catalog.status(after.statusId()).name()));
        }
        if (!before.labels().equals(after.labels())) {
            items.add(item(cloud, "labels", "jira", null, String.join(" ", before.labels()), null,
                    String.join(" ", after.labels())));
        }
        if (!Objects.equals(before.assigneeId(), after.assigneeId())) {
            items.add(item(cloud, "assignee", "jira", before.assigneeId(), displayName(state, before.assigneeId()),
                    after.assigneeId(), displayName(state, after.assigneeId())));
        }
        if (!Objects.equals(before.reporterId(), after.reporterId())) {
            items.add(item(cloud, "reporter", "jira", before.reporterId(), displayName(state, before.reporterId()),
                    after.reporterId(), displayName(state, after.reporterId())));
        }
        List<String> customIds = new ArrayList<>(before.customFields().keySet());
        after.customFields().keySet().stream().filter(id -> !customIds.contains(id)).forEach(customIds::add);
        for (String id : customIds) {
            String from = before.customFields().get(id);
            String to = after.customFields().get(id);
            if (!Objects.equals(from, to)) {
                String name = Catalog.field(id).map(Catalog.FieldDef::name).orElse(id);
                ObjectNode item = item(cloud, name, "custom", null, from, null, to);
                if (cloud) {
                    item.put("fieldId", id);
                }
                items.add(item);
            }
        }
        return items;
    }

    private static ObjectNode item(boolean cloud, String field, String type, String from, String fromString, String to,
                                   String toString) {
        ObjectNode item = Json.object().put("field", field).put("fieldtype", type);
        if (cloud && type.equals("jira")) {
            item.put("fieldId", field);
        }
        item.put("from", from).put("fromString", fromString).put("to", to).put("toString", toString);
        return item;
    }

    private static String priorityName(String id) {
        return id == null ? null : Catalog.priority(id).map(Catalog.Priority::name).orElse(id);
    }

    private static String displayName(SandboxState state, String userId) {
        return userId == null ? null : state.user(userId).map(SandboxUser::displayName).orElse(userId);
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.asText() : Adf.forV2(value).asText();
    }
}
